#include "db/migrator.h"

#include <soci/soci.h>
#include <tdr/error.h>

#include <map>
#include <regex>

#include "db/database.h"
#include "db/sql_script.h"
#include "util/digest.h"
#include "util/timestamps.h"

namespace tdr::host {

std::vector<Migration> migrationsFor(const SchemaFile* files, Dialect dialect) {
  static const std::regex kName(R"(^([0-9]{4})_([a-z0-9_]+)(\.(sqlite|postgresql))?\.sql$)");
  struct Candidates {
    const SchemaFile* generic = nullptr;
    const SchemaFile* variant = nullptr;
    std::string name;
    bool otherVariant = false;
  };
  std::map<int, Candidates> byVersion;
  for (const SchemaFile* f = files; f && f->name; ++f) {
    std::cmatch m;
    if (!std::regex_match(f->name, m, kName))
      throw validationError(std::string("migration file '") + f->name +
                            "': name must be NNNN_what.sql or NNNN_what.<sqlite|postgresql>.sql");
    int version = std::stoi(m[1].str());
    if (version == 0)
      throw validationError(std::string("migration file '") + f->name +
                            "': versions start at 0001");
    Candidates& c = byVersion[version];
    if (!c.name.empty() && c.name != m[2].str())
      throw validationError("migration version " + m[1].str() + " has two names: '" + c.name +
                            "' and '" + m[2].str() + "'");
    c.name = m[2].str();
    if (!m[4].matched) {
      c.generic = f;
    } else if (m[4].str() == dialectName(dialect)) {
      c.variant = f;
    } else {
      c.otherVariant = true;
    }
  }
  std::vector<Migration> out;
  int expected = 1;
  for (const auto& [version, c] : byVersion) {
    if (version != expected)
      throw validationError("migrations skip from version " + std::to_string(expected - 1) +
                            " to " + std::to_string(version));
    ++expected;
    const SchemaFile* f = c.variant ? c.variant : c.generic;
    if (!f)
      throw validationError("migration " + std::to_string(version) + "_" + c.name +
                            " has no variant for " + dialectName(dialect));
    Migration m;
    m.version = version;
    m.name = c.name;
    m.fileName = f->name;
    // The checksum is of the file as written, the same for every dialect; `{{id}}` stands for
    // the dialect's BIGINT identity primary key, so most migrations need no variants.
    m.checksum = sha256Hex(f->sql);
    m.sql = f->sql;
    for (std::size_t at; (at = m.sql.find("{{id}}")) != std::string::npos;)
      m.sql.replace(at, 6, identityColumn(dialect));
    out.push_back(std::move(m));
  }
  return out;
}

Migrator::Migrator(soci::session& session) : session_(session) {}

void Migrator::ensureLedger() {
  execute(session_,
          "CREATE TABLE IF NOT EXISTS core_migrations ("
          " owner TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
          " checksum TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (owner, version))");
}

std::vector<LedgerEntry> Migrator::ledger(const std::string& owner) {
  std::vector<LedgerEntry> out;
  LedgerEntry e;
  soci::statement st = (session_.prepare << "SELECT version, name, checksum, applied_at FROM "
                                            "core_migrations WHERE owner = :o ORDER BY version",
                        soci::use(owner), soci::into(e.version), soci::into(e.name),
                        soci::into(e.checksum), soci::into(e.appliedAt));
  st.execute();
  while (st.fetch()) out.push_back(e);
  return out;
}

int Migrator::schemaVersion(const std::string& owner) {
  auto l = ledger(owner);
  return l.empty() ? 0 : l.back().version;
}

std::vector<Migration> Migrator::pending(const std::string& owner,
                                         const std::vector<Migration>& available) {
  auto applied = ledger(owner);
  std::map<int, const Migration*> byVersion;
  for (const auto& m : available) byVersion[m.version] = &m;
  int dbVersion = 0;
  for (const auto& e : applied) {
    dbVersion = std::max(dbVersion, e.version);
    auto it = byVersion.find(e.version);
    if (it == byVersion.end())
      throw conflict("database is at schema version " + std::to_string(e.version) + " of " + owner +
                     " but the plugin only has up to " +
                     std::to_string(available.empty() ? 0 : available.back().version) +
                     " (downgrade refused)");
    if (it->second->checksum != e.checksum)
      throw conflict("applied migration " + it->second->fileName +
                     " was edited after it ran (checksum differs); write a new migration instead");
  }
  std::vector<Migration> out;
  for (const auto& m : available)
    if (m.version > dbVersion) out.push_back(m);
  return out;
}

void Migrator::apply(const std::string& owner, const Migration& m) {
  auto statements = splitStatements(m.sql);
  soci::transaction tx(session_);
  std::size_t index = 0;
  try {
    for (; index < statements.size(); ++index) execute(session_, statements[index]);
    std::string now = utcNow();
    session_ << "INSERT INTO core_migrations (owner, version, name, checksum, applied_at) "
                "VALUES (:o, :v, :n, :c, :a)",
        soci::use(owner), soci::use(m.version), soci::use(m.name), soci::use(m.checksum),
        soci::use(now);
    tx.commit();
  } catch (const soci::soci_error& e) {
    tx.rollback();
    std::string where = index < statements.size() ? "statement " + std::to_string(index + 1)
                                                  : std::string("the ledger update");
    std::string msg = e.get_error_message();
    throw Error(ErrorCode::kInternal,
                "migration " + m.fileName + " failed at " + where + ": " + msg + " (rolled back)");
  }
}

}  // namespace tdr::host
