#include "cli/command.h"

#include <iostream>

#include "io/importer.h"
#include "registry/registry.h"
#include "util/text.h"

namespace tdr::host {

RuntimeOptions runtimeOptions(const Globals& g, bool create, bool apply) {
  RuntimeOptions o;
  o.dbUrl = g.db;
  o.pluginDir = g.plugins;
  o.create = create;
  o.applyMigrations = apply;
  return o;
}

void warnRefused(PluginHost& plugins) {
  for (const auto& s : plugins.statuses())
    if (s.state == PluginState::kRefused)
      std::cerr << "tdr: " << tr("警告：插件 ", "warning: plugin ")
                << (s.id.empty() ? s.file : s.id) << tr(" 被拒绝：", " refused: ") << s.reason
                << "\n";
}

namespace {

// One problem of a file as people read it: "第 3 行 培训类别：'x' 不是可选值（…）" or, in
// English, "line 3, field category: 'x' is not one of: …".
std::string problemLine(const RecordTypeEntry& type, const FieldError& e) {
  const Field* f = e.field.empty() ? nullptr : type.type.field(e.field);
  std::string label = f && !f->label().empty() ? f->label() : e.field;
  return tr(
      "第 " + std::to_string(e.line) + " 行" + (label.empty() ? "" : " " + label) + "：" + e.reason,
      "line " + std::to_string(e.line) + (e.field.empty() ? "" : ", field " + e.field) + ": " +
          e.reason);
}

}  // namespace

void printImportReport(const ImportReport& r, const RecordTypeEntry& type, bool dryRun,
                       bool partial) {
  std::cout << tr(type.type.label + " <- " + r.file + "（" + r.encoding + "）：" +
                      std::to_string(r.rows) + " 行，新增 " + std::to_string(r.inserted) +
                      "，修改 " + std::to_string(r.updated) + "，未变 " +
                      std::to_string(r.unchanged) + "，拒绝 " + std::to_string(r.rejected),
                  type.qualifiedName + " <- " + r.file + " (" + r.encoding + "): " +
                      std::to_string(r.rows) + " rows, " + std::to_string(r.inserted) + " new, " +
                      std::to_string(r.updated) + " changed, " + std::to_string(r.unchanged) +
                      " unchanged, " + std::to_string(r.rejected) + " rejected")
            << "\n";
  const std::size_t kShown = 100;
  for (std::size_t i = 0; i < r.errors.size() && i < kShown; ++i)
    std::cout << "  " << problemLine(type, r.errors[i]) << "\n";
  long long more = r.moreErrors +
                   static_cast<long long>(r.errors.size() > kShown ? r.errors.size() - kShown : 0);
  if (more)
    std::cout << "  "
              << tr("……另有 " + std::to_string(more) + " 处问题",
                    "... and " + std::to_string(more) + " more problems")
              << "\n";
  if (dryRun)
    std::cout << tr("试导入：没有写入任何内容", "dry run: nothing written") << "\n";
  else if (r.written)
    std::cout << (partial && r.rejected ? tr("正确的行已写入，被拒绝的行没有写入",
                                             "good rows written; the rejected rows were not")
                                        : tr("已写入", "written"))
              << "\n";
  else
    std::cout << tr("没有写入任何内容：请改正上面的行（或用 --partial 只写入正确的行）",
                    "nothing written: fix the rows above (or use --partial to write the good "
                    "ones)")
              << "\n";
}

}  // namespace tdr::host
