#include "cli/cli.h"

#include <Poco/Exception.h>
#include <pthread.h>
#include <soci/soci.h>
#include <tdr/error.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/database_copy.h"
#include "app/runtime.h"
#include "audit/audit_log.h"
#include "audit/sensitive_reads.h"
#include "auth/users.h"
#include "cli/args.h"
#include "cli/progress.h"
#include "core/demo_district.h"
#include "core/secrets.h"
#include "db/backup.h"
#include "db/db_error.h"
#include "db/failure.h"
#include "db/transaction.h"
#include "http/api_server.h"
#include "http/openapi.h"
#include "http/static_files.h"
#include "io/exporter.h"
#include "io/importer.h"
#include "io/xlsx_reader.h"
#include "plugins/host_context.h"
#include "plugins/invocation.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

const char* kUsage =
    "usage: tdr [--db URL] [--plugins DIR] COMMAND [ARGS]\n"
    "\n"
    "  init                                   create the database and apply every migration\n"
    "  migrate [--dry-run]                    apply pending migrations (or list them)\n"
    "  plugins                                list plugins: id, version, SDK ABI, schema, state\n"
    "  import PLUGIN.RECORD FILE [--dry-run] [--partial]\n"
    "                                         import a CSV file (UTF-8 or GB18030)\n"
    "  export PLUGIN.RECORD [--format csv|json|xlsx] [--out FILE] [--where field=value ...]\n"
    "  report PLUGIN.REPORT [--param k=v ...] [--format table|csv|json|xlsx] [--out FILE]\n"
    "                                         (--help: its parameters and columns)\n"
    "  run PLUGIN.ACTION [--param k=v ...]    run an action; prints its JSON result\n"
    "  run PLUGIN.RECORD.ACTION --id N [--id N ...] [--param k=v ...]\n"
    "                                         run a record action (--help: its parameters)\n"
    "  roles                                  the declared roles: plugin, scope, attributes\n"
    "  demo [--teachers N] [--seed S]         seed a demo district\n"
    "  user add LOGIN --role ROLE [--school CODE] [--attr key=value ...] [--expires-days N]\n"
    "           [--password-stdin]            create a user; prints its token once\n"
    "  user password LOGIN                    set the web log-in password (read from stdin)\n"
    "  user token LOGIN [--expires-days N]    issue another token (printed once)\n"
    "  user revoke LOGIN                      revoke every token of a user\n"
    "  user disable LOGIN                     no log-in, no token; revokes every token\n"
    "  user enable LOGIN                      let a disabled user in again\n"
    "  user list                              users, roles, schools, active tokens\n"
    "  audit verify                           check the audit chain; exit 1 if broken\n"
    "  openapi                                print the OpenAPI 3.0 description of the API\n"
    "  copy --from URL --to URL               copy a district to another database (e.g.\n"
    "                                         SQLite to PostgreSQL); the target must be empty\n"
    "  backup --out FILE                      a consistent copy of a live SQLite database\n"
    "                                         (0600; PostgreSQL: prints the pg_dump command)\n"
    "  restore --from FILE                    put a backup in place of the SQLite database;\n"
    "                                         refused while a server has it open\n"
    "  serve [--port N] [--host ADDR] [--threads N] [--web DIR] [--log-format text|json|none]\n"
    "                                         serve the HTTP API and the web interface\n"
    "                                         (default 127.0.0.1:8080, web at /app/, metrics\n"
    "                                         at /metrics; one log line per request on stderr)\n"
    "\n"
    "  --db URL       sqlite:PATH (default sqlite:tdr.db, env TDR_DB) or\n"
    "                 postgresql://user:pass@host:port/dbname\n"
    "  --plugins DIR  plugin directory (env TDR_PLUGINS; default <prefix>/lib/tdr/plugins)\n"
    "  --lang zh|en   language of messages (env TDR_LANG; default zh)\n"
    "\n"
    "Exit codes: 0 ok, 1 the operation failed (stderr says why), 2 usage error,\n"
    "75 the database was busy (nothing written; run it again).\n";

