#pragma once

#include <tdr/error.h>
#include <tdr/record.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "records/field_codec.h"
#include "records/record_scope.h"
#include "records/record_store.h"

namespace tdr {
class Context;
}

namespace tdr::host {

/// The checks every write of a record goes through, whether it comes from a file row or an
/// HTTP body: cell parsing, required fields, unique columns, the user's school, the record
/// type's own validation. Errors are collected, never thrown.
class RecordValidator {
 public:
  /// `asPlugin`: the write is plugin code's (Context::save): no user scope applies and
  /// read-only fields may be set.
  RecordValidator(Context& ctx, RecordStore& store, FieldCodec& codec, RecordScope& scope,
                  bool asPlugin = false);

  /// Starts a new record (forgets a masked national ID and read-only claims of the previous
  /// one).
  void beginRecord() {
    masked_ = nullptr;
    claims_ = Record();
  }
  /// Parses one trimmed cell of field `f` into `rec`. An empty cell sets nothing; a masked
  /// national ID ("**************1234") means "keep the stored one". A read-only field's value
  /// (from a user) is kept aside as a claim that must match what the write stores.
  void parseCell(const Field& f, const std::string& cell, Record& rec, long long line,
                 std::vector<FieldError>& errors);
  /// Required fields among `fields` that have no value.
  void checkRequired(const std::vector<const Field*>& fields, const Record& rec, long long line,
                     std::vector<FieldError>& errors) const;
  /// Checks that need the stored record (`existing`, when the write updates one). Turns `rec`
  /// (the change) into the whole record as it will be stored: stored values merged with the
  /// change, read-only fields as stored, then the prepare hook. Then: read-only claims, unique
  /// columns, the user's scope and owner attributes on the stored record and on the result,
  /// and the record type's validate hook (only when everything else passed).
  void checkAgainstStore(Record& rec, const std::optional<Record>& existing, long long line,
                         std::vector<FieldError>& errors);
  /// Unique columns other than a one-field natural key (the key lookup covers that one).
  const std::vector<const Column*>& uniqueColumns() const { return unique_; }
  /// The national-ID field given masked in the current record, if any.
  const Field* maskedField() const { return masked_; }
  /// The read-only values the current record claims (see parseCell).
  const Record& claims() const { return claims_; }
  void restoreClaims(Record claims) { claims_ = std::move(claims); }
  /// Makes `field` the current record's masked national ID again (for records checked later
  /// than they were parsed, as imports do a batch at a time).
  void restoreMasked(const Field* field) { masked_ = field; }
  /// The table held no record when the write began and nobody else can write meanwhile (an
  /// import on SQLite): no stored value can clash, so unique columns are not looked up.
  void assumeEmptyStore() { emptyStore_ = true; }
  /// The stored holders of the unique columns' values of the records about to be checked
  /// (aligned with uniqueColumns(): value as text -> record id), looked up a batch at a time;
  /// cleared with an empty vector.
  void setHolders(std::vector<std::unordered_map<std::string, long long>> holders) {
    holders_ = std::move(holders);
  }

 private:
  Context& ctx_;
  RecordStore& store_;
  FieldCodec& codec_;
  RecordScope& scope_;
  bool asPlugin_;
  std::vector<const Column*> unique_;
  const Field* masked_ = nullptr;
  Record claims_;
  bool emptyStore_ = false;
  std::vector<std::unordered_map<std::string, long long>> holders_;
};

/// "**************1234": how exports show a national ID.
bool isMaskedNationalId(const std::string& s);

}  // namespace tdr::host
