#pragma once

#include <tdr/value.h>

#include <optional>
#include <string>

#include "plugins/registry.h"

namespace soci {
class session;
}

namespace tdr::host {

/// How a record type belongs to a school: through its school field, a reference either to
/// core.schools or to core.teachers (the teacher's home school).
class SchoolScope {
 public:
  SchoolScope(soci::session& s, const RecordTypeEntry& type);

  /// False for record types with no school field (not bound to one school).
  bool bound() const { return field_ != nullptr; }
  /// The school id of a record (nullopt when unbound or the field is empty).
  std::optional<long long> schoolOf(const Record& r);
  /// An SQL condition on the record type's table (alias-free) restricting it to school `:param`.
  std::string condition(const std::string& param) const;
  /// The school field's name.
  std::string fieldName() const;

 private:
  soci::session& session_;
  const Field* field_ = nullptr;
  bool viaTeacher_ = false;
};

}  // namespace tdr::host
