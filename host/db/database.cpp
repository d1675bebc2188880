#include "db/database.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <tdr/dialect.h>
#include <tdr/error.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace tdr::host {

namespace {

// How long a statement waits for a lock held by another connection or process before it fails
// as busy: TDR_LOCK_TIMEOUT_MS (50 ms .. 10 min), 10 s by default.
int lockTimeoutMs() {
  static const int ms = [] {
    const char* env = std::getenv("TDR_LOCK_TIMEOUT_MS");
    long v = env && *env ? std::strtol(env, nullptr, 10) : 10000;
    return static_cast<int>(v < 50 ? 50 : v > 600000 ? 600000 : v);
  }();
  return ms;
}

// "postgresql://user:pass@host:port/db?sslmode=require" as libpq keyword=value pairs (SOCI's
// PostgreSQL backend takes those, not URIs).
std::string libpqKeywords(const std::string& url) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw validationError("--db '" + url + "': " + e.message());
  }
  auto quote = [](const std::string& v) {
    std::string out = "'";
    for (char c : v) {
      if (c == '\\' || c == '\'') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string s;
  auto add = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) s += (s.empty() ? "" : " ") + k + "=" + quote(v);
  };
  add("host", uri.getHost());
  if (uri.getPort()) add("port", std::to_string(uri.getPort()));
  std::string db = uri.getPath();
  if (!db.empty() && db[0] == '/') db = db.substr(1);
  if (db.empty()) throw validationError("--db '" + url + "': the database name is missing");
  add("dbname", db);
  std::string userInfo = uri.getUserInfo();
  auto colon = userInfo.find(':');
  std::string user, password;
  Poco::URI::decode(userInfo.substr(0, colon), user);
  if (colon != std::string::npos) Poco::URI::decode(userInfo.substr(colon + 1), password);
  add("user", user);
  add("password", password);
  for (const auto& [k, v] : uri.getQueryParameters()) add(k, v);
  return s;
}

}  // namespace

DatabaseUrl DatabaseUrl::parse(const std::string& url) {
  DatabaseUrl u;
  auto startsWith = [&](const char* p) { return url.rfind(p, 0) == 0; };
  if (startsWith("sqlite://")) {
    u.target = url.substr(9);
  } else if (startsWith("sqlite:")) {
    u.target = url.substr(7);
  } else if (startsWith("postgresql://") || startsWith("postgres://")) {
    u.dialect = Dialect::kPostgreSQL;
    u.target = libpqKeywords(url);
  } else {
    throw validationError("--db '" + url +
                          "': expected sqlite:PATH or postgresql://user:pass@host:port/dbname");
  }
  if (u.target.empty()) throw validationError("--db '" + url + "': the path is empty");
  return u;
}

Database::Database(DatabaseUrl url, std::size_t poolSize)
    : url_(std::move(url)), poolSize_(poolSize) {}

Database::~Database() {
  caches_.clear();  // statements go before their sessions
}

void execute(soci::session& s, const std::string& sql) { s << sql; }

SqliteBulkCache::SqliteBulkCache(soci::session& s)
    : session_(dialectOf(s) == Dialect::kSQLite ? &s : nullptr) {
  if (session_) execute(s, "PRAGMA cache_size=-" + std::to_string(kSqliteBulkCacheKiB));
}

SqliteBulkCache::~SqliteBulkCache() {
  if (!session_) return;
  try {  // the pages beyond the default are given back
    execute(*session_, "PRAGMA cache_size=-" + std::to_string(kSqliteCacheKiB));
  } catch (const std::exception&) {  // a failed session keeps the bigger cache: harmless
  }
}

SessionLease::SessionLease(Database& db)
    : db_(db),
      pool_(db.pool()),
      position_(pool_.lease()),
      session_(&pool_.at(position_)),
      cache_(db.statementCache(position_)) {
  ++db_.leased_;
}

SessionLease::~SessionLease() {
  cache_.trim();  // no statement of this lease is in use any more
  --db_.leased_;
  pool_.give_back(position_);
}

std::unique_ptr<Database> Database::open(const std::string& urlText, bool create,
                                         std::size_t poolSize) {
  DatabaseUrl url = DatabaseUrl::parse(urlText);
  if (url.dialect == Dialect::kSQLite && !create) {
    std::error_code ec;
    if (!std::filesystem::exists(url.target, ec))
      throw Error(ErrorCode::kNotFound,
                  "database file '" + url.target + "' does not exist (run 'tdr init' first)");
  }
  if (url.dialect == Dialect::kSQLite && create && url.target != ":memory:") {
    // Created readable by its owner only: it holds personal data. SQLite gives its WAL and
    // shared-memory files the same permissions.
    int fd = ::open(url.target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
  }
  // No global allocation statistics: their mutex serialises every SQLite allocation of every
  // thread. Must run before SQLite initialises, hence once, here.
  static const int kConfigured = sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kConfigured;
  std::unique_ptr<Database> db(new Database(url, poolSize == 0 ? 1 : poolSize));
  db->pool_ = std::make_unique<soci::connection_pool>(db->poolSize_);
  try {
    for (std::size_t i = 0; i < db->poolSize_; ++i) {
      soci::session& s = db->pool_->at(i);
      if (url.dialect == Dialect::kSQLite) {
        std::string path = url.target;
        std::string quoted = "\"" + path + "\"";
        s.open(soci::sqlite3, "db=" + quoted);
        // Extended result codes tell a NOT NULL from a foreign-key violation (db_error.cpp).
        sqlite_api::sqlite3_extended_result_codes(
            static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_, 1);
        execute(s, "PRAGMA journal_mode=WAL");
        execute(s, "PRAGMA foreign_keys=ON");
        execute(s, "PRAGMA synchronous=NORMAL");
        execute(s, "PRAGMA busy_timeout=" + std::to_string(lockTimeoutMs()));
        // An 8 MiB page cache (SQLite's default is 2): a bigger one costs a one-shot command
        // more than it saves — every page it keeps is a fresh allocation and page fault (a
        // district's compliance report over 1M records: 0.37 s with 32 MiB, 0.27 s with 8).
        // Imports raise it for their run (SqliteBulkCache).
        execute(s, "PRAGMA cache_size=-" + std::to_string(kSqliteCacheKiB));
        // Temporary storage in memory: a multi-row INSERT in a transaction keeps a statement
        // journal (the pages it changed, to undo it alone), which SQLite otherwise writes to a
        // file in /var/tmp a page per call — 850k writes and most of the system time of a
        // 300k-row import. Statement journals and temporary tables are bounded by one
        // statement's work; large sorts still spill to files.
        execute(s, "PRAGMA temp_store=MEMORY");
      } else {
        s.open(soci::postgresql, url.target);
        execute(s, "SET client_min_messages TO WARNING");
        // A row or table lock held elsewhere: wait as long as SQLite would, then fail as busy
        // (503 + Retry-After over HTTP) instead of blocking a server thread without end.
        execute(s, "SET lock_timeout = " + std::to_string(lockTimeoutMs()));
      }
      db->caches_.push_back(std::make_unique<StatementCache>(s));
    }
  } catch (const soci::soci_error& e) {
    std::string msg = e.get_error_message();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    for (auto& c : msg)
      if (c == '\n') c = ' ';
    throw Error(ErrorCode::kUnavailable,
                std::string("cannot open the ") +
                    (url.dialect == Dialect::kSQLite ? "database '" + url.target + "'"
                                                     : "PostgreSQL database") +
                    ": " + msg);
  }
  return db;
}

}  // namespace tdr::host
