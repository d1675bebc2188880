#include "records/record_service.h"

#include <soci/soci.h>
#include <tdr/context.h>
#include <tdr/error.h>

#include <sstream>

#include "audit/audit_log.h"
#include "db/transaction.h"
#include "io/table_writer.h"
#include "records/record_events.h"

namespace tdr::host {

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
                             const std::string& nationalIdKey, StatementCache* cache)
    : ctx_(ctx),
      registry_(registry),
      type_(type),
      store_(ctx.db(), type, cache),
      refs_(ctx.db(), registry, cache),
      codec_(refs_, nationalIdKey),
      scope_(ctx.db(), type),
      validator_(ctx, store_, codec_, scope_) {}

RecordService::~RecordService() = default;

void RecordService::require(const std::string& verb) const {
  std::string cap = type_.plugin + ":" + verb;
  if (!ctx_.can(cap))
    throw forbidden("role '" + ctx_.user().role + "' may not " + verb + " " + type_.qualifiedName +
                    " (needs capability '" + cap + "')");
  if (verb == "write" && ctx_.user().schoolId && !scope_.bound())
    throw forbidden(type_.qualifiedName +
                    " is not kept per school; school-scoped users cannot change it");
}

std::optional<long long> RecordService::userScope() const {
  return scope_.bound() ? ctx_.user().schoolId : std::nullopt;
}

std::string RecordService::toJson(const Record& r) {
  std::string out = "{\"id\": " + std::to_string(r.id());
  for (const auto& f : type_.type.fields) {
    out += ", ";
    bool hidden = !f.sensitiveCapability().empty() && !ctx_.can(f.sensitiveCapability());
    if (hidden) {  // only the derived flag: whether there is a value
      out +=
          jsonString(f.name() + "_present") + ": " + (isNull(r.get(f.name())) ? "false" : "true");
      continue;
    }
    out += jsonString(f.name()) + ": ";
    const Value& v = r.get(f.name());
    if (isNull(v)) {
      out += "null";
    } else if (isNumericField(f)) {
      out += codec_.format(f, r);
    } else if (f.type() == FieldType::kBoolean) {
      out += std::get<long long>(v) ? "true" : "false";
    } else {
      out += jsonString(codec_.format(f, r));
    }
  }
  return out + "}";
}

Record RecordService::load(long long id) {
  auto rec = store_.findById(id);
  // A record outside the user's school is "not found": its existence is not revealed.
  if (!rec || (userScope() && scope_.schoolOf(*rec) != userScope()))
    throw notFound(type_.qualifiedName + " " + std::to_string(id) + " does not exist");
  return *rec;
}

std::string RecordService::list(const ListQuery& q) {
  require("read");
  if (q.page < 1) throw validationError("page must be 1 or more", {{"page", "must be >= 1", 0}});
  if (q.pageSize < 1 || q.pageSize > ListQuery::kMaxPageSize)
    throw validationError("page_size must be from 1 to " + std::to_string(ListQuery::kMaxPageSize),
                          {{"page_size", "out of range", 0}});
  std::vector<RecordStore::Filter> filters;
  std::vector<FieldError> errors;
  const auto& columns = store_.columns();
  for (const auto& [name, text] : q.filters) {
    const Field* f = type_.type.field(name);
    if (!f) {
      errors.push_back({name, "is not a field of " + type_.qualifiedName, 0});
      continue;
    }
    if (!f->sensitiveCapability().empty() && !ctx_.can(f->sensitiveCapability()))
      throw forbidden("filtering on " + name + " needs capability '" + f->sensitiveCapability() +
                      "'");
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
      errors.push_back({"sort", "'" + q.sort + "' is not a sortable field", 0});
    else
      for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c].key == f->name()) sortColumn = c;
  }
  if (!errors.empty()) throw validationError("bad query parameters", errors);

  auto scope = userScope();
  std::string condition = scope ? scope_.condition("scope") : std::string();
  long long total = store_.countMatching(filters, condition, scope);
  auto items = store_.page(filters, condition, scope, sortColumn, q.descending, q.pageSize,
                           (q.page - 1) * q.pageSize);
  std::string out = "{\"items\": [";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toJson(items[i]);
  out += "], \"page\": " + std::to_string(q.page) +
         ", \"page_size\": " + std::to_string(q.pageSize) +
         ", \"total\": " + std::to_string(total) + "}";
  return out;
}

std::string RecordService::get(long long id) {
  require("read");
  return toJson(load(id));
}

