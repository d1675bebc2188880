#include "records/record_scope.h"

#include <soci/soci.h>

namespace tdr::host {

SchoolScope::SchoolScope(soci::session& s, const RecordTypeEntry& type) : session_(s) {
  if (type.qualifiedName == "core.schools") return;
  if (type.type.schoolField.empty()) return;
  const Field* f = type.type.field(type.type.schoolField);
  if (!f || f->type() != FieldType::kReference) return;
  if (f->target() == "core.schools" || f->target() == "core.teachers") {
    field_ = f;
    viaTeacher_ = f->target() == "core.teachers";
  }
}

std::optional<long long> SchoolScope::schoolOf(const Record& r) {
  if (!field_) return std::nullopt;
  auto id = r.integer(field_->name());
  if (!id || !viaTeacher_) return id;
  long long school = 0;
  session_ << "SELECT home_school_id FROM core_teachers WHERE id = :id", soci::use(*id),
      soci::into(school);
  if (!session_.got_data()) return std::nullopt;
  return school;
}

std::string SchoolScope::condition(const std::string& param) const {
  if (!field_) return "1 = 1";
  if (!viaTeacher_) return field_->columnName() + " = :" + param;
  return field_->columnName() +
         " IN (SELECT id FROM core_teachers WHERE home_school_id = :" + param + ")";
}

std::string SchoolScope::fieldName() const { return field_ ? field_->name() : std::string(); }

}  // namespace tdr::host
