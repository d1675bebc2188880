#include "io/importer.h"

#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/context.h>
#include <tdr/error.h>

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "audit/audit_log.h"
#include "db/transaction.h"
#include "records/field_codec.h"
#include "records/record_events.h"
#include "records/record_scope.h"
#include "records/record_store.h"
#include "records/record_validator.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

std::string lowerAscii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Maps header cells to fields; throws with every problem listed.
std::vector<const Field*> mapHeader(const RecordTypeEntry& type, const RowSource& source) {
  const RecordType& t = type.type;
  std::vector<const Field*> mapping;
  std::vector<FieldError> problems;
  std::vector<bool> seen(t.fields.size(), false);
  std::string expected, expectedLabels;
  for (const auto& f : t.fields) {
    expected += (expected.empty() ? "" : ", ") + f.name();
    expectedLabels += (expectedLabels.empty() ? "" : "、") + f.label();
  }
  for (const auto& raw : source.header()) {
    std::string h = trimCell(raw);
    const Field* match = nullptr;
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      const Field& f = t.fields[i];
      if (lowerAscii(h) == f.name() || (!f.label().empty() && h == f.label())) {
        match = &f;
        if (seen[i]) problems.push_back({h, tr("列重复出现", "column appears twice"), 1});
        seen[i] = true;
      }
    }
    if (!match)
      problems.push_back({h,
                          tr("不认识的列（可用的列：" + expectedLabels + "）",
                             "unknown column (expected: " + expected + ")"),
                          1});
    mapping.push_back(match);
  }
  for (std::size_t i = 0; i < t.fields.size(); ++i) {
    const Field& f = t.fields[i];
    bool isKey =
        std::find(t.naturalKey.begin(), t.naturalKey.end(), f.name()) != t.naturalKey.end();
    if (!seen[i] && (f.isRequired() || isKey))
      problems.push_back(
          {f.name(),
           tr("缺少必填列（" + f.label() + "）", "required column is missing (" + f.label() + ")"),
           1});
  }
  if (!problems.empty())
    throw validationError(
        tr("文件“" + source.name() + "”的表头不符合" + t.label + "的格式",
           "file '" + source.name() + "': the header does not fit " + type.qualifiedName),
        problems);
  return mapping;
}

// A 64-bit hash of a key, for in-file duplicate detection with memory flat in row width.
std::uint64_t keyHash(const std::string& s) { return std::hash<std::string>{}(s); }

// The line of the first row with each key hash: open addressing with linear probing, two flat
// arrays at most half full, no allocation per row (a node-based map was a tenth of an import).
class LineIndex {
 public:
  /// {line of the earlier row with this key, false}, or {line, true} when the key is new.
  std::pair<long long, bool> insert(std::uint64_t key, long long line) {
    if (key == 0) key = 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > keys_.size()) grow();
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == 0) {
        keys_[i] = key;
        lines_[i] = line;
        ++size_;
        return {line, true};
      }
      if (keys_[i] == key) return {lines_[i], false};
    }
  }

 private:
  static std::size_t mix(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  void grow() {
    std::vector<std::uint64_t> keys(std::max<std::size_t>(1 << 12, keys_.size() * 2), 0);
    std::vector<long long> lines(keys.size(), 0);
    keys_.swap(keys);
    lines_.swap(lines);
    size_ = 0;
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i]) insert(keys[i], lines[i]);
  }
  std::vector<std::uint64_t> keys_;
  std::vector<long long> lines_;
  std::size_t size_ = 0;
};

}  // namespace

