#include "auth/capabilities.h"

#include "registry/registry.h"

namespace tdr::host {

CapabilityTable::CapabilityTable(const Registry& registry) {
  std::set<std::string> declaredRoles;
  for (const auto& r : registry.roles()) declaredRoles.insert(r.id);
  for (const auto& c : registry.capabilities())
    for (const auto& role : c.defaultRoles) byRole_[role].insert(c.name);
  for (const auto& r : registry.roles()) {
    auto& held = byRole_[r.id];
    held.insert(r.capabilities.begin(), r.capabilities.end());
    if (r.allCapabilities) all_.insert(r.id);
    if (!r.allReadCapabilities) continue;
    for (const auto& c : registry.capabilities()) {
      auto colon = c.name.find(':');
      if (c.name.compare(colon + 1, 4, "read") == 0) held.insert(c.name);
    }
  }
  // Grants to roles no loaded plugin declares have nobody to hold them.
  for (auto it = byRole_.begin(); it != byRole_.end();)
    it = declaredRoles.count(it->first) ? std::next(it) : byRole_.erase(it);
}

bool CapabilityTable::allows(const std::string& role, const std::string& capability) const {
  if (capability.empty() || all_.count(role)) return true;
  auto it = byRole_.find(role);
  return it != byRole_.end() && it->second.count(capability) > 0;
}

}  // namespace tdr::host