struct Globals {
  std::string db;
  std::string plugins;
};

RuntimeOptions runtimeOptions(const Globals& g, bool create, bool apply = true) {
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
      std::cerr << "tdr: warning: plugin " << (s.id.empty() ? s.file : s.id)
                << " refused: " << s.reason << "\n";
}

int cmdInit(const Globals& g, const Args& a) {
  a.maxPositional(0);
  Runtime rt(runtimeOptions(g, true));
  int loaded = 0, refused = 0;
  for (const auto& s : rt.plugins().statuses())
    (s.state == PluginState::kRefused ? refused : loaded)++;
  warnRefused(rt.plugins());
  std::cout << "initialised " << g.db << ": " << loaded << " plugin(s) loaded (core included), "
            << refused << " refused\n";
  return 0;
}

int cmdMigrate(const Globals& g, const Args& a) {
  a.maxPositional(0);
  std::vector<std::pair<std::string, std::string>> pending;
  {
    Runtime probe(runtimeOptions(g, false, false));
    pending = probe.plugins().pendingMigrations();
    warnRefused(probe.plugins());
  }
  if (pending.empty()) {
    std::cout << "nothing to apply: every loaded plugin's schema is current\n";
    return 0;
  }
  if (a.flag("dry-run")) {
    std::cout << "would apply " << pending.size() << " migration(s):\n";
    for (const auto& [owner, file] : pending) std::cout << "  " << owner << "  " << file << "\n";
    return 0;
  }
  Runtime rt(runtimeOptions(g, false, true));
  std::map<std::string, const PluginStatus*> byId;
  auto statuses = rt.plugins().statuses();
  for (const auto& s : statuses) byId[s.id] = &s;
  int failed = 0;
  for (const auto& [owner, file] : pending) {
    auto it = byId.find(owner);
    bool ok = it != byId.end() && it->second->state == PluginState::kLoaded;
    std::cout << (ok ? "  applied  " : "  FAILED   ") << owner << "  " << file << "\n";
    if (!ok) ++failed;
  }
  if (failed) {
    warnRefused(rt.plugins());
    return 1;
  }
  return 0;
}

int cmdPlugins(const Globals& g, const Args& a) {
  a.maxPositional(0);
  Runtime rt(runtimeOptions(g, false));
  TableWriter w(std::cout, TableWriter::Format::kTable,
                {"ID", "VERSION", "SDK", "SCHEMA", "STATE", "FILE"});
  for (const auto& s : rt.plugins().statuses()) {
    std::string abi =
        s.abiMajor ? std::to_string(s.abiMajor) + "." + std::to_string(s.abiMinor) : "-";
    w.row({s.id.empty() ? "-" : s.id, s.version.empty() ? "-" : s.version, abi,
           std::to_string(s.schemaVersion), stateText(s), s.file});
  }
  w.finish();
  return 0;
}

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

