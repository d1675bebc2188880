#include "records/record_validator.h"

#include <tdr/checks.h>
#include <tdr/context.h>

#include <algorithm>

#include "util/text.h"

namespace tdr::host {

bool isMaskedNationalId(const std::string& s) {
  if (s.size() != 18) return false;
  for (std::size_t i = 0; i < 14; ++i)
    if (s[i] != '*') return false;
  return true;
}

RecordValidator::RecordValidator(Context& ctx, RecordStore& store, FieldCodec& codec,
                                 RecordScope& scope, bool asPlugin)
    : ctx_(ctx), store_(store), codec_(codec), scope_(scope), asPlugin_(asPlugin) {
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
    errors.push_back({f.name(), tr("不是有效的 UTF-8 文本", "is not valid UTF-8 text"), line});
    return;
  }
  if (cell.find('\0') != std::string::npos) {  // SQLite would keep it, PostgreSQL cut it off
    errors.push_back({f.name(), tr("含有 NUL 字符", "holds a NUL character"), line});
    return;
  }
  if (cell.empty()) return;
  std::string why = codec_.parse(f, cell, f.isReadOnly() && !asPlugin_ ? claims_ : rec);
  if (!why.empty()) errors.push_back({f.name(), why, line});
}

void RecordValidator::checkRequired(const std::vector<const Field*>& fields, const Record& rec,
                                    long long line, std::vector<FieldError>& errors) const {
  for (const Field* f : fields) {
    if (!f->isRequired() || f->isReadOnly() || !isNull(rec.get(f->name())) || f == masked_)
      continue;
    bool reported = std::any_of(errors.begin(), errors.end(),
                                [&](const FieldError& e) { return e.field == f->name(); });
    if (!reported) errors.push_back({f->name(), tr("必填", "is required"), line});
  }
}

void RecordValidator::checkAgainstStore(Record& rec, const std::optional<Record>& existing,
                                        long long line, std::vector<FieldError>& errors) {
  long long selfId = existing ? existing->id() : 0;
  const RecordType& type = store_.type().type;
  if (masked_) {
    if (!existing || isNull(existing->get(masked_->name()))) {
      errors.push_back({masked_->name(),
                        tr("是打码的号码（导出时的样子），请填写完整号码",
                           "is masked (as exports show it); give the full number"),
                        line});
      return;
    }
    rec.set(masked_->name(), existing->get(masked_->name()));
    rec.set(masked_->name() + "_last4", existing->get(masked_->name() + "_last4"));
  }
  // The whole record as it will be: stored values, the change over them; read-only fields
  // as stored (a user's values for them are claims, checked below).
  if (existing) {
    Record merged = *existing;
    for (const auto& [k, v] : rec.values())
      if (asPlugin_ || !type.field(k) || !type.field(k)->isReadOnly()) merged.set(k, v);
    rec = std::move(merged);
  } else if (!asPlugin_) {
    for (const auto& f : type.fields)
      if (f.isReadOnly()) rec.set(f.name(), Value{});
  }
  rec.setId(selfId);
  if (type.prepare) type.prepare(ctx_, rec, existing ? &*existing : nullptr);
  rec.setId(selfId);
  for (const auto& [k, claimed] : claims_.values()) {
    if (claimed == rec.get(k) || (k.size() > 6 && k.compare(k.size() - 6, 6, "_last4") == 0))
      continue;
    const Field* f = type.field(k);
    Record shown;
    shown.set(k, claimed);
    errors.push_back({k,
                      tr(f->label() + "是只读字段，由系统或操作设置，不能填写为 '" +
                             codec_.format(*f, shown) + "'",
                         "is read-only (set by the system or an action); it cannot be set to '" +
                             codec_.format(*f, shown) + "'"),
                      line});
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
      taken = existing && existing->get(c->key) == v ? false : store_.valueTaken(*c, v, selfId);
    }
    if (taken)
      errors.push_back(
          {c->key, tr("已被另一条记录使用", "is already used by another record"), line});
  }
  if (!asPlugin_ && errors.empty()) {
    // The stored record and the result must both be the user's: nothing is moved into or out
    // of another school, another teacher's records or another provider's.
    if ((existing && !scope_.contains(*existing)) || !scope_.contains(rec))
      errors.push_back(
          {scope_.fieldName(),
           tr(ctx_.user().scope == RoleScope::kOwnRecords ? "不是您本人的记录" : "属于其他学校",
              ctx_.user().scope == RoleScope::kOwnRecords ? "is not your own record"
                                                          : "belongs to another school than yours"),
           line});
    std::string attr = existing ? scope_.ownerMismatch(*existing) : std::string();
    if (attr.empty()) attr = scope_.ownerMismatch(rec);
    if (!attr.empty()) {
      const std::string mine = ctx_.user().attribute(attr);
      errors.push_back({type.ownerAttributes.at(attr),
                        tr("只能是您本人所属的 " + mine, "may only be your own: " + mine), line});
    }
  }
  if (errors.empty() && type.validate) {
    std::vector<FieldError> hookErrors;
    type.validate(ctx_, rec, hookErrors);
    for (auto& e : hookErrors) errors.push_back({e.field, e.reason, line});
  }
}

}  // namespace tdr::host
