#pragma once

#include <soci/soci.h>
#include <tdr/value.h>

#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tdr::host {

/// Parses a whole decimal integer (optional '-', digits only, within 64 bits) into `out`.
bool parseInteger(const std::string& s, long long& out);

/// A prepared statement whose parameters and result columns are decided at run time (from a
/// record type's fields), each an integer or a text with a null indicator. Prepared once,
/// executed many times: set the parameters, execute, read the results.
class BoundStatement {
 public:
  /// `oneTime`: executed once only — on PostgreSQL sent with its parameters in one round trip
  /// (no named statement to prepare and deallocate).
  BoundStatement(soci::session& s, const std::string& sql, const std::vector<bool>& paramIsInt,
                 const std::vector<bool>& resultIsInt, bool oneTime = false);

  /// Sets parameter `i`. A text given for an integer parameter must be a whole integer
  /// (tdr::Error kValidation otherwise: never a prefix like "12abc" read as 12).
  void set(std::size_t i, const Value& v);
  /// Executes; with result columns, fetches the first row. True when a row came.
  bool execute();
  /// Executes and returns the first row's values (if any), then steps the statement to its
  /// end, so that a cached statement holds no read snapshot between uses.
  std::optional<std::vector<Value>> queryOne();
  /// Fetches the next row. False at the end.
  bool fetch();
  Value result(std::size_t i) const;
  std::size_t resultCount() const { return results_.size(); }
  /// Rows changed by the last execution of an INSERT/UPDATE/DELETE.
  long long affectedRows() { return statement_.get_affected_rows(); }

 private:
  struct Slot {
    bool isInt = false;
    long long integer = 0;
    std::string text;
    soci::indicator ind = soci::i_null;
  };
  std::vector<Slot> params_;
  std::vector<Slot> results_;
  soci::statement statement_;
};

}  // namespace tdr::host

namespace tdr::host {

/// Prepared statements of one database session, kept across units of work (requests) so that
/// hot paths do not parse their SQL again. Not thread-safe: a session serves one thread at a
/// time, and so does its cache.
class StatementCache {
 public:
  /// Statements kept between leases of the session (least recently used ones go first).
  static constexpr std::size_t kDefaultCapacity = 256;

  explicit StatementCache(soci::session& s, std::size_t capacity = kDefaultCapacity)
      : session_(s), capacity_(capacity) {}
  /// The statement for `sql`, prepared on first use with these parameter and result kinds.
  /// The reference stays valid until the next trim().
  BoundStatement& get(const std::string& sql, const std::vector<bool>& params,
                      const std::vector<bool>& results);
  /// Drops the least recently used statements beyond the capacity. Called where no statement
  /// is in use — when a lease gives the session back — so that a reference from get() is never
  /// pulled from under its user, while a server that meets endless filter combinations keeps a
  /// bounded cache.
  void trim();
  std::size_t size() const { return statements_.size(); }
  std::size_t evictions() const { return evictions_; }
  soci::session& session() { return session_; }

 private:
  struct Entry {
    std::unique_ptr<BoundStatement> statement;
    std::list<const std::string*>::iterator use;  // position in recent_
  };
  soci::session& session_;
  std::size_t capacity_;
  std::unordered_map<std::string, Entry> statements_;
  std::list<const std::string*> recent_;  // most recently used first (keys of statements_)
  std::size_t evictions_ = 0;
};

}  // namespace tdr::host
