#pragma once

#include <map>
#include <set>
#include <string>

namespace tdr::host {

class Registry;

/// Which role holds which capability: the plugins' default grants, plus two rules of the host —
/// admin holds every capability, auditor every `*:read*` capability (reads everything, changes
/// nothing) and core:audit.
class CapabilityTable {
 public:
  explicit CapabilityTable(const Registry& registry);
  bool allows(const std::string& role, const std::string& capability) const;

 private:
  std::map<std::string, std::set<std::string>> byRole_;
};

}  // namespace tdr::host
