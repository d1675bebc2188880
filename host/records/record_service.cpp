#include "records/record_service.h"

#include <soci/soci.h>
#include <tdr/context.h>
#include <tdr/error.h>

#include <algorithm>
#include <sstream>

#include "audit/audit_log.h"
#include "db/db_error.h"
#include "db/transaction.h"
#include "records/record_events.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {
// An audit entry's detail: the record before and after the change (JSON of toJson), either
// left out when there is none.
std::string change(const std::string& before, const std::string& after) {
  JsonWriter w;
  w.beginObject();
  if (!before.empty()) w.key("before").trusted(before);
  if (!after.empty()) w.key("after").trusted(after);
  return w.endObject().take();
}
}  // namespace

namespace {

// A JSON body value as the text a file cell would hold; objects and arrays are refused.
bool cellText(const Poco::Dynamic::Var& v, std::string& out) {
  if (v.isEmpty()) {
    out.clear();
    return true;
  }
  if (v.isArray() || v.isStruct() || v.type() == typeid(Poco::JSON::Object::Ptr) ||
      v.type() == typeid(Poco::JSON::Array::Ptr))
    return false;
  if (v.isBoolean()) {
    out = v.extract<bool>() ? "true" : "false";
    return true;
  }
  out = v.convert<std::string>();
  return true;
}

bool isNumericField(const Field& f) {
  return f.type() == FieldType::kInteger || f.type() == FieldType::kMoney ||
         f.type() == FieldType::kHoursX10;
}

}  // namespace

RecordService::RecordService(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                             const std::string& nationalIdKey, StatementCache* cache, bool asPlugin)
    : ctx_(ctx),
      registry_(registry),
      type_(type),
      store_(ctx.db(), type, cache),
      refs_(ctx.db(), registry, cache),
      codec_(refs_, nationalIdKey),
      scope_(ctx.db(), registry, type, ctx.user()),
      validator_(ctx, store_, codec_, scope_, asPlugin),
      asPlugin_(asPlugin),
      recordActions_(registry.recordActions(type.qualifiedName)) {
  sensitive_.recordType = type.qualifiedName;
  // References are shown with their target's title to users who may read the target type.
  for (const auto& f : type.type.fields) {
    if (f.type() != FieldType::kReference) continue;
    const RecordTypeEntry* target = registry.recordType(f.target());
    if (!target || target->titleField.empty()) continue;
    const std::string& cap = target->type.readCapability;
    if (asPlugin || ctx.can(cap.empty() ? target->plugin + ":read" : cap)) titled_.push_back(&f);
  }
}

RecordService::~RecordService() = default;

void RecordService::require(const std::string& verb) const {
  if (asPlugin_) return;
  const std::string& cap = verb == "read" ? scope_.readCapability() : scope_.writeCapability();
  if (!ctx_.can(cap))
    throw forbidden(tr("角色 " + ctx_.user().role + " 无权" + (verb == "read" ? "查看" : "修改") +
                           type_.type.label + "（需要权限 " + cap + "）",
                       "role '" + ctx_.user().role + "' may not " + verb + " " +
                           type_.qualifiedName + " (needs capability '" + cap + "')"));
  std::string why = scope_.hiddenReason();
  if (why.empty() && verb == "write") why = scope_.unwritableReason();
  if (!why.empty()) throw forbidden(why);
}

void RecordService::requireWritable(const Record& r) {
  if (asPlugin_) return;
  require("write");
  if (!scope_.contains(r))
    throw notFound(tr(type_.type.label + " " + std::to_string(r.id()) + " 不存在",
                      type_.qualifiedName + " " + std::to_string(r.id()) + " does not exist"));
  std::string attr = scope_.ownerMismatch(r);
  if (!attr.empty())
    throw forbidden(tr(type_.type.label + " " + std::to_string(r.id()) + " 不属于 " +
                           ctx_.user().attribute(attr) + "，不能修改",
                       type_.qualifiedName + " " + std::to_string(r.id()) + " is not " +
                           ctx_.user().attribute(attr) + "'s; it cannot be changed"));
}

std::vector<const RecordActionDecl*> RecordService::actionsFor(const Record& r) {
  std::vector<const RecordActionDecl*> out;
  if (recordActions_.empty()) return out;
  bool writable = scope_.ownerMismatch(r).empty();
  for (const auto* a : recordActions_) {
    if (!ctx_.can(a->capability) || !writable) continue;
    if (!a->states.empty()) {
      std::string state = toText(r.get(a->stateField));
      if (std::find(a->states.begin(), a->states.end(), state) == a->states.end()) continue;
    }
    out.push_back(a);
  }
  return out;
}

