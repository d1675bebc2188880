#include "records/record_scope.h"

#include <soci/soci.h>

#include <set>

#include "util/text.h"

namespace tdr::host {

namespace {

// Follows school fields from `type` to core_schools. Returns false (with `why`) when a link
// is not a reference, names an unknown type or loops.
bool followChain(const Registry& registry, const RecordTypeEntry& type,
                 std::vector<std::pair<std::string, std::string>>& hops, std::string& why) {
  std::set<std::string> seen;
  const RecordTypeEntry* t = &type;
  while (true) {
    if (!seen.insert(t->qualifiedName).second) {
      why = "school scoping of " + type.qualifiedName + " loops through " + t->qualifiedName;
      return false;
    }
    const Field* f = t->type.field(t->type.schoolField);
    if (!f || f->type() != FieldType::kReference) {
      why = "school field '" + t->type.schoolField + "' of " + t->qualifiedName +
            " is not a reference to core.schools, core.teachers or a school-scoped record type";
      return false;
    }
    hops.emplace_back(t->type.table, f->columnName());
    if (f->target() == "core.schools") return true;
    if (f->target() == "core.teachers") {
      hops.emplace_back("core_teachers", "home_school_id");
      return true;
    }
    const RecordTypeEntry* next = registry.recordType(f->target());
    if (!next) {
      why = "school field '" + f->name() + "' of " + t->qualifiedName + " references " +
            f->target() + ", which is not loaded";
      return false;
    }
    if (next->type.schoolField.empty()) {
      why = "school field '" + f->name() + "' of " + t->qualifiedName + " references " +
            f->target() + ", which is not school-scoped";
      return false;
    }
    t = next;
  }
}

}  // namespace

std::string schoolChainProblem(const Registry& registry, const RecordTypeEntry& type) {
  if (type.type.schoolField.empty() || type.qualifiedName == "core.schools") return {};
  std::vector<std::pair<std::string, std::string>> hops;
  std::string why;
  return followChain(registry, type, hops, why) ? std::string() : why;
}

RecordScope::RecordScope(soci::session& s, const Registry& registry, const RecordTypeEntry& type,
                         const User& user)
    : session_(s), type_(type), user_(user) {
  readCap_ = type.type.readCapability.empty() ? type.plugin + ":read" : type.type.readCapability;
  writeCap_ =
      type.type.writeCapability.empty() ? type.plugin + ":write" : type.type.writeCapability;
  selfIsTeachers_ = type.qualifiedName == "core.teachers";
  for (const auto& f : type.type.fields)
    holdsPeople_ =
        holdsPeople_ || (f.type() == FieldType::kReference && f.target() == "core.teachers");
  holdsPeople_ = holdsPeople_ || selfIsTeachers_;
  if (type.qualifiedName != "core.schools" && !type.type.schoolField.empty()) {
    std::vector<std::pair<std::string, std::string>> hops;
    std::string why;
    if (followChain(registry, type, hops, why)) {
      schoolField_ = type.type.field(type.type.schoolField);
      for (auto& [table, column] : hops) chain_.push_back({table, column});
    }
  }
  selfIsSchools_ = type.qualifiedName == "core.schools";
  if (!type.type.teacherField.empty()) teacherField_ = type.type.field(type.type.teacherField);
  if (user.scope == RoleScope::kSchool && user.schoolId && (bound() || selfIsSchools_)) {
    parameter_ = *user.schoolId;
  } else if (user.scope == RoleScope::kOwnRecords && teacherField_) {
    long long teacher = 0;
    s << "SELECT id FROM core_teachers WHERE staff_no = :l", soci::use(user.login),
        soci::into(teacher);
    parameter_ =
        s.got_data() ? teacher : 0;  // 0: a login that is nobody's staff number sees nothing
  }
}

std::string RecordScope::hiddenReason() const {
  if (user_.scope == RoleScope::kSchool && holdsPeople_ && !bound())
    return tr(type_.type.label + "不按学校区分，学校用户不能查看",
              type_.qualifiedName + " is not kept per school; school-scoped users cannot read it");
  if (user_.scope == RoleScope::kOwnRecords && holdsPeople_ && !teacherField_)
    return tr(type_.type.label + "不是个人记录，只能查看本人记录的用户不能查看",
              type_.qualifiedName +
                  " is not a per-teacher record; users limited to their own "
                  "records cannot read it");
  return {};
}

std::string RecordScope::unwritableReason() const {
  if (user_.scope == RoleScope::kSchool && !bound())
    return tr(
        type_.type.label + "不按学校区分，学校用户不能修改",
        type_.qualifiedName + " is not kept per school; school-scoped users cannot change it");
  if (user_.scope == RoleScope::kOwnRecords && !teacherField_)
    return tr(type_.type.label + "不是个人记录，只能修改本人记录的用户不能修改",
              type_.qualifiedName +
                  " is not a per-teacher record; users limited to their own "
                  "records cannot change it");
  return {};
}

std::string RecordScope::condition(const std::string& param) const {
  if (!parameter_) return {};
  if (user_.scope == RoleScope::kOwnRecords) {
    if (selfIsTeachers_) return "id = :" + param;
    return teacherField_->columnName() + " = :" + param;
  }
  if (selfIsSchools_) return "id = :" + param;
  // col IN (SELECT id FROM next WHERE col2 IN (... = :param))
  std::string sql = chain_.back().column + " = :" + param;
  for (std::size_t i = chain_.size() - 1; i > 0; --i)
    sql = chain_[i - 1].column + " IN (SELECT id FROM " + chain_[i].table + " WHERE " + sql + ")";
  return sql;
}

std::optional<long long> RecordScope::schoolOf(const Record& r) {
  if (chain_.empty()) return std::nullopt;
  auto id = r.integer(schoolField_->name());
  for (std::size_t i = 1; id && i < chain_.size(); ++i) {
    long long next = 0;
    soci::indicator ind = soci::i_ok;
    session_ << "SELECT " + chain_[i].column + " FROM " + chain_[i].table + " WHERE id = :id",
        soci::use(*id), soci::into(next, ind);
    if (!session_.got_data() || ind != soci::i_ok) return std::nullopt;
    id = next;
  }
  return id;
}

bool RecordScope::contains(const Record& r) {
  if (!parameter_) return true;
  if (user_.scope == RoleScope::kOwnRecords) {
    if (selfIsTeachers_) return r.id() == *parameter_ && *parameter_ != 0;
    auto t = r.integer(teacherField_->name());
    return t && *t == *parameter_ && *parameter_ != 0;
  }
  if (selfIsSchools_) return r.id() == *parameter_;
  return schoolOf(r) == parameter_;
}

std::string RecordScope::ownerMismatch(const Record& r) const {
  for (const auto& [attribute, field] : type_.type.ownerAttributes) {
    std::string mine = user_.attribute(attribute);
    if (mine.empty()) continue;
    if (toText(r.get(field)) != mine) return attribute;
  }
  return {};
}

std::string RecordScope::fieldName() const {
  if (user_.scope == RoleScope::kOwnRecords && teacherField_) return teacherField_->name();
  return schoolField_ ? schoolField_->name() : std::string();
}

}  // namespace tdr::host
