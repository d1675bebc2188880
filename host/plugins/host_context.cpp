#include "plugins/host_context.h"

#include <Poco/Logger.h>
#include <tdr/error.h>

#include "db/timestamps.h"
#include "records/record_store.h"

namespace tdr::host {

namespace {
constexpr int kMaxDepth = 16;

struct DepthGuard {
  explicit DepthGuard(int& d) : depth(d) {
    if (++depth > kMaxDepth)
      throw Error(ErrorCode::kInternal, "actions/events nested more than 16 deep");
  }
  ~DepthGuard() { --depth; }
  int& depth;
};
}  // namespace

User commandLineOperator() {
  User u;
  u.login = "cli";
  u.role = "admin";
  return u;
}

HostContext::HostContext(soci::session& session, Dialect dialect, const Registry& registry,
                         const CapabilityTable& capabilities, User user)
    : session_(session),
      dialect_(dialect),
      registry_(registry),
      capabilities_(capabilities),
      user_(std::move(user)) {}

bool HostContext::can(const std::string& capability) const {
  return capabilities_.allows(user_.role, capability);
}

std::string HostContext::today() const {
  if (today_.empty()) today_ = host::today();
  return today_;
}

std::string HostContext::now() const { return utcNow(); }

Poco::Logger& HostContext::logger() { return Poco::Logger::get("tdr"); }

JsonPtr HostContext::call(const std::string& action, const JsonPtr& params) {
  const ActionDecl* a = registry_.action(action);
  if (!a) throw notFound("unknown action '" + action + "'");
  if (!can(a->capability))
    throw forbidden("action '" + action + "' needs capability '" + a->capability + "'");
  DepthGuard guard(depth_);
  return a->fn(*this, params ? params : JsonPtr(new Json));
}

Value HostContext::recordField(const std::string& type, long long id, const std::string& field) {
  FieldReader* found = nullptr;
  for (const auto& r : fieldReaders_)
    if (r->field == field && r->type == type) {
      found = r.get();
      break;
    }
  if (!found) {
    fieldReaders_.push_back(std::make_unique<FieldReader>());
    found = fieldReaders_.back().get();
    found->type = type;
    found->field = field;
  }
  FieldReader& fr = *found;
  auto cached = fr.values.find(id);
  if (cached != fr.values.end()) return cached->second;
  auto& reader = fr.statement;
  if (!reader) {
    const RecordTypeEntry& entry = registry_.requireRecordType(type);
    const Field* f = entry.type.field(field);
    if (!f) throw notFound(type + " has no field '" + field + "'");
    reader = std::make_unique<BoundStatement>(
        session_, "SELECT " + f->columnName() + " FROM " + entry.type.table + " WHERE id = :id",
        std::vector<bool>{true}, std::vector<bool>{isIntegerField(*f)});
  }
  reader->set(0, Value{id});
  auto row = reader->queryOne();
  Value v = row ? (*row)[0] : Value{};
  fr.values.emplace(id, v);
  return v;
}

void HostContext::publish(const std::string& event, const JsonPtr& payload) {
  DepthGuard guard(depth_);
  for (const auto* s : registry_.subscribers(event))
    s->fn(*this, payload ? payload : JsonPtr(new Json));
}

}  // namespace tdr::host