std::string RecordService::toJson(const Record& r, bool withTitles) {
  JsonWriter w;
  writeJson(w, r, withTitles);
  return w.take();
}

void RecordService::writeJson(JsonWriter& w, const Record& r, bool withTitles) {
  w.beginObject().field("id", static_cast<std::int64_t>(r.id()));
  for (const auto& f : type_.type.fields) {
    bool hidden = !f.sensitiveCapability().empty() && !ctx_.can(f.sensitiveCapability());
    if (hidden) {  // only the derived flag: whether there is a value
      w.field(f.name() + "_present", !isNull(r.get(f.name())));
      continue;
    }
    w.key(f.name());
    const Value& v = r.get(f.name());
    if (!f.sensitiveCapability().empty() && !isNull(v)) sensitive_.add(r.id(), f.name());
    if (isNull(v))
      w.null();
    else if (isNumericField(f))
      w.number(codec_.format(f, r));
    else if (f.type() == FieldType::kBoolean)
      w.value(std::get<long long>(v) != 0);
    else
      w.value(codec_.format(f, r));
  }
  if (!recordActions_.empty()) {
    w.key("_actions").beginArray();
    for (const auto* a : actionsFor(r)) w.value(a->name);
    w.endArray();
  }
  if (withTitles && !titled_.empty()) {
    w.key("_titles").beginObject();
    for (const Field* f : titled_) {
      const Value& v = r.get(f->name());
      if (const auto* id = std::get_if<long long>(&v))
        w.field(f->name(), refs_.titleFor(f->target(), *id));
    }
    w.endObject();
  }
  w.endObject();
}

Record RecordService::load(long long id) {
  auto rec = store_.findById(id);
  // A record outside the user's scope is "not found": its existence is not revealed.
  if (!rec || (!asPlugin_ && !scope_.contains(*rec)))
    throw notFound(tr(type_.type.label + " " + std::to_string(id) + " 不存在",
                      type_.qualifiedName + " " + std::to_string(id) + " does not exist"));
  return *rec;
}

std::string RecordService::list(const ListQuery& q) {
  require("read");
  if (q.page < 1)
    throw validationError(tr("page 必须不小于 1", "page must be 1 or more"),
                          {{"page", tr("必须 ≥ 1", "must be >= 1"), 0}});
  if (q.pageSize < 1 || q.pageSize > ListQuery::kMaxPageSize)
    throw validationError(tr("page_size 必须在 1 到 ", "page_size must be from 1 to ") +
                              std::to_string(ListQuery::kMaxPageSize),
                          {{"page_size", tr("超出范围", "out of range"), 0}});
  std::vector<RecordStore::Filter> filters;
  std::vector<FieldError> errors;
  const auto& columns = store_.columns();
  for (const auto& [name, text] : q.filters) {
    const Field* f = type_.type.field(name);
    if (!f) {
      errors.push_back(
          {name,
           tr("不是" + type_.type.label + "的字段", "is not a field of " + type_.qualifiedName),
           0});
      continue;
    }
    if (!f->sensitiveCapability().empty() && !ctx_.can(f->sensitiveCapability()))
      throw forbidden(
          tr("按" + f->label() + "筛选需要权限 " + f->sensitiveCapability(),
             "filtering on " + name + " needs capability '" + f->sensitiveCapability() + "'"));
    Record probe;
    std::string why = codec_.parse(*f, trimCell(text), probe);
    if (!why.empty()) {
      errors.push_back({name, why, 0});
      continue;
    }
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c].key == f->name()) filters.push_back({c, probe.get(f->name())});
  }
  if (!q.search.empty()) {
    // Case-insensitive "contains" over the fields people read: text, choices, dates.
    RecordStore::Filter any{0, Value{}};
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const Field& f = *columns[c].field;
      bool readable = f.sensitiveCapability().empty() || ctx_.can(f.sensitiveCapability());
      if (readable && columns[c].key == f.name() &&
          (f.type() == FieldType::kText || f.type() == FieldType::kChoice ||
           f.type() == FieldType::kDate))
        any.anyOf.push_back(c);
    }
    std::string pattern = "%";
    for (char ch : q.search) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
      pattern += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    any.value = Value{pattern + "%"};
    if (!any.anyOf.empty()) filters.push_back(std::move(any));
  }
  std::optional<std::size_t> sortColumn;
  if (!q.sort.empty()) {
    const Field* f = type_.type.field(q.sort);
    if (!f || (!f->sensitiveCapability().empty()))
      errors.push_back(
          {"sort", tr("'" + q.sort + "' 不能用于排序", "'" + q.sort + "' is not a sortable field"),
           0});
    else
      for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c].key == f->name()) sortColumn = c;
  }
  if (!errors.empty()) throw validationError(tr("查询参数不对", "bad query parameters"), errors);
  sensitive_.query = q.filters;
  if (!q.search.empty()) sensitive_.query.emplace_back("q", q.search);

  const auto& scope = scope_.parameter();
  std::string condition = scope_.condition("scope");
  long long total = store_.countMatching(filters, condition, scope);
  auto items = store_.page(filters, condition, scope, sortColumn, q.descending, q.pageSize,
                           (q.page - 1) * q.pageSize);
  JsonWriter w;
  w.beginObject().key("items").beginArray();
  for (const auto& item : items) writeJson(w, item, true);
  w.endArray().field("page", static_cast<std::int64_t>(q.page));
  w.field("page_size", static_cast<std::int64_t>(q.pageSize));
  return w.field("total", static_cast<std::int64_t>(total)).endObject().take();
}

