#pragma once

#include <tdr/value.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/bound_statement.h"
#include "registry/registry.h"

namespace soci {
class session;
}

namespace tdr::host {

/// One stored column of a record type: its name, the Record key holding its value, its kind.
struct Column {
  std::string name;
  std::string key;
  bool integer = false;
  const Field* field = nullptr;
};

/// The columns a record type is stored in (national IDs take two: hash and last 4).
std::vector<Column> columnsOf(const RecordType& t);

/// True when a field's value is stored as an integer.
bool isIntegerField(const Field& f);

/// SQL access to one record type's table through prepared, reused statements.
class RecordStore {
 public:
  /// An equality filter on a column; or, when `anyOf` is set, a LIKE pattern (lower case)
  /// that one of those text columns must match, lowered.
  struct Filter {
    std::size_t column;
    Value value;
    std::vector<std::size_t> anyOf = {};
  };

  /// Uses `cache` for its prepared statements when given (a pooled session's), else its own.
  RecordStore(soci::session& s, const RecordTypeEntry& type, StatementCache* cache = nullptr);

  const RecordTypeEntry& type() const { return type_; }
  const std::vector<Column>& columns() const { return columns_; }

  /// The stored record with the natural key of `r` (id and all columns), if any.
  std::optional<Record> findByNaturalKey(const Record& r);
  /// The stored records with the natural keys of `rows`, in one query (rows[i] -> result[i]).
  std::vector<std::optional<Record>> findManyByNaturalKey(const std::vector<const Record*>& rows);
  std::optional<Record> findById(long long id);
  /// Inserts the given columns (all when empty; the others take their SQL defaults);
  /// returns the new id.
  long long insert(const Record& r, const std::vector<std::size_t>& columnIndexes = {});
  /// Inserts many rows (values by column index) with the same columns in one multi-row INSERT
  /// on SQLite, one COPY on PostgreSQL (ids not returned).
  void insertMany(const std::vector<std::vector<Value>>& rows,
                  const std::vector<std::size_t>& columnIndexes);
  /// Updates the given columns of record `id`.
  void update(long long id, const Record& r, const std::vector<std::size_t>& columnIndexes);
  /// Updates the given columns of many records (id, values by column index): on PostgreSQL in
  /// one statement, UPDATE ... FROM (VALUES ...) joined on id; on SQLite one prepared UPDATE a
  /// record.
  void updateMany(const std::vector<std::pair<long long, std::vector<Value>>>& rows,
                  const std::vector<std::size_t>& columnIndexes);
  bool onSQLite() const { return sqlite_; }
  /// True when another record than `exceptId` holds `v` in column `c`.
  bool valueTaken(const Column& c, const Value& v, long long exceptId);
  /// Which of `values` column `c` holds, in one query: value (as text) -> id of the record
  /// holding it, or 0 for a value nobody holds.
  std::unordered_map<std::string, long long> holders(const Column& c,
                                                     const std::vector<Value>& values);
  /// Starts a scan of all records matching `filters` and the optional `condition` (see page),
  /// ordered by id; read with nextScanned.
  void scan(const std::vector<Filter>& filters, const std::string& condition = "",
            std::optional<long long> scope = std::nullopt);
  std::optional<Record> nextScanned();
  long long count();
  /// True when the table holds no record.
  bool empty();
  /// True when the table is empty and no other writer can slip in a record that an import's
  /// new rows would have had to update instead: SQLite has one writer; on PostgreSQL the
  /// natural key and each of `unique` must have a unique index, so that a row another
  /// transaction commits meanwhile with one of the same values makes the import's insert fail
  /// (and the whole import with it) rather than be duplicated. Nothing is locked.
  bool emptyAndGuarded(const std::vector<const Column*>& unique);

  /// A page of records matching `filters` and the optional SQL `condition` (which may use the
  /// integer parameter `:scope`), ordered by `sortColumn` (or id), then id.
  std::vector<Record> page(const std::vector<Filter>& filters, const std::string& condition,
                           std::optional<long long> scope, std::optional<std::size_t> sortColumn,
                           bool descending, long long limit, long long offset);
  /// How many records match (same arguments as page).
  long long countMatching(const std::vector<Filter>& filters, const std::string& condition,
                          std::optional<long long> scope);
  /// Deletes record `id`.
  void remove(long long id);

 private:
  BoundStatement& statement(const std::string& sql, const std::vector<bool>& params,
                            const std::vector<bool>& results);
  Record toRecord(BoundStatement& st) const;
  Record toRecord(const std::vector<Value>& row) const;
  std::string whereClause(const std::vector<Filter>& filters, const std::string& condition,
                          std::optional<long long> scope, std::vector<bool>& params) const;
  void bindWhere(BoundStatement& st, const std::vector<Filter>& filters,
                 std::optional<long long> scope) const;
  std::string selectList() const;
  std::vector<bool> resultKinds() const;

  soci::session& session_;
  const RecordTypeEntry& type_;
  std::vector<Column> columns_;
  std::unique_ptr<StatementCache> ownCache_;
  StatementCache& cache_;
  // Statements of the per-row paths, found without building their SQL again.
  BoundStatement* findByKey_ = nullptr;
  std::vector<const Column*> keyColumns_;
  std::map<std::vector<std::size_t>, BoundStatement*> inserts_;
  std::map<std::vector<std::size_t>, BoundStatement*> updates_;
  // SQLite's multi-row INSERTs, by columns and number of rows.
  std::map<std::pair<std::vector<std::size_t>, std::size_t>, BoundStatement*> batchInserts_;
  std::map<std::size_t, BoundStatement*> uniqueChecks_;
  bool sqlite_;
  std::unique_ptr<BoundStatement> scan_;
  bool scanHasRow_ = false;
};

}  // namespace tdr::host
