#include "plugins/host_context.h"

#include <Poco/Logger.h>
#include <tdr/error.h>

#include "plugins/param_check.h"
#include "records/record_service.h"
#include "records/record_store.h"
#include "util/text.h"
#include "util/timestamps.h"

namespace tdr::host {

namespace {
constexpr int kMaxDepth = 16;
}  // namespace

HostContext::Frame::Frame(HostContext& c, const std::string& plugin, const std::string& caller)
    : ctx(c), savedRunning(c.running_), savedCaller(c.caller_) {
  if (++ctx.depth_ > kMaxDepth) {
    --ctx.depth_;
    throw Error(ErrorCode::kInternal, "actions/events nested more than 16 deep");
  }
  ctx.running_ = plugin;
  ctx.caller_ = caller;
}

HostContext::Frame::~Frame() {
  --ctx.depth_;
  ctx.running_ = savedRunning;
  ctx.caller_ = savedCaller;
}

User commandLineOperator() {
  User u;
  u.login = "cli";
  u.role = "admin";
  return u;
}

HostContext::HostContext(soci::session& session, Dialect dialect, const Registry& registry,
                         const CapabilityTable& capabilities, User user, std::string nationalIdKey)
    : session_(session),
      dialect_(dialect),
      registry_(registry),
      capabilities_(capabilities),
      user_(std::move(user)),
      idKey_(std::move(nationalIdKey)) {
  // The scope is the declared role's, whatever the caller filled in.
  const RoleDecl* role = registry_.role(user_.role);
  user_.scope = role ? role->scope : RoleScope::kOwnRecords;
  if (user_.scope != RoleScope::kSchool) user_.schoolId.reset();
}

HostContext::~HostContext() = default;

const std::string& HostContext::language() const { return host::language(); }

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
  if (!a) throw notFound(tr("没有操作 '" + action + "'", "unknown action '" + action + "'"));
  if (!a->pluginsOnly && !can(a->capability))
    throw forbidden(tr("操作 " + a->title + " 需要权限 " + a->capability,
                       "action '" + action + "' needs capability '" + a->capability + "'"));
  JsonPtr checked = checkActionParams(*this, a->params, params);
  std::string caller = running_;
  return asPlugin(a->plugin, caller, [&] { return a->fn(*this, checked); });
}

RecordService& HostContext::writer(const std::string& type) {
  for (auto& [name, service] : writers_)
    if (name == type) return *service;
  const RecordTypeEntry& entry = registry_.requireRecordType(type);
  writers_.emplace_back(
      type, std::make_unique<RecordService>(*this, registry_, entry, idKey_, nullptr, true));
  return *writers_.back().second;
}

std::optional<Record> HostContext::find(const std::string& type, long long id) {
  try {
    return writer(type).load(id);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kNotFound && registry_.recordType(type)) return std::nullopt;
    throw;
  }
}

long long HostContext::save(const std::string& type, const Record& record) {
  // Cached values of this record may change.
  for (auto& r : fieldReaders_)
    if (r->type == type) r->values.erase(record.id());
  return writer(type).save(record);
}

void HostContext::remove(const std::string& type, long long id) {
  for (auto& r : fieldReaders_)
    if (r->type == type) r->values.erase(id);
  writer(type).erase(id);
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
    const std::string from = f->columnName() + " FROM " + entry.type.table;
    reader = std::make_unique<BoundStatement>(session_, "SELECT " + from + " WHERE id = :id",
                                              std::vector<bool>{true},
                                              std::vector<bool>{isIntegerField(*f)});
    fr.block = std::make_unique<BoundStatement>(
        session_, "SELECT id, " + from + " WHERE id >= :a AND id < :b",
        std::vector<bool>{true, true}, std::vector<bool>{true, isIntegerField(*f)});
  }
  long long block = id >= 0 ? id / kFieldBlock : -1;
  if (fr.missed && block >= 0 && fr.blocksRead.insert(block).second) {
    // Only the values found are kept: an id missing from the block is asked by itself below
    // (it may be created after this read).
    fr.block->set(0, Value{block * kFieldBlock});
    fr.block->set(1, Value{(block + 1) * kFieldBlock});
    for (bool row = fr.block->execute(); row; row = fr.block->fetch())
      fr.values.emplace(std::get<long long>(fr.block->result(0)), fr.block->result(1));
    cached = fr.values.find(id);
    if (cached != fr.values.end()) return cached->second;
  }
  fr.missed = true;
  reader->set(0, Value{id});
  auto row = reader->queryOne();
  Value v = row ? (*row)[0] : Value{};
  fr.values.emplace(id, v);
  return v;
}

void HostContext::publish(const std::string& event, const JsonPtr& payload) {
  std::string caller = running_;
  for (const auto* s : registry_.subscribers(event))
    asPlugin(s->plugin, caller, [&] { s->fn(*this, payload ? payload : JsonPtr(new Json)); });
}

}  // namespace tdr::host