std::string RecordService::get(long long id) {
  require("read");
  return toJson(load(id), true);
}

Record RecordService::parseBody(const JsonPtr& body, bool creating,
                                std::vector<FieldError>& errors) {
  if (!body) throw validationError(tr("请求体必须是 JSON 对象", "the body must be a JSON object"));
  Record rec;
  validator_.beginRecord();
  std::vector<const Field*> present;
  for (const auto& [name, value] : *body) {
    if (name == "id" || name == "_actions" || name == "_titles")
      continue;  // as the API shows records
    const Field* f = type_.type.field(name);
    if (!f) {
      errors.push_back(
          {name,
           tr("不是" + type_.type.label + "的字段", "is not a field of " + type_.qualifiedName),
           0});
      continue;
    }
    std::string text;
    if (!cellText(value, text)) {
      errors.push_back(
          {name,
           tr("必须是字符串、数字、布尔值或 null", "must be a string, number, boolean or null"),
           0});
      continue;
    }
    present.push_back(f);
    validator_.parseCell(*f, trimCell(text), rec, 0, errors);
  }
  if (creating) {
    present.clear();
    for (const auto& f : type_.type.fields) present.push_back(&f);
  }
  validator_.checkRequired(present, rec, 0, errors);
  if (!creating) {
    // Fields absent from an update keep their values: mark which ones the body set.
    for (const Field* f : present) {
      if (!isNull(rec.get(f->name())) || f == validator_.maskedField() || f->isReadOnly()) continue;
      rec.set(f->name(), Value{});
      if (f->type() == FieldType::kNationalId) rec.set(f->name() + "_last4", Value{});
    }
  }
  return rec;
}

Error RecordService::constraintError(const soci::soci_error& e) const {
  DbErrorInfo info = classify(e);
  switch (info.failure) {
    case DbFailure::kNotNull:
      return validationError(tr("记录不符合要求", "the record is not valid"),
                             {{info.column, tr("不能为空", "cannot be empty"), 0}});
    case DbFailure::kUnique:
      return conflict(tr("已有相同的" + type_.type.label + "记录",
                         "a " + type_.qualifiedName + " record with the same values exists"));
    case DbFailure::kForeignKey:
      return validationError(
          tr("记录引用了不存在的记录", "the record refers to a record that does not exist"));
    case DbFailure::kCheck:
      return validationError(tr("记录不符合" + type_.type.label + "的约束",
                                "the record breaks a rule of " + type_.qualifiedName));
    default:
      throw;  // not the record's fault: the caller maps busy and failures
  }
}