Record RecordService::parseBody(const JsonPtr& body, bool creating,
                                std::vector<FieldError>& errors) {
  if (!body) throw validationError("the body must be a JSON object");
  Record rec;
  validator_.beginRecord();
  std::vector<const Field*> present;
  for (const auto& [name, value] : *body) {
    if (name == "id") continue;  // records read from the API may be sent back as they are
    const Field* f = type_.type.field(name);
    if (!f) {
      errors.push_back({name, "is not a field of " + type_.qualifiedName, 0});
      continue;
    }
    std::string text;
    if (!cellText(value, text)) {
      errors.push_back({name, "must be a string, number, boolean or null", 0});
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
      if (!isNull(rec.get(f->name())) || f == validator_.maskedField()) continue;
      rec.set(f->name(), Value{});
      if (f->type() == FieldType::kNationalId) rec.set(f->name() + "_last4", Value{});
    }
  }
  return rec;
}

std::string RecordService::create(const JsonPtr& body) {
  require("write");
  std::vector<FieldError> errors;
  Record rec = parseBody(body, true, errors);
  if (!errors.empty()) throw validationError("the record is not valid", errors);
  WriteTransaction tx(ctx_.db());
  if (auto existing = store_.findByNaturalKey(rec)) {
    std::string key;
    for (const auto& k : type_.type.naturalKey)
      key += (key.empty() ? "" : ", ") + k + " " + codec_.format(*type_.type.field(k), rec);
    throw conflict("a " + type_.qualifiedName + " record with " + key + " exists (id " +
                   std::to_string(existing->id()) + ")");
  }
  validator_.checkAgainstStore(rec, std::nullopt, 0, errors);
  if (!errors.empty()) throw validationError("the record is not valid", errors);
  std::vector<std::size_t> given;  // the others take their SQL defaults
  const auto& columns = store_.columns();
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (!isNull(rec.get(columns[c].key))) given.push_back(c);
  long long id = store_.insert(rec, given);
  RecordEvents(registry_, type_).saved(ctx_, id, true);
  Record stored = *store_.findById(id);
  std::string json = toJson(stored);
  appendAudit(ctx_.db(),
              {ctx_.user().login, "create", type_.qualifiedName, id, "{\"after\": " + json + "}"});
  tx.commit();
  return json;
}

std::string RecordService::update(long long id, const JsonPtr& body) {
  require("write");
  std::vector<FieldError> errors;
  Record changes = parseBody(body, false, errors);
  if (!errors.empty()) throw validationError("the record is not valid", errors);
  WriteTransaction tx(ctx_.db());
  Record before = load(id);
  Record merged = before;
  for (const auto& [k, v] : changes.values()) merged.set(k, v);
  if (auto other = store_.findByNaturalKey(merged); other && other->id() != id)
    throw conflict("another " + type_.qualifiedName + " record (id " + std::to_string(other->id()) +
                   ") has the same " + type_.type.naturalKey.front());
  validator_.checkAgainstStore(changes, before, 0, errors);
  if (!errors.empty()) throw validationError("the record is not valid", errors);
  std::vector<std::size_t> changed;
  const auto& columns = store_.columns();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto& values = changes.values();
    auto it = values.find(columns[c].key);
    if (it != values.end() && it->second != before.get(columns[c].key)) changed.push_back(c);
  }
  std::string beforeJson = toJson(before);
  if (changed.empty()) return beforeJson;
  store_.update(id, changes, changed);
  RecordEvents(registry_, type_).saved(ctx_, id, false);
  std::string json = toJson(*store_.findById(id));
  appendAudit(ctx_.db(), {ctx_.user().login, "update", type_.qualifiedName, id,
                          "{\"before\": " + beforeJson + ", \"after\": " + json + "}"});
  tx.commit();
  return json;
}

void RecordService::remove(long long id) {
  require("write");
  WriteTransaction tx(ctx_.db());
  Record before = load(id);
  std::string beforeJson = toJson(before);
  try {
    store_.remove(id);
  } catch (const soci::soci_error& e) {
    std::string msg = e.get_error_message();
    if (msg.find("FOREIGN KEY") != std::string::npos ||
        msg.find("foreign key") != std::string::npos)
      throw conflict(type_.qualifiedName + " " + std::to_string(id) +
                     " is still referenced by other records; remove or change those first");
    throw;
  }
  RecordEvents(registry_, type_).deleted(ctx_, id, before);
  appendAudit(ctx_.db(), {ctx_.user().login, "delete", type_.qualifiedName, id,
                          "{\"before\": " + beforeJson + "}"});
  tx.commit();
}

}  // namespace tdr::host
