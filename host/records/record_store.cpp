#include "records/record_store.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <tdr/dialect.h>

#include <unordered_map>

#include "db/pg_copy.h"

namespace tdr::host {

bool isIntegerField(const Field& f) {
  switch (f.type()) {
    case FieldType::kInteger:
    case FieldType::kBoolean:
    case FieldType::kReference:
    case FieldType::kMoney:
    case FieldType::kHoursX10:
    case FieldType::kYear:
      return true;
    default:
      return false;
  }
}

std::vector<Column> columnsOf(const RecordType& t) {
  std::vector<Column> out;
  for (const auto& f : t.fields) {
    out.push_back({f.columnName(), f.name(), isIntegerField(f), &f});
    if (f.type() == FieldType::kNationalId)
      out.push_back({f.name() + "_last4", f.name() + "_last4", false, &f});
  }
  return out;
}

RecordStore::RecordStore(soci::session& s, const RecordTypeEntry& type, StatementCache* cache)
    : session_(s),
      type_(type),
      columns_(columnsOf(type.type)),
      ownCache_(cache ? nullptr : std::make_unique<StatementCache>(s)),
      cache_(cache ? *cache : *ownCache_),
      sqlite_(tdr::dialectOf(s) == tdr::Dialect::kSQLite) {}

BoundStatement& RecordStore::statement(const std::string& sql, const std::vector<bool>& params,
                                       const std::vector<bool>& results) {
  return cache_.get(sql, params, results);
}

std::string RecordStore::selectList() const {
  std::string s = "id";
  for (const auto& c : columns_) s += ", " + c.name;
  return s;
}

std::vector<bool> RecordStore::resultKinds() const {
  std::vector<bool> kinds{true};
  for (const auto& c : columns_) kinds.push_back(c.integer);
  return kinds;
}

Record RecordStore::toRecord(const std::vector<Value>& row) const {
  Record r;
  r.setId(std::get<long long>(row[0]));
  for (std::size_t i = 0; i < columns_.size(); ++i) r.set(columns_[i].key, row[i + 1]);
  return r;
}

Record RecordStore::toRecord(BoundStatement& st) const {
  Record r;
  r.setId(std::get<long long>(st.result(0)));
  for (std::size_t i = 0; i < columns_.size(); ++i) r.set(columns_[i].key, st.result(i + 1));
  return r;
}

std::optional<Record> RecordStore::findByNaturalKey(const Record& r) {
  if (!findByKey_) {
    const auto& key = type_.type.naturalKey;
    std::string sql = "SELECT " + selectList() + " FROM " + type_.type.table + " WHERE ";
    std::vector<bool> params;
    for (std::size_t i = 0; i < key.size(); ++i) {
      for (const auto& c : columns_) {
        if (c.key == key[i]) {
          sql += (i ? " AND " : "") + c.name + " = :k" + std::to_string(i);
          params.push_back(c.integer);
          keyColumns_.push_back(&c);
        }
      }
    }
    findByKey_ = &statement(sql, params, resultKinds());
  }
  BoundStatement& st = *findByKey_;
  for (std::size_t i = 0; i < keyColumns_.size(); ++i) st.set(i, r.get(keyColumns_[i]->key));
  auto row = st.queryOne();
  if (!row) return std::nullopt;
  return toRecord(*row);
}

namespace {
// One element of a PostgreSQL array literal: a number as it is, text double-quoted with
// backslashes and quotes escaped (a NULL never occurs: natural keys are required).
std::string keyOf(const Record& r, const std::vector<std::string>& key) {
  std::string s;
  for (const auto& k : key) s += toText(r.get(k)) + '\x1F';
  return s;
}
}  // namespace

std::vector<std::optional<Record>> RecordStore::findManyByNaturalKey(
    const std::vector<const Record*>& rows) {
  std::vector<std::optional<Record>> out(rows.size());
  if (rows.empty()) return out;
  if (keyColumns_.empty()) findByNaturalKey(*rows.front());  // resolves keyColumns_
  const auto& key = type_.type.naturalKey;
  std::string sql = "SELECT " + selectList() + " FROM " + type_.type.table + " WHERE ";
  std::vector<bool> params;
  // Parameters of integer columns are cast: PostgreSQL would otherwise take them as text.
  auto param = [&](std::size_t n, const Column* c) {
    params.push_back(c->integer);
    std::string p = ":k" + std::to_string(n);
    return c->integer ? "CAST(" + p + " AS BIGINT)" : p;
  };
  std::unique_ptr<BoundStatement> once;
  if (!sqlite_) {
    // PostgreSQL: the keys go as one array per key column, joined with unnest — a short
    // statement whatever the batch size (a VALUES list of 512 parameters cost more to parse
    // and bind than to run). A fresh statement per batch: a cached one would switch to a
    // generic plan after five runs, planned for the table as it was then (empty at the start of
    // a first import) and never probing the key's index. The table is probed per key in a
    // LATERAL subquery (OFFSET 0 keeps it one): inside an import's transaction the planner
    // does not know how many rows the import has already added and would otherwise hash the
    // whole table for every batch (7-28 ms a batch of 256 at 50k rows instead of 0.4 ms).
    std::string select = "SELECT t.id";
    for (const auto& c : columns_) select += ", t." + c.name;
    sql = select + " FROM unnest(";
    for (std::size_t k = 0; k < keyColumns_.size(); ++k) {
      sql += (k ? ", CAST(:k" : "CAST(:k") + std::to_string(k) +
             (keyColumns_[k]->integer ? " AS BIGINT[])" : " AS TEXT[])");
      params.push_back(false);
    }
    sql += ") AS v (";
    for (std::size_t k = 0; k < keyColumns_.size(); ++k)
      sql += (k ? ", k" : "k") + std::to_string(k);
    sql += ") CROSS JOIN LATERAL (SELECT * FROM " + type_.type.table + " WHERE ";
    for (std::size_t k = 0; k < keyColumns_.size(); ++k)
      sql += (k ? " AND " : "") + keyColumns_[k]->name + " = v.k" + std::to_string(k);
    sql += " OFFSET 0) AS t";
    once = std::make_unique<BoundStatement>(session_, sql, params, resultKinds(), true);
    for (std::size_t k = 0; k < keyColumns_.size(); ++k) {
      std::string array = "{";
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i) array += ',';
        appendArrayElement(array, rows[i]->get(keyColumns_[k]->key));
      }
      once->set(k, Value{array + "}"});
    }
  } else {
    if (keyColumns_.size() == 1) {
      sql += keyColumns_[0]->name + " IN (";
      for (std::size_t i = 0; i < rows.size(); ++i)
        sql += (i ? ", " : "") + param(i, keyColumns_[0]);
      sql += ")";
    } else {
      // SQLite: (a = ? AND b = ?) OR ... uses the key's index for each term, which a row-value
      // IN over VALUES does not.
      std::size_t p = 0;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        sql += i ? " OR (" : "(";
        for (std::size_t k = 0; k < keyColumns_.size(); ++k)
          sql += (k ? " AND " : "") + keyColumns_[k]->name + " = " + param(p++, keyColumns_[k]);
        sql += ")";
      }
    }
  }
  BoundStatement& st = sqlite_ ? statement(sql, params, resultKinds()) : *once;
  if (sqlite_) {
    std::size_t p = 0;
    for (const Record* r : rows)
      for (const Column* c : keyColumns_) st.set(p++, r->get(c->key));
  }
  std::unordered_map<std::string, Record> found;
  for (bool row = st.execute(); row; row = st.fetch()) {
    Record rec = toRecord(st);
    found.emplace(keyOf(rec, key), std::move(rec));
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto it = found.find(keyOf(*rows[i], key));
    if (it != found.end()) out[i] = it->second;
  }
  return out;
}

