#include "registry/registry.h"

#include <tdr/error.h>

namespace tdr::host {

void Registry::add(const std::string& plugin, const Declarations& d) {
  about_[plugin] = d.about;
  for (const auto& t : d.recordTypes) {
    auto title = d.recordTitles.find(t.name);
    recordTypes_.push_back(
        {plugin, plugin + "." + t.name, t, title == d.recordTitles.end() ? "" : title->second});
    recordTypeIndex_[recordTypes_.back().qualifiedName] = &recordTypes_.back();
  }
  capabilities_.insert(capabilities_.end(), d.capabilities.begin(), d.capabilities.end());
  roles_.insert(roles_.end(), d.roles.begin(), d.roles.end());
  recordActions_.insert(recordActions_.end(), d.recordActions.begin(), d.recordActions.end());
  for (const auto& a : d.actions) actions_[plugin + "." + a.name] = a;
  for (const auto& r : d.reports) reports_[plugin + "." + r.name] = r;
  subscriptions_.insert(subscriptions_.end(), d.subscriptions.begin(), d.subscriptions.end());
  for (const auto& p : d.portfolio) portfolio_.emplace_back(plugin, p);
  indicators_.insert(indicators_.end(), d.indicators.begin(), d.indicators.end());
}

const IndicatorDecl* Registry::indicator(const std::string& plugin, const std::string& name) const {
  for (const auto& i : indicators_)
    if (i.plugin == plugin && i.name == name) return &i;
  return nullptr;
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

const About* Registry::about(const std::string& pluginId) const {
  auto it = about_.find(pluginId);
  return it == about_.end() ? nullptr : &it->second;
}

std::string Registry::pluginTitle(const std::string& pluginId) const {
  const About* a = about(pluginId);
  if (!a) return "";
  return a->title.empty() ? pluginId : a->title;
}

const RoleDecl* Registry::role(const std::string& id) const {
  for (const auto& r : roles_)
    if (r.id == id) return &r;
  return nullptr;
}

std::vector<const RecordActionDecl*> Registry::recordActions(const std::string& qualified) const {
  std::vector<const RecordActionDecl*> out;
  for (const auto& a : recordActions_)
    if (a.plugin + "." + a.recordType == qualified) out.push_back(&a);
  return out;
}

const RecordActionDecl* Registry::recordAction(const std::string& qualified,
                                               const std::string& name) const {
  for (const auto& a : recordActions_)
    if (a.name == name && a.plugin + "." + a.recordType == qualified) return &a;
  return nullptr;
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