ImportReport importRows(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                        RowSource& source, const ImportOptions& options) {
  const RecordType& t = type.type;
  ImportReport report;
  report.file = source.name();
  report.encoding = source.encoding();
  auto mapping = mapHeader(type, source);

  soci::session& db = ctx.db();
  RecordStore store(db, type);
  ReferenceResolver refs(db, registry);
  FieldCodec codec(refs, options.nationalIdKey);
  const auto& columns = store.columns();

  // Columns the file provides: only those are compared and updated on existing records.
  std::vector<std::size_t> provided;
  for (std::size_t c = 0; c < columns.size(); ++c)
    for (const Field* f : mapping)
      if (f == columns[c].field) {
        provided.push_back(c);
        break;
      }
  RecordScope scope(db, registry, type, ctx.user());
  const std::string& writeCapability = scope.writeCapability();
  if (!ctx.can(writeCapability))
    throw forbidden(
        tr("导入" + t.label + "需要权限 " + writeCapability,
           "importing " + type.qualifiedName + " needs capability '" + writeCapability + "'"));
  if (std::string why = scope.unwritableReason(); !why.empty()) throw forbidden(why);
  RecordValidator validator(ctx, store, codec, scope);
  const auto& uniqueColumns = validator.uniqueColumns();
  // Plugins listening to this record type's writes see each row as it is written.
  const RecordEvents events(registry, type);

  // In-file duplicates, by 64-bit hashes of the values: memory flat in the width of a row.
  LineIndex keyLines;
  std::vector<LineIndex> uniqueLines(uniqueColumns.size());

  WriteTransaction tx(db);
  // On SQLite the import is the only writer from here on: if the table is empty now, no row of
  // the file can match a stored record (duplicates inside the file are caught by the hashes
  // above), so the key and unique-value lookups are skipped — the first import of a district or
  // of a year's records. PostgreSQL has concurrent writers: it always looks.
  // (Not when plugins listen to the writes: their handlers may write rows of their own.)
  const bool emptyAtStart =
      dialectOf(db) == Dialect::kSQLite && !events.listened() && store.empty();
  if (emptyAtStart) validator.assumeEmptyStore();
  // Rows waiting to be inserted: safe to defer, since duplicates inside the file are caught by
  // the hashes above and later rows only look up records that existed before the import.
  constexpr std::size_t kBatch = 200;
  std::vector<std::vector<Value>> batch;  // by column index
  std::vector<std::size_t> batchColumns;
  // Columns in key order: a record's values are read in one pass over its (sorted) map.
  std::vector<std::pair<const std::string*, std::size_t>> columnsByKey;
  for (std::size_t c = 0; c < columns.size(); ++c) columnsByKey.push_back({&columns[c].key, c});
  std::sort(columnsByKey.begin(), columnsByKey.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  // On PostgreSQL changed records are written a batch at a time too (one UPDATE ... FROM
  // VALUES per batch and set of changed columns instead of a round trip per row); SQLite's
  // prepared single-row UPDATE is as fast. Not when plugins listen to each write.
  const bool batchUpdates = !store.onSQLite() && !events.listened();
  std::map<std::vector<std::size_t>, std::vector<std::pair<long long, std::vector<Value>>>> updates;
  auto columnValues = [&](const Record& rec, std::vector<Value>& out) {
    out.assign(columns.size(), Value{});
    const auto& values = rec.values();
    auto it = values.begin();
    for (const auto& [key, c] : columnsByKey) {
      while (it != values.end() && it->first < *key) ++it;
      if (it == values.end()) break;
      if (it->first == *key) out[c] = it->second;
    }
  };
  auto flush = [&] {
    store.insertMany(batch, batchColumns);
    batch.clear();
  };
  std::vector<std::size_t> given;
  std::vector<std::string> cells;
  long long line = 0;
  std::vector<FieldError> rowErrors;
  auto reject = [&](const std::vector<FieldError>& errs) {
    ++report.rejected;
    for (const auto& e : errs) {
      if (report.errors.size() < ImportReport::kMaxErrors)
        report.errors.push_back(e);
      else
        ++report.moreErrors;
    }
  };

  // Rows that parsed are looked up by natural key a batch at a time (one query instead of one
  // per row), then checked against the store and written in file order.
  struct PendingRow {
    Record rec;
    long long line;
    std::vector<FieldError> errors;
    const Field* masked;
    Record claims;
  };
  constexpr std::size_t kLookupBatch = 256;
  std::vector<PendingRow> pending;
  auto settle = [&] {
    std::vector<const Record*> keys;
    for (const auto& p : pending) keys.push_back(&p.rec);
    auto found = emptyAtStart ? std::vector<std::optional<Record>>(keys.size())
                              : store.findManyByNaturalKey(keys);
    if (!emptyAtStart && !uniqueColumns.empty()) {
      // Unique values of the batch looked up together too (one query a column).
      std::vector<std::unordered_map<std::string, long long>> holders;
      for (const Column* c : uniqueColumns) {
        std::vector<Value> values;
        for (const auto& p : pending)
          if (p.errors.empty() && !isNull(p.rec.get(c->key))) values.push_back(p.rec.get(c->key));
        holders.push_back(store.holders(*c, values));
      }
      validator.setHolders(std::move(holders));
    }
    for (std::size_t i = 0; i < pending.size(); ++i) {
      Record& rec = pending[i].rec;
      long long line = pending[i].line;
      std::vector<FieldError>& rowErrors = pending[i].errors;
      const std::optional<Record>& existing = found[i];
      validator.restoreMasked(pending[i].masked);
      validator.restoreClaims(std::move(pending[i].claims));
      if (rowErrors.empty()) validator.checkAgainstStore(rec, existing, line, rowErrors);
      if (!rowErrors.empty()) {
        reject(rowErrors);
        continue;
      }
      // Once a row is bad in atomic mode nothing will be written: keep validating only.
      bool writing = options.partial || report.rejected == 0;
      if (existing) {
        std::vector<std::size_t> changed;
        // Columns of the file, and values the prepare hook derived (sanction end dates ...).
        const auto& set = rec.values();
        for (std::size_t c = 0; c < columns.size(); ++c) {
          bool inFile = std::find(provided.begin(), provided.end(), c) != provided.end();
          if ((inFile || set.count(columns[c].key)) &&
              existing->get(columns[c].key) != rec.get(columns[c].key))
            changed.push_back(c);
        }
        if (changed.empty()) {
          ++report.unchanged;
        } else {
          if (writing && batchUpdates) {
            std::vector<Value> values;
            columnValues(rec, values);
            auto& group = updates[changed];
            group.emplace_back(existing->id(), std::move(values));
            if (group.size() >= kBatch) {
              store.updateMany(group, changed);
              group.clear();
            }
          } else if (writing) {
            store.update(existing->id(), rec, changed);
            events.saved(ctx, existing->id(), false);
          }
          ++report.updated;
        }
      } else {
        if (writing) {
          // Every value the row (or the record type's prepare hook) gives; empty ones are left
          // out, so that columns with SQL defaults get them. New rows go out in multi-row
          // INSERTs: one statement per batch instead of one round trip per row.
          std::vector<Value> values;
          columnValues(rec, values);
          given.clear();
          for (std::size_t c = 0; c < columns.size(); ++c)
            if (!isNull(values[c])) given.push_back(c);
          if (events.savedListened()) {
            events.saved(ctx, store.insert(rec, given), true);
            ++report.inserted;
            continue;
          }
          if (given != batchColumns || batch.size() >= kBatch) flush();
          batchColumns = given;
          batch.push_back(std::move(values));
        }
        ++report.inserted;
      }
    }
    pending.clear();
    validator.setHolders({});
    for (auto& [changed, group] : updates) {
      store.updateMany(group, changed);
      group.clear();
    }
  };

  while (source.next(cells, line)) {
    if (cells.size() == 1 && trimCell(cells[0]).empty()) continue;  // blank line
    ++report.rows;
    if (options.progress && (report.rows & 0x3FF) == 0)
      options.progress(source.progress(), report.rows);
    rowErrors.clear();
    if (cells.size() != mapping.size()) {
      reject({{"",
               tr("有 " + std::to_string(cells.size()) + " 列，表头有 " +
                      std::to_string(mapping.size()) + " 列",
                  "has " + std::to_string(cells.size()) + " fields, the header has " +
                      std::to_string(mapping.size())),
               line}});
      continue;
    }
    Record rec;
    validator.beginRecord();
    for (std::size_t j = 0; j < cells.size(); ++j)
      validator.parseCell(*mapping[j], trimCell(cells[j]), rec, line, rowErrors);
    validator.checkRequired(mapping, rec, line, rowErrors);
    if (!rowErrors.empty()) {
      reject(rowErrors);
      continue;
    }
    // An empty cell of a column the file has clears the stored value (the record is merged
    // over the stored one before it is checked).
    for (const Field* f : mapping) {
      if (f->isReadOnly() || f == validator.maskedField() || rec.values().count(f->name()))
        continue;
      rec.set(f->name(), Value{});
      if (f->type() == FieldType::kNationalId) rec.set(f->name() + "_last4", Value{});
    }

    std::string key;
    for (const auto& k : t.naturalKey) key += toText(rec.get(k)) + '\x1F';
    auto [first, fresh] = keyLines.insert(keyHash(key), line);
    if (!fresh) {
      std::string keyNames, keyLabels;
      for (const auto& k : t.naturalKey) {
        keyNames += (keyNames.empty() ? "" : " + ") + k;
        keyLabels += (keyLabels.empty() ? "" : "、") + t.field(k)->label();
      }
      reject({{t.naturalKey.back(),
               tr("与第 " + std::to_string(first) + " 行重复（" + keyLabels + "相同）",
                  "duplicates line " + std::to_string(first) + " (same " + keyNames + ")"),
               line}});
      continue;
    }
    for (std::size_t u = 0; u < uniqueColumns.size(); ++u) {
      const Value& v = rec.get(uniqueColumns[u]->key);
      if (isNull(v)) continue;
      auto [ufirst, ufresh] = uniqueLines[u].insert(keyHash(toText(v)), line);
      if (!ufresh)
        rowErrors.push_back({uniqueColumns[u]->key,
                             tr("与第 " + std::to_string(ufirst) + " 行的值相同",
                                "has the same value as line " + std::to_string(ufirst)),
                             line});
    }
    pending.push_back(
        {std::move(rec), line, std::move(rowErrors), validator.maskedField(), validator.claims()});
    rowErrors.clear();
    if (pending.size() >= kLookupBatch) settle();
  }
  settle();
  if (!batch.empty()) flush();
  if (options.progress) options.progress(1.0, report.rows);
  // Rows were settled a batch at a time: report them in file order.
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const FieldError& a, const FieldError& b) { return a.line < b.line; });

  bool commit = !options.dryRun && (options.partial || report.rejected == 0);
  if (commit) {
    std::ostringstream detail;
    detail << "{\"file\": " << jsonString(report.file)
           << ", \"sha256\": " << jsonString(source.digest())
           << ", \"encoding\": " << jsonString(report.encoding) << ", \"rows\": " << report.rows
           << ", \"inserted\": " << report.inserted << ", \"updated\": " << report.updated
           << ", \"unchanged\": " << report.unchanged << ", \"rejected\": " << report.rejected
           << "}";
    appendAudit(db, {ctx.user().login, "import", type.qualifiedName, 0, detail.str()});
    tx.commit();
    report.written = true;
    // After a bulk load PostgreSQL's planner still believes the table is as small as before
    // (until autovacuum gets to it) and picks plans that scan it per row: refresh its statistics.
    if (ctx.dialect() == Dialect::kPostgreSQL && report.inserted + report.updated >= 10000)
      db << "ANALYZE " + t.table;
  } else {
    tx.rollback();
  }
  return report;
}

}  // namespace tdr::host
