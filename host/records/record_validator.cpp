#include "records/record_validator.h"

#include <tdr/checks.h>
#include <tdr/context.h>

#include <algorithm>

namespace tdr::host {

bool isMaskedNationalId(const std::string& s) {
  if (s.size() != 18) return false;
  for (std::size_t i = 0; i < 14; ++i)
    if (s[i] != '*') return false;
  return true;
}

RecordValidator::RecordValidator(Context& ctx, RecordStore& store, FieldCodec& codec,
                                 SchoolScope& scope)
    : ctx_(ctx), store_(store), codec_(codec), scope_(scope) {
  const RecordType& t = store.type().type;
  for (const auto& c : store.columns())
    if (c.field->isUnique() && c.key == c.field->name() &&
        !(t.naturalKey.size() == 1 && t.naturalKey[0] == c.key))
      unique_.push_back(&c);
}

void RecordValidator::parseCell(const Field& f, const std::string& cell, Record& rec,
                                long long line, std::vector<FieldError>& errors) {
  if (f.type() == FieldType::kNationalId && isMaskedNationalId(cell)) {
    masked_ = &f;
    return;
  }
  if (!isValidUtf8(cell)) {
    errors.push_back({f.name(), "is not valid UTF-8 text", line});
    return;
  }
  if (cell.empty()) return;
  std::string why = codec_.parse(f, cell, rec);
  if (!why.empty()) errors.push_back({f.name(), why, line});
}

void RecordValidator::checkRequired(const std::vector<const Field*>& fields, const Record& rec,
                                    long long line, std::vector<FieldError>& errors) const {
  for (const Field* f : fields) {
    if (!f->isRequired() || !isNull(rec.get(f->name())) || f == masked_) continue;
    bool reported = std::any_of(errors.begin(), errors.end(),
                                [&](const FieldError& e) { return e.field == f->name(); });
    if (!reported) errors.push_back({f->name(), "is required", line});
  }
}

void RecordValidator::checkAgainstStore(Record& rec, const std::optional<Record>& existing,
                                        long long line, std::vector<FieldError>& errors) {
  long long selfId = existing ? existing->id() : 0;
  const RecordType& type = store_.type().type;
  if (type.prepare) type.prepare(ctx_, rec, existing ? &*existing : nullptr);
  if (masked_) {
    if (!existing || isNull(existing->get(masked_->name()))) {
      errors.push_back(
          {masked_->name(), "is masked (as exports show it); give the full number", line});
      return;
    }
    rec.set(masked_->name(), existing->get(masked_->name()));
    rec.set(masked_->name() + "_last4", existing->get(masked_->name() + "_last4"));
  }
  for (std::size_t u = 0; u < unique_.size(); ++u) {
    const Column* c = unique_[u];
    const Value& v = rec.get(c->key);
    if (isNull(v) || emptyStore_) continue;
    bool taken;
    auto it = u < holders_.size() ? holders_[u].find(toText(v))
                                  : std::unordered_map<std::string, long long>::iterator();
    if (u < holders_.size() && it != holders_[u].end()) {
      taken = it->second != 0 && it->second != selfId;
    } else {  // not looked up with the batch (a value the prepare hook set): ask now
      taken = store_.valueTaken(*c, v, selfId);
    }
    if (taken) errors.push_back({c->key, "is already used by another record", line});
  }
  if (const auto& userSchool = ctx_.user().schoolId; userSchool && errors.empty()) {
    // For an update the stored record must be the user's too (a record cannot be moved in or
    // out of another school); fields absent from the write keep their stored school.
    Record merged = existing ? *existing : Record();
    for (const auto& [k, v] : rec.values()) merged.set(k, v);
    if (scope_.schoolOf(merged) != userSchool ||
        (existing && scope_.schoolOf(*existing) != userSchool))
      errors.push_back({scope_.fieldName(), "belongs to another school than yours", line});
  }
  const RecordType& t = type;
  if (errors.empty() && t.validate) {
    std::vector<FieldError> hookErrors;
    rec.setId(selfId);
    t.validate(ctx_, rec, hookErrors);
    for (auto& e : hookErrors) errors.push_back({e.field, e.reason, line});
  }
}

}  // namespace tdr::host
