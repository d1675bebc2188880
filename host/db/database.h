#pragma once

#include <tdr/dialect.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "db/bound_statement.h"

namespace soci {
class connection_pool;
class session;
}  // namespace soci

namespace tdr::host {

/// A parsed `--db` URL: `sqlite:PATH` or `postgresql://user:pass@host:port/db`.
struct DatabaseUrl {
  Dialect dialect = Dialect::kSQLite;
  std::string target;  ///< file path (SQLite) or libpq connection URI (PostgreSQL)

  /// Parses a URL; throws tdr::Error (validation) naming what is wrong.
  static DatabaseUrl parse(const std::string& url);
};

/// The database: a pool of SOCI sessions, each set up for the dialect
/// (SQLite: WAL, foreign keys, busy timeout).
class Database {
 public:
  /// Opens (and for SQLite, creates when `create`) the database. Throws tdr::Error.
  static std::unique_ptr<Database> open(const std::string& url, bool create,
                                        std::size_t poolSize = 1);
  ~Database();

  Dialect dialect() const { return url_.dialect; }
  const DatabaseUrl& url() const { return url_; }
  soci::connection_pool& pool() { return *pool_; }
  std::size_t poolSize() const { return poolSize_; }
  /// The statement cache of pooled session `position`.
  StatementCache& statementCache(std::size_t position) { return *caches_.at(position); }
  /// Pooled sessions leased now (for metrics).
  int leased() const { return leased_.load(); }

 private:
  Database(DatabaseUrl url, std::size_t poolSize);

  DatabaseUrl url_;
  std::size_t poolSize_;
  std::unique_ptr<soci::connection_pool> pool_;
  std::vector<std::unique_ptr<StatementCache>> caches_;  // one per pooled session
  std::atomic<int> leased_{0};
  friend class SessionLease;
};

/// A session leased from the pool for one unit of work (a request, a job), given back at scope
/// end. It is the pooled session itself, not SOCI's forwarding proxy.
class SessionLease {
 public:
  explicit SessionLease(Database& db);
  ~SessionLease();
  SessionLease(const SessionLease&) = delete;
  SessionLease& operator=(const SessionLease&) = delete;
  soci::session& operator*() const { return *session_; }
  soci::session* operator->() const { return session_; }
  /// Prepared statements kept with this pooled session across leases.
  StatementCache& cache() const { return cache_; }

 private:
  Database& db_;
  soci::connection_pool& pool_;
  std::size_t position_;
  soci::session* session_;
  StatementCache& cache_;
};

/// Runs `sql` that returns nothing (DDL, pragmas).
void execute(soci::session& s, const std::string& sql);

/// SQLite's page cache per session, in KiB, and the bigger one of a bulk write.
constexpr long kSqliteCacheKiB = 8 * 1024;
constexpr long kSqliteBulkCacheKiB = 32 * 1024;

/// For its lifetime, a SQLite session keeps a bulk write's page cache: an import into
/// random-key indexes (hashed IDs) would otherwise spill pages to the WAL over and over.
/// Nothing on PostgreSQL.
class SqliteBulkCache {
 public:
  explicit SqliteBulkCache(soci::session& s);
  ~SqliteBulkCache();
  SqliteBulkCache(const SqliteBulkCache&) = delete;
  SqliteBulkCache& operator=(const SqliteBulkCache&) = delete;

 private:
  soci::session* session_;  // null on PostgreSQL
};

}  // namespace tdr::host
