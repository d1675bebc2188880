#include "io/importer.h"

#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/context.h>
#include <tdr/error.h>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "audit/audit_log.h"
#include "db/database.h"
#include "db/transaction.h"
#include "io/import_header.h"
#include "io/line_index.h"
#include "records/field_codec.h"
#include "records/record_events.h"
#include "records/record_scope.h"
#include "records/record_store.h"
#include "records/record_validator.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

// One import as a pipeline of small stages:
//   header mapping (import_header) → parse each row (parseRow) → in-file duplicates
//   (LineIndex) → batch look-up of stored records and unique values (settle) → checks against
//   the store and the plugin's validate → write (insert batches, updates) → audit + commit.
// One transaction: by default one bad row means nothing is written.
class ImportRun {
 public:
  ImportRun(Context& ctx, const Registry& registry, const RecordTypeEntry& type, RowSource& source,
            const ImportOptions& options);

  ImportReport run();

 private:
  // A row that parsed, waiting for the batch look-up.
  struct PendingRow {
    Record rec;
    long long line;
    std::vector<FieldError> errors;
    const Field* masked;
    Record claims;
  };
  static constexpr std::size_t kBatch = 200;       // rows per multi-row INSERT / UPDATE
  static constexpr std::size_t kCopyBatch = 5000;  // rows per COPY (PostgreSQL's inserts)
  // Rows per natural-key look-up: SQLite's look-up is a statement of 256 OR terms (cached); on
  // PostgreSQL a batch is one round trip of arrays whatever its size.
  static constexpr std::size_t kLookupBatch = 256;
  static constexpr std::size_t kPgLookupBatch = 1024;

  void checkWritable();
  void prepareColumns();
  void parseBatch();
  void prefetchReferences();
  void readRow(const std::vector<std::string>& cells, long long line);
  bool duplicateInFile(const Record& rec, long long line, std::vector<FieldError>& errors);
  void settle();
  void lookUpUniqueValues();
  void writeExisting(const Record& rec, const Record& existing, bool writing);
  void writeNew(const Record& rec, bool writing);
  void flushInserts();
  void flushUpdates();
  void reject(const std::vector<FieldError>& errors);
  void columnValues(const Record& rec, std::vector<Value>& out) const;
  void finish();

  Context& ctx_;
  const RecordTypeEntry& type_;
  RowSource& source_;
  const ImportOptions& options_;
  ImportReport report_;
  std::vector<const Field*> mapping_;
  soci::session& db_;
  RecordStore store_;
  ReferenceResolver refs_;
  FieldCodec codec_;
  RecordScope scope_;
  std::optional<RecordValidator> validator_;
  const RecordEvents events_;
  // In-file duplicates, by 64-bit hashes of the values: memory flat in the width of a row.
  LineIndex keyLines_;
  std::vector<LineIndex> uniqueLines_;
  std::vector<std::size_t> provided_;  // columns the file provides (compared, updated)
  // Columns in key order: a record's values are read in one pass over its (sorted) map.
  std::vector<std::pair<const std::string*, std::size_t>> columnsByKey_;
  bool emptyAtStart_ = false;
  bool batchUpdates_ = false;
  // Rows read from the file, waiting to be parsed a batch at a time (cells reused row to row).
  struct RawRow {
    std::vector<std::string> cells;
    long long line = 0;
  };
  std::vector<RawRow> raw_;
  std::size_t rawCount_ = 0;
  std::vector<PendingRow> pending_;
  std::vector<std::vector<Value>> inserts_;  // by column index
  std::vector<std::size_t> insertColumns_;
  std::map<std::vector<std::size_t>, std::vector<std::pair<long long, std::vector<Value>>>>
      updates_;  // by the set of changed columns
};

ImportRun::ImportRun(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                     RowSource& source, const ImportOptions& options)
    : ctx_(ctx),
      type_(type),
      source_(source),
      options_(options),
      mapping_(mapHeader(type, source)),
      db_(ctx.db()),
      store_(db_, type),
      refs_(db_, registry),
      codec_(refs_, options.nationalIdKey),
      scope_(db_, registry, type, ctx.user()),
      events_(registry, type) {
  report_.file = source.name();
  report_.encoding = source.encoding();
}

