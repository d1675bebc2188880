#pragma once

#include <map>
#include <set>
#include <string>

namespace tdr::host {

class Registry;

/// Which role holds which capability, from the declarations only: each capability's default
/// roles, each role's own capability list, and roles declared to hold every capability or
/// every `*:read*` capability. A role nobody declared holds nothing.
class CapabilityTable {
 public:
  explicit CapabilityTable(const Registry& registry);
  bool allows(const std::string& role, const std::string& capability) const;

 private:
  std::map<std::string, std::set<std::string>> byRole_;
  std::set<std::string> all_;
};

}  // namespace tdr::host