std::optional<Record> RecordStore::findById(long long id) {
  std::string sql = "SELECT " + selectList() + " FROM " + type_.type.table + " WHERE id = :id";
  BoundStatement& st = statement(sql, {true}, resultKinds());
  st.set(0, Value{id});
  auto row = st.queryOne();
  if (!row) return std::nullopt;
  return toRecord(*row);
}

long long RecordStore::insert(const Record& r, const std::vector<std::size_t>& columnIndexes) {
  std::vector<std::size_t> all;
  if (columnIndexes.empty())
    for (std::size_t i = 0; i < columns_.size(); ++i) all.push_back(i);
  const auto& use = columnIndexes.empty() ? all : columnIndexes;
  std::string cols, vals;
  std::vector<bool> params;
  for (std::size_t k = 0; k < use.size(); ++k) {
    cols += (k ? ", " : "") + columns_.at(use[k]).name;
    vals += (k ? ", :p" : ":p") + std::to_string(k);
    params.push_back(columns_[use[k]].integer);
  }
  std::string sql =
      "INSERT INTO " + type_.type.table + " (" + cols + ") VALUES (" + vals + ") RETURNING id";
  BoundStatement& st = statement(sql, params, {true});
  for (std::size_t k = 0; k < use.size(); ++k) st.set(k, r.get(columns_[use[k]].key));
  st.execute();
  long long id = std::get<long long>(st.result(0));
  st.fetch();  // steps the INSERT ... RETURNING to its end, so the transaction can commit
  return id;
}