void ImportRun::checkWritable() {
  const std::string& capability = scope_.writeCapability();
  if (!ctx_.can(capability))
    throw forbidden(
        tr("导入" + type_.type.label + "需要权限 " + capability,
           "importing " + type_.qualifiedName + " needs capability '" + capability + "'"));
  if (std::string why = scope_.unwritableReason(); !why.empty()) throw forbidden(why);
}

void ImportRun::prepareColumns() {
  const auto& columns = store_.columns();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (std::find(mapping_.begin(), mapping_.end(), columns[c].field) != mapping_.end())
      provided_.push_back(c);
    columnsByKey_.push_back({&columns[c].key, c});
  }
  std::sort(columnsByKey_.begin(), columnsByKey_.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
}

ImportReport ImportRun::run() {
  checkWritable();
  prepareColumns();
  validator_.emplace(ctx_, store_, codec_, scope_);
  uniqueLines_.resize(validator_->uniqueColumns().size());
  SqliteBulkCache cache(db_);
  WriteTransaction tx(db_);
  // If the table is empty now, no row of the file can match a stored record (duplicates
  // inside the file are caught by the hashes), so the key and unique-value look-ups are
  // skipped — the first import into a new database. On PostgreSQL only where unique indexes
  // guard the key and unique values: a record another writer commits meanwhile with the same
  // key then fails this import's insert (nothing written; run it again and it updates),
  // where the look-ups would have found it only if it came before them — the same race,
  // wider. Nothing is locked: concurrent imports and edits go on. (Not when plugins listen to
  // the writes: their handlers may write rows of their own.)
  emptyAtStart_ = !events_.listened() && store_.emptyAndGuarded(validator_->uniqueColumns());
  if (emptyAtStart_) validator_->assumeEmptyStore();
  // On PostgreSQL changed records are written a batch at a time too (one UPDATE ... FROM
  // VALUES per batch and set of changed columns instead of a round trip per row); SQLite's
  // prepared single-row UPDATE is as fast. Not when plugins listen to each write.
  batchUpdates_ = !store_.onSQLite() && !events_.listened();

  std::vector<std::string> cells;
  long long line = 0;
  while (source_.next(cells, line)) {
    if (cells.size() == 1 && trimCell(cells[0]).empty()) continue;  // blank line
    ++report_.rows;
    if (options_.progress && (report_.rows & 0x3FF) == 0)
      options_.progress(source_.progress(), report_.rows);
    if (rawCount_ == raw_.size()) raw_.emplace_back();
    raw_[rawCount_].cells.swap(cells);
    raw_[rawCount_++].line = line;
    if (rawCount_ >= (store_.onSQLite() ? kLookupBatch : kPgLookupBatch)) parseBatch();
  }
  parseBatch();
  flushInserts();
  if (options_.progress) options_.progress(1.0, report_.rows);
  // Rows were settled a batch at a time: report them in file order.
  std::stable_sort(report_.errors.begin(), report_.errors.end(),
                   [](const FieldError& a, const FieldError& b) { return a.line < b.line; });
  if (!options_.dryRun && (options_.partial || report_.rejected == 0)) {
    finish();
    // After a bulk load PostgreSQL's planner still believes the table is as small as before
    // (until autovacuum gets to it) and picks plans that scan it per row: refresh statistics.
    // VACUUM too marks the new pages all-visible, so that reports read covering indexes
    // without visiting the table (a province's compliance report: 4.8 s -> 0.5 s). It can only
    // once the commit is on disk (PostgreSQL marks a row's insert committed in its page only
    // then): this commit waits for that even where the server commits asynchronously.
    const bool bulk =
        ctx_.dialect() == Dialect::kPostgreSQL && report_.inserted + report_.updated >= 10000;
    if (bulk) db_ << "SET LOCAL synchronous_commit TO on";
    tx.commit();
    report_.written = true;
    if (bulk) db_ << "VACUUM (ANALYZE) " + type_.type.table;
  } else {
    tx.rollback();
  }
  return report_;
}

// The rows read so far: their references looked up together, then parsed, looked up in the
// store and written.
void ImportRun::parseBatch() {
  prefetchReferences();
  for (std::size_t i = 0; i < rawCount_; ++i) readRow(raw_[i].cells, raw_[i].line);
  rawCount_ = 0;
  settle();
}

