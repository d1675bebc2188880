#include "plugins/registry.h"

#include <tdr/error.h>

namespace tdr::host {

void Registry::add(const std::string& plugin, const Declarations& d) {
  for (const auto& t : d.recordTypes) {
    recordTypes_.push_back({plugin, plugin + "." + t.name, t});
    recordTypeIndex_[recordTypes_.back().qualifiedName] = &recordTypes_.back();
  }
  capabilities_.insert(capabilities_.end(), d.capabilities.begin(), d.capabilities.end());
  for (const auto& a : d.actions) actions_[plugin + "." + a.name] = a;
  for (const auto& r : d.reports) reports_[plugin + "." + r.name] = r;
  subscriptions_.insert(subscriptions_.end(), d.subscriptions.begin(), d.subscriptions.end());
  for (const auto& p : d.portfolio) portfolio_.emplace_back(plugin, p);
}

const RecordTypeEntry* Registry::recordType(const std::string& qualified) const {
  auto it = recordTypeIndex_.find(qualified);
  return it == recordTypeIndex_.end() ? nullptr : it->second;
}

const RecordTypeEntry& Registry::requireRecordType(const std::string& qualified) const {
  if (const auto* e = recordType(qualified)) return *e;
  std::string known;
  for (const auto& e : recordTypes_) known += (known.empty() ? "" : ", ") + e.qualifiedName;
  throw notFound("unknown record type '" + qualified + "' (known: " + known + ")");
}

const ActionDecl* Registry::action(const std::string& qualified) const {
  auto it = actions_.find(qualified);
  return it == actions_.end() ? nullptr : &it->second;
}

const ReportDecl* Registry::report(const std::string& qualified) const {
  auto it = reports_.find(qualified);
  return it == reports_.end() ? nullptr : &it->second;
}

std::vector<const SubscriptionDecl*> Registry::subscribers(const std::string& event) const {
  std::vector<const SubscriptionDecl*> out;
  for (const auto& s : subscriptions_)
    if (s.event == event) out.push_back(&s);
  return out;
}

}  // namespace tdr::host
