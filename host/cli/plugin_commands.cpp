// What plugins declared to run: reports, actions, record actions; the API's description.
#include <soci/soci.h>
#include <tdr/error.h>

#include <fstream>
#include <iostream>

#include "app/runtime.h"
#include "cli/command.h"
#include "db/transaction.h"
#include "http/openapi.h"
#include "io/table_writer.h"
#include "plugins/host_context.h"
#include "plugins/invocation.h"
#include "util/text.h"

namespace tdr::host {

namespace {

// `--help` of a report or action: its title, description and parameters, from the declaration.
void printParams(const std::string& usage, const std::string& title, const std::string& description,
                 const std::vector<Field>& params) {
  std::cout << usage << "\n\n" << title << "\n";
  if (!description.empty()) std::cout << description << "\n";
  std::cout << "\n"
            << tr("参数：", "parameters:") << (params.empty() ? tr("无", " none") : "") << "\n";
  for (const auto& f : params) {
    std::cout << "  --param " << f.name() << "=" << fieldTypeName(f.type()) << "  " << f.label();
    if (f.isRequired() && f.defaultText().empty()) std::cout << tr("（必填）", " (required)");
    if (!f.defaultText().empty())
      std::cout << tr("（默认 ", " (default ") << f.defaultText()
                << (language() == "en" ? ")" : "）");
    if (!f.choices().empty()) {
      std::cout << "  ";
      for (std::size_t i = 0; i < f.choices().size(); ++i)
        std::cout << (i ? ", " : "") << f.choices()[i].code << "=" << f.choices()[i].label;
    }
    if (!f.target().empty()) std::cout << "  -> " << f.target();
    std::cout << "\n";
    if (!f.descriptionText().empty()) std::cout << "      " << f.descriptionText() << "\n";
  }
}

int cmdReport(const Globals& g, const Args& a) {
  const std::string& name = a.require(0, tr("插件.报表", "PLUGIN.REPORT"));
  a.maxPositional(1);
  auto format = TableWriter::parseFormat(a.value("format", "table"), "--format");
  Params params;
  for (const auto& [k, v] : a.pairs("param")) params[k] = v;
  Runtime rt(runtimeOptions(g, false));
  auto ctx = rt.context(rt.session(), commandLineOperator());
  Invocation run(*ctx);
  const ReportDecl& report = run.report(name);
  if (a.flag("help")) {
    printParams("tdr report " + name + " [--param k=v ...] [--format table|csv|json|xlsx]",
                report.title, report.description, report.params);
    std::cout << "\n" << tr("列：", "columns:") << "\n";
    for (const auto& c : report.columns)
      std::cout << "  " << c.key << "  " << c.label << "  " << fieldTypeName(c.type) << "\n";
    return 0;
  }
  ReportTable table = run.runReport(name, params);
  std::string out = a.value("out");
  std::ofstream file;
  if (!out.empty()) {
    file.open(out, std::ios::binary | std::ios::trunc);
    if (!file)
      throw validationError("--out '" + out + "': " + tr("无法写入文件", "cannot write the file"));
  }
  run.writeReport(out.empty() ? std::cout : file, format, report, table);
  return 0;
}

int cmdRun(const Globals& g, const Args& a) {
  const std::string& name =
      a.require(0, tr("插件.操作 或 插件.记录类型.操作", "PLUGIN.ACTION or PLUGIN.RECORD.ACTION"));
  a.maxPositional(1);
  JsonPtr params(new Json);
  for (const auto& [k, v] : a.pairs("param")) params->set(k, v);
  Runtime rt(runtimeOptions(g, false));
  soci::session& s = rt.session();
  auto ctx = rt.context(s, commandLineOperator());
  Invocation run(*ctx);
  JsonPtr result;
  if (std::count(name.begin(), name.end(), '.') == 2) {
    // A record action: PLUGIN.RECORD.ACTION --id N [--id M ...]
    std::string type = name.substr(0, name.rfind('.')), action = name.substr(name.rfind('.') + 1);
    const RecordTypeEntry& entry = rt.registry().requireRecordType(type);
    const RecordActionDecl* decl = rt.registry().recordAction(type, action);
    if (!decl)
      throw notFound(tr(entry.type.label + "没有操作 '" + action + "'",
                        type + " has no action '" + action + "'"));
    if (a.flag("help")) {
      printParams("tdr run " + name + " --id N [--id N ...] [--param k=v ...]", decl->title,
                  decl->description, decl->params);
      return 0;
    }
    std::vector<long long> ids;
    for (const auto& v : a.values("id")) {
      if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError(
            tr("--id：'" + v + "' 不是记录编号", "--id: '" + v + "' is not a record id"));
      ids.push_back(std::stoll(v));
    }
    if (ids.empty()) throw UsageError(tr("记录操作需要 --id N", "a record action needs --id N"));
    WriteTransaction tx(s);
    result = run.runRecordAction(entry, action, ids, params, false);
    tx.commit();
  } else {
    const ActionDecl& decl = run.userAction(name);
    if (a.flag("help")) {
      printParams("tdr run " + name + " [--param k=v ...]", decl.title, decl.description,
                  decl.params);
      return 0;
    }
    WriteTransaction tx(s);
    result = run.runAction(name, params);
    tx.commit();
  }
  std::ostringstream resultText;
  if (result)
    result->stringify(resultText, 1);
  else
    resultText << "null";
  std::cout << resultText.str() << "\n";
  return 0;
}

int cmdOpenApi(const Globals& g, const Args& a) {
  a.maxPositional(0);
  Runtime rt(runtimeOptions(g, false));
  std::cout << openApiJson(rt.registry()) << "\n";
  return 0;
}

}  // namespace

std::vector<Command> pluginCommands() {
  return {
      {"report",
       {"param", "format", "out"},
       {"help"},
       cmdReport,
       "  report PLUGIN.REPORT [--param k=v ...] [--format table|csv|json|xlsx] [--out FILE]\n"
       "                                         (--help: its parameters and columns)\n",
       "  report 插件.报表 [--param 参数=值 ...] [--format table|csv|json|xlsx] [--out 文件]\n"
       "                                         （--help：报表的参数和列）\n"},
      {"run",
       {"param", "id"},
       {"help"},
       cmdRun,
       "  run PLUGIN.ACTION [--param k=v ...]    run an action; prints its JSON result\n"
       "  run PLUGIN.RECORD.ACTION --id N [--id N ...] [--param k=v ...]\n"
       "                                         run a record action (--help: its parameters)\n",
       "  run 插件.操作 [--param 参数=值 ...]     执行操作，输出 JSON 结果\n"
       "  run 插件.记录类型.操作 --id N [--id N ...] [--param 参数=值 ...]\n"
       "                                         对记录执行操作（--help：操作的参数）\n"},
      {"openapi",
       {},
       {},
       cmdOpenApi,
       "  openapi                                print the OpenAPI 3.0 description of the API\n",
       "  openapi                                输出接口的 OpenAPI 3.0 描述\n"},
  };
}

}  // namespace tdr::host