// The batch's references (staff numbers, school codes ...) resolved in one query per column
// instead of one per distinct value as rows are parsed.
void ImportRun::prefetchReferences() {
  std::vector<std::string> keys;
  for (std::size_t j = 0; j < mapping_.size(); ++j) {
    if (mapping_[j]->type() != FieldType::kReference) continue;
    keys.clear();
    for (std::size_t i = 0; i < rawCount_; ++i)
      if (j < raw_[i].cells.size()) keys.push_back(trimCell(raw_[i].cells[j]));
    refs_.prefetch(mapping_[j]->target(), keys);
  }
}

// Parses one row's cells into a record and queues it for the batch look-up, or rejects it.
void ImportRun::readRow(const std::vector<std::string>& cells, long long line) {
  std::vector<FieldError> errors;
  if (cells.size() != mapping_.size()) {
    reject({{"",
             tr("有 " + std::to_string(cells.size()) + " 列，表头有 " +
                    std::to_string(mapping_.size()) + " 列",
                "has " + std::to_string(cells.size()) + " fields, the header has " +
                    std::to_string(mapping_.size())),
             line}});
    return;
  }
  Record rec;
  RecordValidator& validator = *validator_;
  validator.beginRecord();
  for (std::size_t j = 0; j < cells.size(); ++j)
    validator.parseCell(*mapping_[j], trimCell(cells[j]), rec, line, errors);
  validator.checkRequired(mapping_, rec, line, errors);
  if (!errors.empty()) {
    reject(errors);
    return;
  }
  // An empty cell of a column the file has clears the stored value (the record is merged
  // over the stored one before it is checked).
  for (const Field* f : mapping_) {
    if (f->isReadOnly() || f == validator.maskedField() || rec.values().count(f->name())) continue;
    rec.set(f->name(), Value{});
    if (f->type() == FieldType::kNationalId) rec.set(f->name() + "_last4", Value{});
  }
  if (duplicateInFile(rec, line, errors)) return;
  pending_.push_back(
      {std::move(rec), line, std::move(errors), validator.maskedField(), validator.claims()});
}

// True (and rejected) when the row's natural key repeats an earlier row's; a repeated unique
// value is added to `errors` (the row still gets its other checks).
bool ImportRun::duplicateInFile(const Record& rec, long long line,
                                std::vector<FieldError>& errors) {
  const RecordType& t = type_.type;
  std::string key;
  for (const auto& k : t.naturalKey) key += toText(rec.get(k)) + '\x1F';
  auto [first, fresh] = keyLines_.insert(keyHash(key), line);
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
    return true;
  }
  const auto& uniqueColumns = validator_->uniqueColumns();
  for (std::size_t u = 0; u < uniqueColumns.size(); ++u) {
    const Value& v = rec.get(uniqueColumns[u]->key);
    if (isNull(v)) continue;
    auto [ufirst, ufresh] = uniqueLines_[u].insert(keyHash(toText(v)), line);
    if (!ufresh)
      errors.push_back({uniqueColumns[u]->key,
                        tr("与第 " + std::to_string(ufirst) + " 行的值相同",
                           "has the same value as line " + std::to_string(ufirst)),
                        line});
  }
  return false;
}

// The unique values of the batch's rows, looked up together (one query a column).
void ImportRun::lookUpUniqueValues() {
  std::vector<std::unordered_map<std::string, long long>> holders;
  for (const Column* c : validator_->uniqueColumns()) {
    std::vector<Value> values;
    for (const auto& p : pending_)
      if (p.errors.empty() && !isNull(p.rec.get(c->key))) values.push_back(p.rec.get(c->key));
    holders.push_back(store_.holders(*c, values));
  }
  validator_->setHolders(std::move(holders));
}

// The pending rows looked up by natural key a batch at a time (one query instead of one per
// row), then checked against the store and written in file order.
void ImportRun::settle() {
  std::vector<const Record*> keys;
  for (const auto& p : pending_) keys.push_back(&p.rec);
  auto found = emptyAtStart_ ? std::vector<std::optional<Record>>(keys.size())
                             : store_.findManyByNaturalKey(keys);
  if (!emptyAtStart_ && !validator_->uniqueColumns().empty()) lookUpUniqueValues();
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    PendingRow& row = pending_[i];
    validator_->restoreMasked(row.masked);
    validator_->restoreClaims(std::move(row.claims));
    if (row.errors.empty()) validator_->checkAgainstStore(row.rec, found[i], row.line, row.errors);
    if (!row.errors.empty()) {
      reject(row.errors);
      continue;
    }
    // Once a row is bad in atomic mode nothing will be written: keep validating only.
    bool writing = options_.partial || report_.rejected == 0;
    if (found[i])
      writeExisting(row.rec, *found[i], writing);
    else
      writeNew(row.rec, writing);
  }
  pending_.clear();
  validator_->setHolders({});
  flushUpdates();
}