void RecordStore::insertMany(const std::vector<std::vector<Value>>& rows,
                             const std::vector<std::size_t>& columnIndexes) {
  if (rows.empty()) return;
  if (!sqlite_) {  // PostgreSQL's bulk-load path: one COPY stream instead of INSERT statements
    std::vector<std::string> names;
    for (std::size_t c : columnIndexes) names.push_back(columns_.at(c).name);
    copyRows(session_, type_.type.table, names, rows, columnIndexes);
    return;
  }
  // The statement for this set of columns and number of rows, built once (a batch's SQL is
  // ~20 KB: built and hashed again per batch it cost more than binding the batch).
  BoundStatement*& cached = batchInserts_[{columnIndexes, rows.size()}];
  if (!cached) {
    std::string cols;
    std::vector<bool> params;
    for (std::size_t k = 0; k < columnIndexes.size(); ++k)
      cols += (k ? ", " : "") + columns_.at(columnIndexes[k]).name;
    std::string sql = "INSERT INTO " + type_.type.table + " (" + cols + ") VALUES ";
    std::size_t p = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t k = 0; k < columnIndexes.size(); ++k) {
        sql += (k ? ", :p" : ":p") + std::to_string(p++);
        params.push_back(columns_[columnIndexes[k]].integer);
      }
      sql += ")";
    }
    cached = &statement(sql, params, {});
  }
  BoundStatement& st = *cached;
  std::size_t p = 0;
  for (const auto& r : rows)
    for (std::size_t c : columnIndexes) st.set(p++, r[c]);
  st.execute();
}

void RecordStore::update(long long id, const Record& r,
                         const std::vector<std::size_t>& columnIndexes) {
  if (columnIndexes.empty()) return;
  BoundStatement*& cached = updates_[columnIndexes];
  if (!cached) {
    std::string sql = "UPDATE " + type_.type.table + " SET ";
    std::vector<bool> params;
    for (std::size_t k = 0; k < columnIndexes.size(); ++k) {
      const Column& c = columns_.at(columnIndexes[k]);
      sql += (k ? ", " : "") + c.name + " = :p" + std::to_string(k);
      params.push_back(c.integer);
    }
    sql += " WHERE id = :id";
    params.push_back(true);
    cached = &statement(sql, params, {});
  }
  BoundStatement& st = *cached;
  for (std::size_t k = 0; k < columnIndexes.size(); ++k)
    st.set(k, r.get(columns_[columnIndexes[k]].key));
  st.set(columnIndexes.size(), Value{id});
  st.execute();
}

void RecordStore::updateMany(const std::vector<std::pair<long long, std::vector<Value>>>& rows,
                             const std::vector<std::size_t>& columnIndexes) {
  if (rows.empty() || columnIndexes.empty()) return;
  if (sqlite_) {  // no UPDATE ... FROM (VALUES ...) AS v (columns): its prepared UPDATE is as fast
    for (const auto& [id, values] : rows) {
      Record r;
      for (std::size_t c : columnIndexes) r.set(columns_[c].key, values.at(c));
      update(id, r, columnIndexes);
    }
    return;
  }
  // Typed VALUES: PostgreSQL cannot infer a parameter's type inside a VALUES list.
  std::string sql = "UPDATE " + type_.type.table + " SET ";
  for (std::size_t k = 0; k < columnIndexes.size(); ++k) {
    const Column& c = columns_.at(columnIndexes[k]);
    sql += (k ? ", " : "") + c.name + " = v.c" + std::to_string(k);
  }
  sql += " FROM (VALUES ";
  std::vector<bool> params;
  std::size_t p = 0;
  auto param = [&](bool integer) {
    params.push_back(integer);
    return "CAST(:p" + std::to_string(p++) + (integer ? " AS BIGINT)" : " AS TEXT)");
  };
  for (std::size_t r = 0; r < rows.size(); ++r) {
    sql += (r ? ", (" : "(") + param(true);
    for (std::size_t c : columnIndexes) sql += ", " + param(columns_[c].integer);
    sql += ")";
  }
  sql += ") AS v (id";
  for (std::size_t k = 0; k < columnIndexes.size(); ++k) sql += ", c" + std::to_string(k);
  sql += ") WHERE " + type_.type.table + ".id = v.id";
  BoundStatement& st = statement(sql, params, {});
  p = 0;
  for (const auto& [id, values] : rows) {
    st.set(p++, Value{id});
    for (std::size_t c : columnIndexes) st.set(p++, values[c]);
  }
  st.execute();
}

