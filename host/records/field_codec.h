#pragma once

#include <tdr/record.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/bound_statement.h"
#include "registry/registry.h"

namespace soci {
class session;
}

namespace tdr::host {

/// Turns the natural keys used in files (staff_no, school code) into ids and back, cached.
class ReferenceResolver {
 public:
  ReferenceResolver(soci::session& s, const Registry& registry, StatementCache* cache = nullptr);
  ~ReferenceResolver();

  /// The id of the `target` record whose natural key is `key`.
  std::optional<long long> idFor(const std::string& target, const std::string& key);
  /// Looks the ids of `keys` of `target` up together (PostgreSQL: one query per 1,000 keys not
  /// yet known), so that idFor() answers them from memory: an import resolves a batch of rows'
  /// references in one round trip instead of one per distinct key. SQLite answers idFor()
  /// in-process as fast: nothing is done there.
  void prefetch(const std::string& target, const std::vector<std::string>& keys);
  /// The natural key of `target` record `id` ("" if it does not exist).
  std::string keyFor(const std::string& target, long long id);
  /// The title (Registrar::recordTitle) of `target` record `id`: "" when the type declares none
  /// or the record does not exist.
  std::string titleFor(const std::string& target, long long id);
  /// The field name of `target`'s natural key ("staff_no").
  std::string keyName(const std::string& target);
  /// Why `key` names no `target` record, with labels ("没有工号为 'T9' 的教师").
  std::string unknownReason(const std::string& target, const std::string& key);

 private:
  struct Target;
  Target& target(const std::string& name);

  const Registry& registry_;
  bool postgres_;
  std::unique_ptr<StatementCache> ownCache_;
  StatementCache& cache_;
  std::map<std::string, std::unique_ptr<Target>> targets_;
};

/// Parses file cells into stored values and formats stored values for files, per field type.
class FieldCodec {
 public:
  FieldCodec(ReferenceResolver& refs, std::string nationalIdKey)
      : refs_(refs), nationalIdKey_(std::move(nationalIdKey)) {}

  /// Parses a non-empty, trimmed cell into `out` (national IDs also set `<name>_last4`).
  /// Returns "" or the reason the cell is wrong.
  std::string parse(const Field& f, const std::string& cell, Record& out);
  /// The file text of field `f` of a stored record (references as natural keys, money in yuan,
  /// hours as decimals, national IDs masked).
  std::string format(const Field& f, const Record& r);
  /// What a person reads for field `f` of `r` in the current language: as format(), but
  /// choices by their label (codes in English) and booleans as 是/否.
  std::string display(const Field& f, const Record& r);

 private:
  ReferenceResolver& refs_;
  std::string nationalIdKey_;
};

/// Normalises the date spellings spreadsheets produce (2024/3/5, 2024-3-5, 2024.03.05) to
/// YYYY-MM-DD; returns "" when `s` is no real date.
std::string normaliseDate(const std::string& s);

/// Trims ASCII and full-width (U+3000) spaces from both ends.
std::string trimCell(const std::string& s);

}  // namespace tdr::host