int cmdImport(const Globals& g, const Args& a) {
  const std::string& type = a.require(0, "PLUGIN.RECORD (e.g. core.teachers)");
  const std::string& file = a.require(1, "FILE to import");
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
  const std::string& type = a.require(0, "PLUGIN.RECORD (e.g. core.teachers)");
  a.maxPositional(1);
  std::string format = a.value("format", "csv");
  ExportOptions o;
  o.format = TableWriter::parseFormat(format, "--format");
  if (o.format == TableWriter::Format::kTable)
    throw UsageError("--format: expected csv, json or xlsx");
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

int cmdDemo(const Globals& g, const Args& a) {
  a.maxPositional(0);
  long long teachers = a.integer("teachers", 5000, 1, 2000000);
  long long seed = a.integer("seed", 2024, 0, 4000000000LL);
  Runtime rt(runtimeOptions(g, true));
  warnRefused(rt.plugins());
  DemoDistrict demo(teachers, static_cast<unsigned long long>(seed));
  auto ctxPtr = rt.context(rt.session(), commandLineOperator());
  HostContext& ctx = *ctxPtr;
  struct Step {
    const char* type;
    std::unique_ptr<RowSource> rows;
  };
  Step steps[] = {{"core.schools", demo.schools()},
                  {"core.clusters", demo.clusters()},
                  {"core.cluster_members", demo.clusterMembers()},
                  {"core.teachers", demo.teachers()}};
  for (auto& s : steps) {
    ProgressBar bar(s.type);
    ImportOptions o;
    o.nationalIdKey = rt.nationalIdKey();
    o.progress = [&](double f, long long rows) { bar.update(f, rows); };
    ImportReport r =
        importRows(ctx, rt.registry(), rt.registry().requireRecordType(s.type), *s.rows, o);
    bar.done();
    if (r.rejected) {
      printImportReport(r, rt.registry().requireRecordType(s.type), false, false);
      throw Error(ErrorCode::kInternal, std::string("demo data for ") + s.type + " was rejected");
    }
    std::cout << s.type << ": " << r.inserted << " new, " << r.updated << " changed, "
              << r.unchanged << " unchanged\n";
  }
  std::cout << "demo district ready in " << g.db << " (seed " << seed << ")\n";
  return 0;
}

void audit(soci::session& s, const std::string& action, const std::string& login,
           const std::string& detail) {
  appendAudit(s,
              {commandLineOperator().login, action, "core.users", 0,
               "{\"login\": " + jsonString(login) + (detail.empty() ? "" : ", " + detail) + "}"});
}

// A password from the first line of standard input (never from the command line, where other
// users of the machine could read it).
std::string readPassword() {
  std::string line;
  if (!std::getline(std::cin, line))
    throw validationError("give the password on standard input", {{"password", "required", 0}});
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int cmdUser(const Globals& g, const Args& a) {
  const std::string& verb =
      a.require(0, "user command (add, password, token, revoke, disable, enable, list)");
  Runtime rt(runtimeOptions(g, false));
  soci::session& s = rt.session();
  int days = static_cast<int>(a.integer("expires-days", 90, 1, 3650));
  if (verb == "list") {
    a.maxPositional(1);
    TableWriter w(std::cout, TableWriter::Format::kTable,
                  {"LOGIN", "ROLE", "SCHOOL", "ACTIVE TOKENS", "DISABLED"});
    for (const auto& u : listUsers(s))
      w.row({u.login, u.role, u.schoolCode.empty() ? "-" : u.schoolCode,
             std::to_string(u.activeTokens), u.disabled ? "yes" : "no"});
    w.finish();
    return 0;
  }
  const std::string& login = a.require(1, "LOGIN");
  a.maxPositional(2);
  WriteTransaction tx(s);
  if (verb == "add") {
    std::string role = a.value("role");
    if (role.empty()) throw UsageError("user add needs --role ROLE");
    std::map<std::string, std::string> attrs;
    for (const auto& [k, v] : a.pairs("attr")) attrs[k] = v;
    addUser(s, rt.registry(), login, role, a.value("school"), attrs);
    if (a.flag("password-stdin")) setPassword(s, login, readPassword());
    IssuedToken t = issueToken(s, login, days, "cli");
    audit(s, "user_add", login,
          "\"role\": " + jsonString(role) + ", \"school\": " + jsonString(a.value("school")));
    tx.commit();
    std::cout << "user " << login << " (" << role << ") created\n"
              << "token (shown once, expires " << t.expiresAt << "):\n"
              << t.token << "\n";
  } else if (verb == "password") {
    setPassword(s, login, readPassword());
    audit(s, "password_set", login, "");
    tx.commit();
    std::cout << "password of " << login << " set\n";
  } else if (verb == "token") {
    IssuedToken t = issueToken(s, login, days, "cli");
    audit(s, "token_issue", login, "\"expires_at\": " + jsonString(t.expiresAt));
    tx.commit();
    std::cout << "token for " << login << " (shown once, expires " << t.expiresAt << "):\n"
              << t.token << "\n";
  } else if (verb == "revoke") {
    int n = revokeTokens(s, login);
    audit(s, "token_revoke", login, "\"revoked\": " + std::to_string(n));
    tx.commit();
    std::cout << "revoked " << n << " token(s) of " << login << "\n";
  } else if (verb == "disable" || verb == "enable") {
    bool off = verb == "disable";
    int n = setDisabled(s, login, off);
    audit(s, off ? "user_disable" : "user_enable", login, "\"revoked\": " + std::to_string(n));
    tx.commit();
    std::cout << (off ? tr("已停用 " + login + "，吊销 " + std::to_string(n) + " 个令牌",
                           "disabled " + login + "; revoked " + std::to_string(n) + " token(s)")
                      : tr("已启用 " + login, "enabled " + login))
              << "\n";
  } else {
    throw UsageError("unknown user command '" + verb +
                     "' (add, password, token, revoke, disable, enable, list)");
  }
  return 0;
}

int cmdAudit(const Globals& g, const Args& a) {
  const std::string& verb = a.require(0, "audit command (verify)");
  a.maxPositional(1);
  if (verb != "verify") throw UsageError("unknown audit command '" + verb + "' (verify)");
  Runtime rt(runtimeOptions(g, false));
  AuditVerification v = verifyAudit(rt.session());
  if (!v.ok) {
    std::cerr << "tdr: audit chain broken at row " << v.brokenAt << ": " << v.reason << "\n";
    return 1;
  }
  std::cout << "audit chain intact: " << v.rows << " entries, head " << v.headHash << "\n";
  return 0;
}

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
  const std::string& name = a.require(0, "PLUGIN.REPORT");
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
  const std::string& name = a.require(0, "PLUGIN.ACTION or PLUGIN.RECORD.ACTION");
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
        throw UsageError("--id: '" + v + "' is not a record id");
      ids.push_back(std::stoll(v));
    }
    if (ids.empty()) throw UsageError("a record action needs --id N");
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

int cmdRoles(const Globals& g, const Args& a) {
  a.maxPositional(0);
  Runtime rt(runtimeOptions(g, false));
  TableWriter w(std::cout, TableWriter::Format::kTable,
                {tr("角色", "ROLE"), tr("名称", "LABEL"), tr("插件", "PLUGIN"), tr("范围", "SCOPE"),
                 tr("需要的属性", "ATTRIBUTES")});
  for (const auto& r : rt.registry().roles()) {
    std::string attrs;
    for (const auto& f : r.attributes)
      attrs += (attrs.empty() ? "" : ", ") + f.name() + " (" + f.label() + ")" +
               (f.isRequired() ? "*" : "");
    w.row({r.id, r.label, r.plugin,
           r.scope == RoleScope::kSchool       ? tr("本校", "school")
           : r.scope == RoleScope::kOwnRecords ? tr("本人", "own records")
                                               : tr("全区", "district"),
           attrs.empty() ? "-" : attrs});
  }
  w.finish();
  return 0;
}

int cmdCopy(const Globals& g, const Args& a) {
  a.maxPositional(0);
  std::string from = a.value("from"), to = a.value("to");
  if (from.empty() || to.empty()) throw UsageError("copy needs --from URL and --to URL");
  if (from == to) throw UsageError("--from and --to name the same database");
  Globals source = g, target = g;
  source.db = from;
  target.db = to;
  Runtime src(runtimeOptions(source, false));
  Runtime dst(runtimeOptions(target, true));
  ProgressBar bar("copying");
  auto report = copyDatabase(src, dst, {});
  dst.adoptNationalIdKey(src.nationalIdKey());  // the copied hashes are under the source's key
  long long rows = 0;
  for (const auto& [table, n] : report.tables) {
    std::cout << "  " << table << ": " << n << " rows\n";
    rows += n;
  }
  std::cout << "copied " << rows << " rows in " << report.tables.size() << " tables from " << from
            << " to " << to << "; row counts match and the audit chain (" << report.auditRows
            << " entries) verifies on the target\n";
  return 0;
}

int cmdBackup(const Globals& g, const Args& a) {
  a.maxPositional(0);
  const std::string out = a.value("out");
  if (out.empty()) throw UsageError("backup needs --out FILE");
  DatabaseUrl url = DatabaseUrl::parse(g.db);
  if (url.dialect == Dialect::kPostgreSQL) {
    std::cerr << "tdr: "
              << tr("PostgreSQL 数据库请用 pg_dump 备份：",
                    "back up a PostgreSQL database with pg_dump:")
              << "\n  pg_dump --format=custom --file='" << out << "' '" << g.db << "'\n"
              << tr("恢复：pg_restore --clean --dbname=... 文件",
                    "restore: pg_restore --clean --dbname=... FILE")
              << "\n";
    return 1;
  }
  Runtime rt(runtimeOptions(g, false));
  long long bytes = backupSqlite(rt.session(), out);
  checkSqliteBackup(out);
  std::cout << tr("已备份到 " + out + "（" + std::to_string(bytes) + " 字节，完整性检查通过）",
                  "backed up to " + out + " (" + std::to_string(bytes) +
                      " bytes; integrity check passed)")
            << "\n";
  if (const std::string key = idKeyFile(true, url.target); !key.empty())
    std::cout << tr("身份证号密钥不在备份中：请另行备份 " + key + "（不要与备份放在一起）",
                    "the national-ID key is not in the backup: back up " + key +
                        " separately (not in the same place)")
              << "\n";
  return 0;
}

int cmdRestore(const Globals& g, const Args& a) {
  a.maxPositional(0);
  const std::string from = a.value("from");
  if (from.empty()) throw UsageError("restore needs --from FILE");
  DatabaseUrl url = DatabaseUrl::parse(g.db);
  if (url.dialect == Dialect::kPostgreSQL)
    throw UsageError("restore is for SQLite; restore PostgreSQL with pg_restore");
  restoreSqlite(from, url.target);
  std::cout << tr("已从 " + from + " 恢复 " + url.target,
                  "restored " + url.target + " from " + from)
            << "\n";
  return 0;
}

int cmdServe(const Globals& g, const Args& a) {
  a.maxPositional(0);
  ServerOptions o;
  o.port = static_cast<int>(a.integer("port", 8080, 0, 65535));
  o.host = a.value("host", "127.0.0.1");
  o.threads = static_cast<int>(a.integer("threads", 16, 1, 256));
  o.webDir = resolveWebDir(a.value("web"));
  o.logFormat = a.value("log-format", "text");
  if (o.logFormat != "text" && o.logFormat != "json" && o.logFormat != "none")
    throw UsageError("--log-format: expected text, json or none");
  // Block the stop signals before any thread starts, so that only sigwait below sees them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  RuntimeOptions ro = runtimeOptions(g, true);
  ro.poolSize = static_cast<std::size_t>(o.threads) + 2;
  Runtime rt(ro);
  std::optional<ServingLock> serving;  // tells `tdr restore` that the database is in use
  if (rt.database().dialect() == Dialect::kSQLite) serving.emplace(rt.database().url().target);
  warnRefused(rt.plugins());
  ApiServer server(rt, o);
  try {
    server.start();
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::kUnavailable,
                "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + e.message());
  }
  std::cout << "tdr serving http://" << o.host << ":" << server.port() << "/api/v1 (web "
            << "interface at /app/) on " << g.db << std::endl;
  int signal = 0;
  sigwait(&stopSignals, &signal);
  std::cout << "tdr: stopping (finishing requests in flight)" << std::endl;
  server.stop(10);
  return 0;
}

void printError(const Failure& f) {
  std::cerr << "tdr: " << f.message << "\n";
  for (const auto& d : f.details)
    std::cerr << "  "
              << (d.line ? tr("第 " + std::to_string(d.line) + " 行，",
                              "line " + std::to_string(d.line) + ", ")
                         : std::string())
              << (d.field.empty() ? std::string()
                                  : tr("字段 " + d.field + "：", "field '" + d.field + "': "))
              << d.reason << "\n";
}

}  // namespace

