#pragma once

#include <soci/soci-backend.h>
#include <tdr/json.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/sensitive_reads.h"
#include "records/field_codec.h"
#include "records/record_scope.h"
#include "records/record_store.h"
#include "records/record_validator.h"
#include "registry/registry.h"

namespace tdr {
class Context;
}

namespace tdr::host {

class JsonWriter;

/// A list request: equality filters on declared fields (values as in files), a sort field
/// ("" = id; descending when `descending`), a page.
struct ListQuery {
  std::vector<std::pair<std::string, std::string>> filters;
  std::string search;  ///< text any text, choice or date field contains ("" = none)
  std::string sort;
  bool descending = false;
  long long page = 1;
  long long pageSize = 50;
  static constexpr long long kMaxPageSize = 500;
};

/// Create, read, update, delete and list of one record type for one acting user, as the HTTP
/// API offers them: capability checks (`<plugin>:read`, `<plugin>:write`), school scoping,
/// the same validation as imports, sensitive fields hidden, every write audited in the same
/// transaction. Records come back as JSON text.
class RecordService {
 public:
  /// `cache`: the prepared statements of the pooled session the request runs on, if any.
  /// `asPlugin`: writes for plugin code (Context::save): no capability or user scope applies,
  /// read-only fields may be set; validation, events and audit as always.
  RecordService(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                const std::string& nationalIdKey, StatementCache* cache = nullptr,
                bool asPlugin = false);
  ~RecordService();

  /// `{"items": [...], "page": n, "page_size": n, "total": n}`
  std::string list(const ListQuery& q);
  std::string get(long long id);
  /// Creates a record from a JSON object; returns its JSON (with "id").
  std::string create(const JsonPtr& body);
  /// Changes the fields present in the JSON object.
  std::string update(long long id, const JsonPtr& body);
  void remove(long long id);
  /// remove() inside the caller's transaction.
  void erase(long long id);

  /// Writes a record given as stored values (Context::save): a new one when its id is 0,
  /// else the values it holds over the stored one. Returns the id.
  long long save(const Record& values);

  /// The stored record `id` if the acting user may read it; not_found otherwise (a record
  /// outside their scope is not revealed).
  Record load(long long id);
  /// Throws forbidden unless the acting user may read ("read") or write ("write") this type.
  void require(const std::string& verb) const;
  /// Throws forbidden unless the acting user may change the stored record `r` (scope, owner
  /// attributes).
  void requireWritable(const Record& r);
  /// A record as the API shows it to the acting user, with the record actions they may run on
  /// it now and, `withTitles`, `_titles`: each reference's title (Registrar::recordTitle) where
  /// the user may read its target.
  std::string toJson(const Record& r, bool withTitles = false);
  void writeJson(JsonWriter& w, const Record& r, bool withTitles = false);
  /// The record's own fault in a database refusal (NOT NULL, unique, foreign key, check) as
  /// a 422/409 naming the field; anything else is rethrown. Call only inside a catch block.
  Error constraintError(const soci::soci_error& e) const;
  /// The record actions the acting user may run on `r` now.
  std::vector<const RecordActionDecl*> actionsFor(const Record& r);
  /// The sensitive values list(), get() and toJson() have shown so far, for the audit log.
  const SensitiveRead& sensitiveRead() const { return sensitive_; }

 private:
  Record parseBody(const JsonPtr& body, bool creating, std::vector<FieldError>& errors);
  long long write(Record changes, std::optional<Record> before, std::vector<FieldError>& errors);

  Context& ctx_;
  const Registry& registry_;
  const RecordTypeEntry& type_;
  RecordStore store_;
  ReferenceResolver refs_;
  FieldCodec codec_;
  RecordScope scope_;
  RecordValidator validator_;
  bool asPlugin_;
  std::vector<const RecordActionDecl*> recordActions_;
  std::vector<const Field*> titled_;  // reference fields shown with their target's title
  SensitiveRead sensitive_;
};

}  // namespace tdr::host
