#include "app/database_copy.h"

#include <soci/soci.h>
#include <tdr/error.h>

#include <set>

#include "app/runtime.h"
#include "audit/audit_log.h"
#include "db/bound_statement.h"
#include "db/catalog.h"
#include "db/migrator.h"
#include "db/transaction.h"

namespace tdr::host {

namespace {

long long countRows(soci::session& s, const std::string& table) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return n;
}

// Tables of core and of the plugins loaded on both sides, in creation order.
std::vector<std::string> tablesToCopy(Runtime& rt) {
  std::set<std::string> owners;
  for (const auto& st : rt.plugins().statuses())
    if (st.state == PluginState::kLoaded) owners.insert(st.id);
  std::vector<std::string> out;
  for (const auto& t : tablesInCreationOrder(rt.session(), rt.database().dialect())) {
    if (t == "core_migrations") continue;  // each side keeps its own ledger
    auto underscore = t.find('_');
    if (underscore != std::string::npos && owners.count(t.substr(0, underscore))) out.push_back(t);
  }
  return out;
}

}  // namespace

CopyReport copyDatabase(Runtime& from, Runtime& to,
                        const std::function<void(const std::string&, long long)>& progress) {
  soci::session& src = from.session();
  soci::session& dst = to.session();
  Dialect srcDialect = from.database().dialect(), dstDialect = to.database().dialect();

  // Same plugins at the same schema versions on both sides.
  std::map<std::string, int> versions;
  for (const auto& st : from.plugins().statuses())
    if (st.state == PluginState::kLoaded) versions[st.id] = st.schemaVersion;
  for (const auto& st : to.plugins().statuses()) {
    if (st.state != PluginState::kLoaded) continue;
    auto it = versions.find(st.id);
    if (it == versions.end() || it->second != st.schemaVersion)
      throw conflict(
          "plugin " + st.id + " is at schema version " + std::to_string(st.schemaVersion) +
          " on the target but " +
          (it == versions.end() ? std::string("not loaded") : "at " + std::to_string(it->second)) +
          " on the source");
  }
  for (const char* t : {"core_schools", "core_teachers", "core_users", "core_audit"})
    if (countRows(dst, t) > 0)
      throw conflict(std::string("the target database already holds records (") + t +
                     "); copy into an empty database");

  CopyReport report;
  auto tables = tablesToCopy(from);
  WriteTransaction tx(dst);
  // What the target's migrations seeded (settings, default rules) gives way to the source's
  // rows: emptied children first, so that no foreign key is in the way.
  for (auto t = tables.rbegin(); t != tables.rend(); ++t) dst << "DELETE FROM " + *t;
  for (const auto& table : tables) {
    auto columns = orderedColumns(src, srcDialect, table);
    auto targetColumns = tableColumns(dst, dstDialect, table);
    std::string names, params;
    std::vector<bool> kinds;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (!targetColumns.count(columns[i].first))
        throw conflict("table " + table + ": column " + columns[i].first +
                       " is missing on the target");
      names += (i ? ", " : "") + columns[i].first;
      params += (i ? ", :p" : ":p") + std::to_string(i);
      kinds.push_back(columnTypeFits(columns[i].second, true));
    }
    bool hasId = !columns.empty() && columns.front().first == "id";
    BoundStatement read(src, "SELECT " + names + " FROM " + table + (hasId ? " ORDER BY id" : ""),
                        {}, kinds);
    BoundStatement write(dst, "INSERT INTO " + table + " (" + names + ") VALUES (" + params + ")",
                         kinds, {});
    long long rows = 0;
    for (bool row = read.execute(); row; row = read.fetch()) {
      for (std::size_t i = 0; i < columns.size(); ++i) write.set(i, read.result(i));
      write.execute();
      if ((++rows & 0x3FF) == 0 && progress) progress(table, rows);
    }
    if (progress) progress(table, rows);
    if (countRows(dst, table) != rows || countRows(src, table) != rows)
      throw conflict("table " + table + ": row counts differ after the copy");
    if (hasId && dstDialect == Dialect::kPostgreSQL)
      dst << "SELECT setval(pg_get_serial_sequence('" + table +
                 "', 'id'), "
                 "(SELECT COALESCE(MAX(id), 0) + 1 FROM " +
                 table + "), false)";
    report.tables.emplace_back(table, rows);
  }
  AuditVerification v = verifyAudit(dst);
  if (!v.ok)
    throw conflict("the audit chain does not verify on the target: " + v.reason +
                   " (nothing was written)");
  report.auditRows = v.rows;
  tx.commit();
  return report;
}

}  // namespace tdr::host
