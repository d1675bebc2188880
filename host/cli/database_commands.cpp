// Commands on the database as a whole: create, migrate, list plugins, seed a demo, copy, back up,
// restore.
#include <soci/soci.h>
#include <tdr/error.h>

#include <iostream>
#include <map>

#include "app/database_copy.h"
#include "app/runtime.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "core/demo_district.h"
#include "core/secrets.h"
#include "db/backup.h"
#include "io/importer.h"
#include "io/table_writer.h"
#include "util/text.h"

namespace tdr::host {

namespace {

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
                {tr("插件", "ID"), tr("名称", "TITLE"), tr("版本", "VERSION"), "SDK",
                 tr("数据结构", "SCHEMA"), tr("状态", "STATE"), tr("文件", "FILE")});
  for (const auto& s : rt.plugins().statuses()) {
    std::string abi =
        s.abiMajor ? std::to_string(s.abiMajor) + "." + std::to_string(s.abiMinor) : "-";
    std::string title = rt.registry().pluginTitle(s.id);
    w.row({s.id.empty() ? "-" : s.id, title.empty() ? "-" : title,
           s.version.empty() ? "-" : s.version, abi, std::to_string(s.schemaVersion), stateText(s),
           s.file});
  }
  w.finish();
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

int cmdCopy(const Globals& g, const Args& a) {
  a.maxPositional(0);
  std::string from = a.value("from"), to = a.value("to");
  if (from.empty() || to.empty())
    throw UsageError(tr("copy 需要 --from URL 和 --to URL", "copy needs --from URL and --to URL"));
  if (from == to)
    throw UsageError(tr("--from 和 --to 是同一个数据库", "--from and --to name the same database"));
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
  if (out.empty()) throw UsageError(tr("backup 需要 --out 文件", "backup needs --out FILE"));
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
  if (from.empty()) throw UsageError(tr("restore 需要 --from 文件", "restore needs --from FILE"));
  DatabaseUrl url = DatabaseUrl::parse(g.db);
  if (url.dialect == Dialect::kPostgreSQL)
    throw UsageError(tr("restore 只用于 SQLite；PostgreSQL 请用 pg_restore 恢复",
                        "restore is for SQLite; restore PostgreSQL with pg_restore"));
  restoreSqlite(from, url.target);
  std::cout << tr("已从 " + from + " 恢复 " + url.target,
                  "restored " + url.target + " from " + from)
            << "\n";
  return 0;
}

}  // namespace

std::vector<Command> databaseCommands() {
  return {
      {"init",
       {},
       {},
       cmdInit,
       "  init                                   create the database and apply every migration\n",
       "  init                                   创建数据库并执行全部迁移\n"},
      {"migrate",
       {},
       {"dry-run"},
       cmdMigrate,
       "  migrate [--dry-run]                    apply pending migrations (or list them)\n",
       "  migrate [--dry-run]                    执行待执行的迁移（或只列出）\n"},
      {"plugins",
       {},
       {},
       cmdPlugins,
       "  plugins                                list plugins: id, version, SDK ABI, schema, "
       "state\n",
       "  plugins                                列出插件：标识、版本、SDK "
       "ABI、数据结构版本、状态\n"},
      {"demo",
       {"teachers", "seed"},
       {},
       cmdDemo,
       "  demo [--teachers N] [--seed S]         seed a demo district\n",
       "  demo [--teachers N] [--seed S]         生成一个演示区县\n"},
      {"copy",
       {"from", "to"},
       {},
       cmdCopy,
       "  copy --from URL --to URL               copy a district to another database (e.g.\n"
       "                                         SQLite to PostgreSQL); the target must be empty\n",
       "  copy --from URL --to URL               把区县数据复制到另一个数据库（如 SQLite 到\n"
       "                                         PostgreSQL）；目标库必须为空\n"},
      {"backup",
       {"out"},
       {},
       cmdBackup,
       "  backup --out FILE                      a consistent copy of a live SQLite database\n"
       "                                         (0600; PostgreSQL: prints the pg_dump command)\n",
       "  backup --out 文件                      在运行中为 SQLite 数据库做一致的备份（权限 "
       "0600；\n"
       "                                         PostgreSQL 则给出 pg_dump 命令）\n"},
      {"restore",
       {"from"},
       {},
       cmdRestore,
       "  restore --from FILE                    put a backup in place of the SQLite database;\n"
       "                                         refused while a server has it open\n",
       "  restore --from 文件                    用备份替换 SQLite 数据库；服务器正在使用时拒绝\n"},
  };
}

}  // namespace tdr::host