bool RecordStore::valueTaken(const Column& c, const Value& v, long long exceptId) {
  BoundStatement*& cached = uniqueChecks_[static_cast<std::size_t>(&c - columns_.data())];
  if (!cached) {
    std::string sql =
        "SELECT id FROM " + type_.type.table + " WHERE " + c.name + " = :v AND id <> :id LIMIT 1";
    cached = &statement(sql, {c.integer, true}, {true});
  }
  BoundStatement& st = *cached;
  st.set(0, v);
  st.set(1, Value{exceptId});
  return st.queryOne().has_value();
}

std::unordered_map<std::string, long long> RecordStore::holders(const Column& c,
                                                                const std::vector<Value>& values) {
  std::unordered_map<std::string, long long> out;
  if (values.empty()) return out;
  std::string sql =
      "SELECT id, " + c.name + " FROM " + type_.type.table + " WHERE " + c.name + " IN (";
  std::vector<bool> params;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string p = ":v" + std::to_string(i);
    sql += (i ? ", " : "") + (c.integer ? "CAST(" + p + " AS BIGINT)" : p);
    params.push_back(c.integer);
  }
  sql += ")";
  std::unique_ptr<BoundStatement> once;
  if (!sqlite_)
    once = std::make_unique<BoundStatement>(session_, sql, params,
                                            std::vector<bool>{true, c.integer}, true);
  BoundStatement& st = sqlite_ ? statement(sql, params, {true, c.integer}) : *once;
  for (std::size_t i = 0; i < values.size(); ++i) {
    st.set(i, values[i]);
    out.emplace(toText(values[i]), 0);  // asked about, held by nobody unless found below
  }
  for (bool row = st.execute(); row; row = st.fetch())
    out[toText(st.result(1))] = std::get<long long>(st.result(0));
  return out;
}

void RecordStore::scan(const std::vector<Filter>& filters, const std::string& condition,
                       std::optional<long long> scope) {
  std::vector<bool> params;
  std::string sql = "SELECT " + selectList() + " FROM " + type_.type.table +
                    whereClause(filters, condition, scope, params) + " ORDER BY id";
  scan_ = std::make_unique<BoundStatement>(session_, sql, params, resultKinds());
  bindWhere(*scan_, filters, scope);
  scanHasRow_ = scan_->execute();
}

std::optional<Record> RecordStore::nextScanned() {
  if (!scan_ || !scanHasRow_) return std::nullopt;
  Record r = toRecord(*scan_);
  scanHasRow_ = scan_->fetch();
  return r;
}

std::string RecordStore::whereClause(const std::vector<Filter>& filters,
                                     const std::string& condition, std::optional<long long> scope,
                                     std::vector<bool>& params) const {
  std::string sql;
  for (std::size_t k = 0; k < filters.size(); ++k) {
    sql += sql.empty() ? " WHERE " : " AND ";
    if (!filters[k].anyOf.empty()) {
      std::string any;
      for (std::size_t i = 0; i < filters[k].anyOf.size(); ++i) {
        any += (i ? " OR LOWER(" : "LOWER(") + columns_.at(filters[k].anyOf[i]).name + ") LIKE :f" +
               std::to_string(k) + "_" + std::to_string(i) + " ESCAPE '\\'";
        params.push_back(false);
      }
      sql += "(" + any + ")";
      continue;
    }
    const Column& c = columns_.at(filters[k].column);
    sql += c.name + " = :f" + std::to_string(k);
    params.push_back(c.integer);
  }
  if (!condition.empty()) {
    sql += (sql.empty() ? " WHERE " : " AND ") + ("(" + condition + ")");
    if (scope) params.push_back(true);
  }
  return sql;
}

