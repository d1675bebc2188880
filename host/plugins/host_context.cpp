#include "plugins/host_context.h"

#include <Poco/Logger.h>
#include <tdr/error.h>

#include "db/timestamps.h"

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

void HostContext::publish(const std::string& event, const JsonPtr& payload) {
  DepthGuard guard(depth_);
  for (const auto* s : registry_.subscribers(event))
    s->fn(*this, payload ? payload : JsonPtr(new Json));
}

}  // namespace tdr::host
