#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "registry/declarations.h"

namespace tdr::host {

/// A record type as the host addresses it: `<plugin>.<record>`.
struct RecordTypeEntry {
  std::string plugin;
  std::string qualifiedName;
  RecordType type;
  /// The field people know a record by beside its key (Registrar::recordTitle), or "".
  std::string titleField;
};

/// What the loaded plugins declared, by qualified name. Filled once loading is done; read-only
/// afterwards (safe to share between request threads).
class Registry {
 public:
  void add(const std::string& plugin, const Declarations& d);

  /// The record type `plugin.record`, or nullptr.
  const RecordTypeEntry* recordType(const std::string& qualified) const;
  /// The record type `plugin.record`; throws tdr::Error (not_found) listing the known ones.
  const RecordTypeEntry& requireRecordType(const std::string& qualified) const;
  const std::deque<RecordTypeEntry>& recordTypes() const { return recordTypes_; }

  const std::vector<CapabilityDecl>& capabilities() const { return capabilities_; }
  /// The declared roles, in load order; the role `id`, or nullptr.
  const std::vector<RoleDecl>& roles() const { return roles_; }
  const RoleDecl* role(const std::string& id) const;
  /// The record actions of record type `qualified`, in declaration order.
  std::vector<const RecordActionDecl*> recordActions(const std::string& qualified) const;
  /// The record action `name` of record type `qualified`, or nullptr.
  const RecordActionDecl* recordAction(const std::string& qualified, const std::string& name) const;
  const std::vector<RecordActionDecl>& allRecordActions() const { return recordActions_; }
  /// The action `plugin.name`, or nullptr.
  const ActionDecl* action(const std::string& qualified) const;
  const std::map<std::string, ActionDecl>& actions() const { return actions_; }
  const std::map<std::string, ReportDecl>& reports() const { return reports_; }
  /// The report `plugin.name`, or nullptr.
  const ReportDecl* report(const std::string& qualified) const;
  /// Handlers subscribed to `event`, in plugin load order.
  std::vector<const SubscriptionDecl*> subscribers(const std::string& event) const;
  /// What plugin `id` said it is (title, description); nullptr when it is not loaded.
  const About* about(const std::string& pluginId) const;
  /// The plugin's declared title, its id when it declared none, "" when it is not loaded.
  std::string pluginTitle(const std::string& pluginId) const;
  const std::map<std::string, About>& plugins() const { return about_; }
  /// Portfolio sections with their plugin ids, in load order.
  const std::vector<std::pair<std::string, PortfolioDecl>>& portfolio() const { return portfolio_; }
  /// Home-screen indicators, in load order.
  const std::vector<IndicatorDecl>& indicators() const { return indicators_; }
  /// The indicator `plugin.name`, or nullptr.
  const IndicatorDecl* indicator(const std::string& plugin, const std::string& name) const;

 private:
  std::map<std::string, About> about_;
  std::deque<RecordTypeEntry> recordTypes_;
  std::map<std::string, const RecordTypeEntry*> recordTypeIndex_;
  std::vector<CapabilityDecl> capabilities_;
  std::vector<RoleDecl> roles_;
  std::vector<RecordActionDecl> recordActions_;
  std::map<std::string, ActionDecl> actions_;
  std::map<std::string, ReportDecl> reports_;
  std::vector<SubscriptionDecl> subscriptions_;
  std::vector<std::pair<std::string, PortfolioDecl>> portfolio_;
  std::vector<IndicatorDecl> indicators_;
};

}  // namespace tdr::host
