// Records in and out as files: import (CSV, XLSX) and export.
#include <soci/soci.h>
#include <tdr/error.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/runtime.h"
#include "audit/audit_log.h"
#include "audit/sensitive_reads.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "db/transaction.h"
#include "io/exporter.h"
#include "io/importer.h"
#include "io/xlsx_reader.h"
#include "plugins/host_context.h"
#include "util/text.h"

namespace tdr::host {

namespace {

int cmdImport(const Globals& g, const Args& a) {
  const std::string& type =
      a.require(0, tr("插件.记录类型（如 core.teachers）", "PLUGIN.RECORD (e.g. core.teachers)"));
  const std::string& file = a.require(1, tr("要导入的文件", "FILE to import"));
  a.maxPositional(2);
  Runtime rt(runtimeOptions(g, false));
  const RecordTypeEntry& entry = rt.registry().requireRecordType(type);
  auto source = openImportFile(file);
  RowSource& reader = *source;
  auto ctxPtr = rt.context(rt.session(), commandLineOperator());
  HostContext& ctx = *ctxPtr;
  ProgressBar bar("importing");
  ImportOptions o;
  o.dryRun = a.flag("dry-run");
  o.partial = a.flag("partial");
  o.nationalIdKey = rt.nationalIdKey();
  o.progress = [&](double f, long long rows) { bar.update(f, rows); };
  ImportReport r = importRows(ctx, rt.registry(), entry, reader, o);
  bar.done();
  printImportReport(r, entry, o.dryRun, o.partial);
  if (r.rejected) {
    std::cerr << "tdr: "
              << tr(std::to_string(r.rows) + " 行中有 " + std::to_string(r.rejected) + " 行被拒绝" +
                        (r.written ? "" : "，没有写入任何内容"),
                    std::to_string(r.rejected) + " of " + std::to_string(r.rows) +
                        " rows rejected" + (r.written ? "" : "; nothing written"))
              << "\n";
    return 1;
  }
  return 0;
}

int cmdExport(const Globals& g, const Args& a) {
  const std::string& type =
      a.require(0, tr("插件.记录类型（如 core.teachers）", "PLUGIN.RECORD (e.g. core.teachers)"));
  a.maxPositional(1);
  std::string format = a.value("format", "csv");
  ExportOptions o;
  o.format = TableWriter::parseFormat(format, "--format");
  if (o.format == TableWriter::Format::kTable)
    throw UsageError(
        tr("--format 只能是 csv、json 或 xlsx", "--format: expected csv, json or xlsx"));
  o.where = a.pairs("where");
  Runtime rt(runtimeOptions(g, false));
  const RecordTypeEntry& entry = rt.registry().requireRecordType(type);
  o.nationalIdKey = rt.nationalIdKey();
  auto ctxPtr = rt.context(rt.session(), commandLineOperator());
  HostContext& ctx = *ctxPtr;
  std::string out = a.value("out");
  ProgressBar bar("exporting");
  if (!out.empty()) o.progress = [&](double f, long long rows) { bar.update(f, rows); };
  SensitiveRead disclosed;
  o.disclosed = &disclosed;
  long long n = 0;
  if (out.empty()) {
    n = exportRecords(ctx, rt.registry(), entry, std::cout, o);
  } else {
    // Written to a temporary name and renamed, so a failed export leaves no half file.
    std::string tmp = out + ".partial";
    try {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      if (!f)
        throw Error(ErrorCode::kValidation, tr("--out “" + out + "”：无法写入文件",
                                               "--out '" + out + "': cannot write the file"));
      n = exportRecords(ctx, rt.registry(), entry, f, o);
      if (!f.flush())
        throw Error(ErrorCode::kUnavailable,
                    tr("--out “" + out + "”：写入失败", "--out '" + out + "': write failed"));
    } catch (...) {  // a failed export leaves neither a half file nor its temporary
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw;
    }
    std::rename(tmp.c_str(), out.c_str());
    bar.done();
    std::cerr << "exported " << n << " " << type << " record(s) to " << out << "\n";
  }
  if (!disclosed.empty()) auditSensitiveRead(rt.session(), ctx.user().login, "export", disclosed);
  return 0;
}

}  // namespace

std::vector<Command> recordCommands() {
  return {
      {"import",
       {},
       {"dry-run", "partial"},
       cmdImport,
       "  import PLUGIN.RECORD FILE [--dry-run] [--partial]\n"
       "                                         import a CSV or XLSX file (UTF-8 or GB18030)\n",
       "  import 插件.记录类型 文件 [--dry-run] [--partial]\n"
       "                                         导入 CSV 或 XLSX 文件（UTF-8 或 GB18030）\n"},
      {"export",
       {"format", "out", "where"},
       {},
       cmdExport,
       "  export PLUGIN.RECORD [--format csv|json|xlsx] [--out FILE] [--where field=value ...]\n",
       "  export 插件.记录类型 [--format csv|json|xlsx] [--out 文件] [--where 字段=值 ...]\n"},
  };
}

}  // namespace tdr::host