void RecordStore::bindWhere(BoundStatement& st, const std::vector<Filter>& filters,
                            std::optional<long long> scope) const {
  std::size_t p = 0;
  for (const auto& f : filters)
    for (std::size_t i = 0; i < std::max<std::size_t>(1, f.anyOf.size()); ++i) st.set(p++, f.value);
  if (scope) st.set(p, Value{*scope});
}

std::vector<Record> RecordStore::page(const std::vector<Filter>& filters,
                                      const std::string& condition, std::optional<long long> scope,
                                      std::optional<std::size_t> sortColumn, bool descending,
                                      long long limit, long long offset) {
  std::vector<bool> params;
  const std::string& table = type_.type.table;
  std::string order = " ORDER BY ";
  if (sortColumn) order += columns_.at(*sortColumn).name + (descending ? " DESC, " : ", ");
  order += std::string("id") + (descending && !sortColumn ? " DESC" : "");
  std::string matches = whereClause(filters, condition, scope, params) + order + " LIMIT " +
                        std::to_string(limit) + " OFFSET " + std::to_string(offset);
  // PostgreSQL, beyond the first page: the page's ids first (one array, computed once), then
  // only their rows by the primary key. The rows skipped are counted in an index that holds the
  // filter's columns and the id, without reading each from the table — in a province, each from
  // another page of it. The first page reads its rows straight from such an index. A SQLite
  // index holds the rowid, which is the id: its plan skips rows in the index already.
  std::string sql = "SELECT " + selectList() + " FROM " + table;
  if (sqlite_ || offset == 0)
    sql += matches;
  else
    sql += " WHERE id = ANY(ARRAY(SELECT id FROM " + table + matches + "))" + order;
  BoundStatement st(session_, sql, params, resultKinds(), true);
  bindWhere(st, filters, scope);
  std::vector<Record> out;
  for (bool row = st.execute(); row; row = st.fetch()) out.push_back(toRecord(st));
  return out;
}

long long RecordStore::countMatching(const std::vector<Filter>& filters,
                                     const std::string& condition, std::optional<long long> scope) {
  std::vector<bool> params;
  std::string sql =
      "SELECT COUNT(*) FROM " + type_.type.table + whereClause(filters, condition, scope, params);
  BoundStatement st(session_, sql, params, {true}, true);
  bindWhere(st, filters, scope);
  st.execute();
  return std::get<long long>(st.result(0));
}

void RecordStore::remove(long long id) {
  BoundStatement& st = statement("DELETE FROM " + type_.type.table + " WHERE id = :id", {true}, {});
  st.set(0, Value{id});
  st.execute();
}

bool RecordStore::empty() {
  int one = 0;
  session_ << "SELECT 1 FROM " + type_.type.table + " LIMIT 1", soci::into(one);
  return !session_.got_data();
}

bool RecordStore::emptyAndGuarded(const std::vector<const Column*>& unique) {
  if (!empty()) return false;
  if (sqlite_) return true;
  // A unique index (not partial, not on expressions) whose columns are all among `columns`.
  auto uniqueIndexWithin = [&](const std::string& columns) {
    int one = 0;
    session_ << "SELECT 1 FROM pg_index i WHERE i.indrelid = CAST(:t AS regclass) AND "
                "i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL AND "
                "(SELECT array_agg(a.attname::text) FROM pg_attribute a WHERE a.attrelid = "
                "i.indrelid AND a.attnum = ANY(i.indkey)) <@ CAST(:c AS TEXT[]) LIMIT 1",
        soci::use(type_.type.table), soci::use(columns), soci::into(one);
    return session_.got_data();
  };
  std::string key = "{";
  for (const auto& k : type_.type.naturalKey) {
    if (key.size() > 1) key += ',';
    appendArrayElement(key, Value{type_.type.field(k)->columnName()});
  }
  if (!uniqueIndexWithin(key + "}")) return false;
  for (const Column* c : unique) {
    std::string one = "{";
    appendArrayElement(one, Value{c->name});
    if (!uniqueIndexWithin(one + "}")) return false;
  }
  return true;
}

long long RecordStore::count() {
  long long n = 0;
  session_ << "SELECT COUNT(*) FROM " + type_.type.table, soci::into(n);
  return n;
}

}  // namespace tdr::host