void ImportRun::writeExisting(const Record& rec, const Record& existing, bool writing) {
  const auto& columns = store_.columns();
  std::vector<std::size_t> changed;
  // Columns of the file, and values the prepare hook derived (sanction end dates ...).
  const auto& set = rec.values();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    bool inFile = std::find(provided_.begin(), provided_.end(), c) != provided_.end();
    if ((inFile || set.count(columns[c].key)) &&
        existing.get(columns[c].key) != rec.get(columns[c].key))
      changed.push_back(c);
  }
  if (changed.empty()) {
    ++report_.unchanged;
    return;
  }
  ++report_.updated;
  if (!writing) return;
  if (!batchUpdates_) {
    store_.update(existing.id(), rec, changed);
    events_.saved(ctx_, existing.id(), false);
    return;
  }
  std::vector<Value> values;
  columnValues(rec, values);
  auto& group = updates_[changed];
  group.emplace_back(existing.id(), std::move(values));
  if (group.size() >= kBatch) {
    store_.updateMany(group, changed);
    group.clear();
  }
}

// Every value the row (or the record type's prepare hook) gives; empty ones are left out, so
// that columns with SQL defaults get them. New rows go out in multi-row INSERTs: one statement
// per batch instead of one round trip per row.
void ImportRun::writeNew(const Record& rec, bool writing) {
  ++report_.inserted;
  if (!writing) return;
  std::vector<Value> values;
  columnValues(rec, values);
  std::vector<std::size_t> given;
  for (std::size_t c = 0; c < values.size(); ++c)
    if (!isNull(values[c])) given.push_back(c);
  if (events_.savedListened()) {
    events_.saved(ctx_, store_.insert(rec, given), true);
    return;
  }
  if (given != insertColumns_ || inserts_.size() >= (store_.onSQLite() ? kBatch : kCopyBatch))
    flushInserts();
  insertColumns_ = given;
  inserts_.push_back(std::move(values));
}

void ImportRun::flushInserts() {
  if (!inserts_.empty()) store_.insertMany(inserts_, insertColumns_);
  inserts_.clear();
}

void ImportRun::flushUpdates() {
  for (auto& [changed, group] : updates_) {
    if (!group.empty()) store_.updateMany(group, changed);
    group.clear();
  }
}

void ImportRun::reject(const std::vector<FieldError>& errors) {
  ++report_.rejected;
  for (const auto& e : errors) {
    if (report_.errors.size() < ImportReport::kMaxErrors)
      report_.errors.push_back(e);
    else
      ++report_.moreErrors;
  }
}

void ImportRun::columnValues(const Record& rec, std::vector<Value>& out) const {
  out.assign(store_.columns().size(), Value{});
  const auto& values = rec.values();
  auto it = values.begin();
  for (const auto& [key, c] : columnsByKey_) {
    while (it != values.end() && it->first < *key) ++it;
    if (it == values.end()) break;
    if (it->first == *key) out[c] = it->second;
  }
}

// The import's audit entry: the file, its digest and the counts.
void ImportRun::finish() {
  JsonWriter detail;
  detail.beginObject().field("file", report_.file).field("sha256", source_.digest());
  detail.field("encoding", report_.encoding);
  detail.field("rows", static_cast<std::int64_t>(report_.rows));
  detail.field("inserted", static_cast<std::int64_t>(report_.inserted));
  detail.field("updated", static_cast<std::int64_t>(report_.updated));
  detail.field("unchanged", static_cast<std::int64_t>(report_.unchanged));
  detail.field("rejected", static_cast<std::int64_t>(report_.rejected)).endObject();
  appendAudit(db_, {ctx_.user().login, "import", type_.qualifiedName, 0, detail.take()});
}

}  // namespace

ImportReport importRows(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                        RowSource& source, const ImportOptions& options) {
  return ImportRun(ctx, registry, type, source, options).run();
}

}  // namespace tdr::host