long long RecordService::write(Record rec, std::optional<Record> before,
                               std::vector<FieldError>& errors) {
  if (!before) {
    if (auto existing = store_.findByNaturalKey(rec)) {
      std::string key;
      for (const auto& k : type_.type.naturalKey)
        key += (key.empty() ? "" : ", ") + type_.type.field(k)->label() + " " +
               codec_.format(*type_.type.field(k), rec);
      throw conflict(tr("已有" + type_.type.label + "记录：" + key + "（编号 " +
                            std::to_string(existing->id()) + "）",
                        "a " + type_.qualifiedName + " record with " + key + " exists (id " +
                            std::to_string(existing->id()) + ")"));
    }
  }
  validator_.checkAgainstStore(rec, before, 0, errors);
  if (!errors.empty())
    throw validationError(tr("记录不符合要求", "the record is not valid"), errors);
  const auto& columns = store_.columns();
  if (!before) {
    std::vector<std::size_t> given;  // the others take their SQL defaults
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (!isNull(rec.get(columns[c].key))) given.push_back(c);
    long long id = 0;
    try {
      id = store_.insert(rec, given);
    } catch (const soci::soci_error& e) {
      throw constraintError(e);
    }
    RecordEvents(registry_, type_).saved(ctx_, id, true);
    std::string json = toJson(*store_.findById(id));
    appendAudit(ctx_.db(),
                {ctx_.user().login, "create", type_.qualifiedName, id, change("", json)});
    return id;
  }
  long long id = before->id();
  if (auto other = store_.findByNaturalKey(rec); other && other->id() != id)
    throw conflict(
        tr("另一条" + type_.type.label + "记录（编号 " + std::to_string(other->id()) + "）的" +
               type_.type.field(type_.type.naturalKey.front())->label() + "相同",
           "another " + type_.qualifiedName + " record (id " + std::to_string(other->id()) +
               ") has the same " + type_.type.naturalKey.front()));
  std::vector<std::size_t> changed;
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (rec.get(columns[c].key) != before->get(columns[c].key)) changed.push_back(c);
  if (changed.empty()) return id;
  std::string beforeJson = toJson(*before);
  try {
    store_.update(id, rec, changed);
  } catch (const soci::soci_error& e) {
    throw constraintError(e);
  }
  RecordEvents(registry_, type_).saved(ctx_, id, false);
  std::string json = toJson(*store_.findById(id));
  appendAudit(ctx_.db(),
              {ctx_.user().login, "update", type_.qualifiedName, id, change(beforeJson, json)});
  return id;
}

std::string RecordService::create(const JsonPtr& body) {
  require("write");
  std::vector<FieldError> errors;
  Record rec = parseBody(body, true, errors);
  if (!errors.empty())
    throw validationError(tr("记录不符合要求", "the record is not valid"), errors);
  WriteTransaction tx(ctx_.db());
  long long id = write(std::move(rec), std::nullopt, errors);
  std::string json = toJson(*store_.findById(id));
  tx.commit();
  return json;
}

std::string RecordService::update(long long id, const JsonPtr& body) {
  require("write");
  std::vector<FieldError> errors;
  Record changes = parseBody(body, false, errors);
  if (!errors.empty())
    throw validationError(tr("记录不符合要求", "the record is not valid"), errors);
  WriteTransaction tx(ctx_.db());
  Record before = load(id);
  write(std::move(changes), before, errors);
  std::string json = toJson(*store_.findById(id));
  tx.commit();
  return json;
}

long long RecordService::save(const Record& values) {
  std::vector<FieldError> errors;
  validator_.beginRecord();
  Record rec;
  for (const auto& [k, v] : values.values()) {
    const Field* f = type_.type.field(k);
    bool last4 = k.size() > 6 && k.compare(k.size() - 6, 6, "_last4") == 0;
    if (!f && !last4)
      errors.push_back(
          {k, tr("不是" + type_.type.label + "的字段", "is not a field of " + type_.qualifiedName),
           0});
    rec.set(k, v);
  }
  if (!errors.empty())
    throw validationError(tr("记录不符合要求", "the record is not valid"), errors);
  std::optional<Record> before;
  if (values.id()) before = load(values.id());
  if (!before) {
    std::vector<const Field*> all;
    for (const auto& f : type_.type.fields) all.push_back(&f);
    validator_.checkRequired(all, rec, 0, errors);
    if (!errors.empty())
      throw validationError(tr("记录不符合要求", "the record is not valid"), errors);
  }
  return write(std::move(rec), before, errors);
}

void RecordService::remove(long long id) {
  WriteTransaction tx(ctx_.db());
  erase(id);
  tx.commit();
}

void RecordService::erase(long long id) {
  require("write");
  Record before = load(id);
  requireWritable(before);
  std::string beforeJson = toJson(before);
  try {
    store_.remove(id);
  } catch (const soci::soci_error& e) {
    if (classify(e).failure == DbFailure::kForeignKey)
      throw conflict(tr(
          type_.type.label + " " + std::to_string(id) + " 仍被其他记录引用，请先删除或修改那些记录",
          type_.qualifiedName + " " + std::to_string(id) +
              " is still referenced by other records; remove or change those first"));
    throw;
  }
  RecordEvents(registry_, type_).deleted(ctx_, id, before);
  appendAudit(ctx_.db(),
              {ctx_.user().login, "delete", type_.qualifiedName, id, change(beforeJson, "")});
}

}  // namespace tdr::host
