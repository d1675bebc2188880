#include "auth/capabilities.h"

#include "plugins/registry.h"

namespace tdr::host {

CapabilityTable::CapabilityTable(const Registry& registry) {
  for (const auto& c : registry.capabilities()) {
    for (const auto& role : c.defaultRoles) byRole_[role].insert(c.name);
    auto colon = c.name.find(':');
    if (c.name.compare(colon + 1, 4, "read") == 0) byRole_["auditor"].insert(c.name);
  }
  byRole_["auditor"].insert("core:audit");
}

bool CapabilityTable::allows(const std::string& role, const std::string& capability) const {
  if (capability.empty() || role == "admin") return true;
  auto it = byRole_.find(role);
  return it != byRole_.end() && it->second.count(capability) > 0;
}

}  // namespace tdr::host