int runCli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Globals g;
  const char* envDb = std::getenv("TDR_DB");
  g.db = envDb && *envDb ? envDb : "sqlite:tdr.db";
  if (const char* p = std::getenv("TDR_PLUGINS"); p && *p) g.plugins = p;
  if (const char* l = std::getenv("TDR_LANG"); l && *l) setLanguage(languageFrom(l));
  try {
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
      const std::string& a = args[i];
      auto take = [&](const char* name) {
        std::string prefix = std::string("--") + name;
        if (a == prefix) {
          if (i + 1 >= args.size()) throw UsageError(prefix + " needs a value");
          return args[++i];
        }
        return a.substr(prefix.size() + 1);
      };
      if (a == "--db" || a.rfind("--db=", 0) == 0) {
        g.db = take("db");
      } else if (a == "--plugins" || a.rfind("--plugins=", 0) == 0) {
        g.plugins = take("plugins");
      } else if (a == "--lang" || a.rfind("--lang=", 0) == 0) {
        std::string lang = take("lang");
        if (lang != "zh" && lang != "en") throw UsageError("--lang: expected zh or en");
        setLanguage(lang);
      } else if (a == "--help" || a == "-h" || a == "help") {
        std::cout << kUsage;
        return 0;
      } else if (a == "--version") {
        std::cout << "tdr " << TDR_VERSION << " (SDK ABI " << TDR_SDK_ABI_MAJOR << "."
                  << TDR_SDK_ABI_MINOR << ")\n";
        return 0;
      } else if (a.rfind("--", 0) == 0) {
        throw UsageError("unknown option " + a);
      } else {
        break;
      }
    }
    if (i >= args.size()) throw UsageError("missing COMMAND");
    std::string command = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    if (command == "init") return cmdInit(g, Args(rest, {}, {}));
    if (command == "migrate") return cmdMigrate(g, Args(rest, {}, {"dry-run"}));
    if (command == "plugins") return cmdPlugins(g, Args(rest, {}, {}));
    if (command == "import") return cmdImport(g, Args(rest, {}, {"dry-run", "partial"}));
    if (command == "export") return cmdExport(g, Args(rest, {"format", "out", "where"}, {}));
    if (command == "demo") return cmdDemo(g, Args(rest, {"teachers", "seed"}, {}));
    if (command == "report") return cmdReport(g, Args(rest, {"param", "format", "out"}, {"help"}));
    if (command == "run") return cmdRun(g, Args(rest, {"param", "id"}, {"help"}));
    if (command == "roles") return cmdRoles(g, Args(rest, {}, {}));
    if (command == "user")
      return cmdUser(g, Args(rest, {"role", "school", "attr", "expires-days"}, {"password-stdin"}));
    if (command == "audit") return cmdAudit(g, Args(rest, {}, {}));
    if (command == "openapi") {
      Args(rest, {}, {}).maxPositional(0);
      Runtime rt(runtimeOptions(g, false));
      std::cout << openApiJson(rt.registry()) << "\n";
      return 0;
    }
    if (command == "copy") return cmdCopy(g, Args(rest, {"from", "to"}, {}));
    if (command == "backup") return cmdBackup(g, Args(rest, {"out"}, {}));
    if (command == "restore") return cmdRestore(g, Args(rest, {"from"}, {}));
    if (command == "serve")
      return cmdServe(g, Args(rest, {"port", "host", "threads", "web", "log-format"}, {}));
    throw UsageError("unknown command '" + command + "'");
  } catch (...) {
    Failure f = failureOf(std::current_exception(), "");
    if (f.internal) {
      std::cerr << "tdr: " << f.logText << "\n";
    } else {
      printError(f);
      if (f.usage) std::cerr << "\n" << kUsage;
    }
    return f.exitCode;
  }
}

}  // namespace tdr::host
