#pragma once

#include <tdr/context.h>
#include <tdr/value.h>

#include <optional>
#include <string>
#include <vector>

#include "registry/registry.h"

namespace soci {
class session;
}

namespace tdr::host {

/// Which records of one type a user may see and change, from the declarations alone: the
/// type's read/write capabilities; for school-scoped users its school chain (school field ->
/// core.schools, core.teachers' home school, or another school-scoped type, followed to the
/// end); for own-record users its teacher field; for users with an attribute the type binds
/// (a training centre's provider), the field that must equal it. Lists, gets, exports,
/// imports, writes and record actions all ask this one class.
class RecordScope {
 public:
  RecordScope(soci::session& s, const Registry& registry, const RecordTypeEntry& type,
              const User& user);

  const std::string& readCapability() const { return readCap_; }
  const std::string& writeCapability() const { return writeCap_; }
  /// Why the user may not read this type at all, "" when they may (capability aside): a
  /// restricted user and a type holding people's data with no chain to their scope.
  std::string hiddenReason() const;
  /// Why the user may not write this type at all, "" when they may (capability aside).
  std::string unwritableReason() const;

  /// True when the type has a school chain.
  bool bound() const { return !chain_.empty(); }
  /// True when lists and reads are limited for this user (school or own records).
  bool restricted() const { return parameter_.has_value(); }
  /// The integer bound to `:param` in condition(): the user's school id or teacher id.
  const std::optional<long long>& parameter() const { return parameter_; }
  /// An SQL condition on the type's table restricting it to the user's records ("" = none).
  std::string condition(const std::string& param) const;
  /// True when `r` (a stored record or one about to be) is within the user's scope.
  bool contains(const Record& r);
  /// When the user holds an attribute the type binds to a field and `r`'s field differs:
  /// that attribute's name; "" otherwise.
  std::string ownerMismatch(const Record& r) const;
  /// The field whose value decides contains() (for messages).
  std::string fieldName() const;
  /// The school of a record, following the chain (nullopt when unbound or empty).
  std::optional<long long> schoolOf(const Record& r);

 private:
  struct Hop {
    std::string table;   // table holding the reference
    std::string column;  // its column
  };
  soci::session& session_;
  const RecordTypeEntry& type_;
  const User& user_;
  std::string readCap_, writeCap_;
  std::vector<Hop> chain_;  // from this type's school field to core_schools ids
  bool selfIsSchools_ = false;
  const Field* schoolField_ = nullptr;
  const Field* teacherField_ = nullptr;
  bool selfIsTeachers_ = false;
  bool holdsPeople_ = false;
  std::optional<long long> parameter_;
};

/// The chain of a record type's school field to core_schools, or why it has none that works;
/// used at load to refuse a plugin whose school field leads nowhere.
std::string schoolChainProblem(const Registry& registry, const RecordTypeEntry& type);

}  // namespace tdr::host
