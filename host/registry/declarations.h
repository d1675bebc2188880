#pragma once

#include <tdr/registrar.h>

#include <map>
#include <string>
#include <vector>

namespace tdr::host {

/// A declared dependency: plugin id and version range (">=1.0").
struct Dependency {
  std::string pluginId;
  std::string range;
};

struct CapabilityDecl {
  std::string name;
  std::string description;
  std::vector<std::string> defaultRoles;
};

/// Declarations as the registry keeps them: the plugin's spec and the plugin that made it.
struct ActionDecl : ActionSpec {
  std::string plugin;
};
struct RecordActionDecl : RecordActionSpec {
  std::string plugin;
};
struct ReportDecl : ReportSpec {
  std::string plugin;
  /// Since SDK 2.2 (Registrar::reportChoices): the labels of the codes a column holds, by key.
  std::map<std::string, std::vector<Choice>> choices;
};
struct IndicatorDecl : IndicatorSpec {
  std::string plugin;
};
struct RoleDecl : RoleSpec {
  std::string plugin;
};

struct SubscriptionDecl {
  std::string event;
  EventHandler fn;
  std::string plugin;
};

/// A portfolio section: declared (SDK 2.1, PortfolioSpec) or SDK 2.0's free-form JSON (`legacy`
/// set, only title and capability filled).
struct PortfolioDecl : PortfolioSpec {
  PortfolioFn legacy;
};

/// What the plugin says it is (Registrar::describe): its title and description for people.
struct About {
  std::string title;
  std::string description;
};

/// Everything one plugin declared in registerWith; published to the registry only once the
/// plugin passed every loading stage.
struct Declarations {
  About about;
  std::vector<RecordType> recordTypes;
  std::vector<Dependency> dependencies;
  std::vector<CapabilityDecl> capabilities;
  std::vector<RoleDecl> roles;
  std::vector<ActionDecl> actions;
  std::vector<RecordActionDecl> recordActions;
  std::vector<ReportDecl> reports;
  std::vector<SubscriptionDecl> subscriptions;
  std::vector<PortfolioDecl> portfolio;
  std::vector<IndicatorDecl> indicators;
  /// Record type name -> the field people know its records by (Registrar::recordTitle).
  std::map<std::string, std::string> recordTitles;
};

/// The host's Registrar: collects declarations and checks each as it arrives (names, table
/// prefix, fields). Throws tdr::Error with the reason on a bad declaration.
class CollectingRegistrar : public Registrar {
 public:
  explicit CollectingRegistrar(std::string pluginId) : pluginId_(std::move(pluginId)) {}

  const std::string& pluginId() const override { return pluginId_; }
  void recordType(RecordType type) override;
  void dependsOn(const std::string& pluginId, const std::string& versionRange) override;
  void capability(const std::string& name, const std::string& description,
                  std::vector<std::string> defaultRoles) override;
  void role(RoleSpec role) override;
  void action(ActionSpec action) override;
  void recordAction(RecordActionSpec action) override;
  void report(ReportSpec report) override;
  void subscribe(const std::string& event, EventHandler fn) override;
  void portfolioSection(const std::string& title, const std::string& capability,
                        PortfolioFn fn) override;
  void describe(const std::string& title, const std::string& description) override;
  void portfolio(PortfolioSpec section) override;
  void indicator(IndicatorSpec indicator) override;
  void recordTitle(const std::string& recordType, const std::string& field) override;
  void reportChoices(const std::string& report, const std::string& column,
                     std::vector<Choice> choices) override;

  Declarations take() { return std::move(decl_); }

 private:
  std::string pluginId_;
  Declarations decl_;
};

/// True for a valid plugin id, record or field name: `[a-z][a-z0-9_]{1,30}`.
bool isValidIdentifier(const std::string& s);

/// Words of the HTTP routes (`/api/v1/{word}/...`) no plugin id may take, and words no record
/// type may take (`/api/v1/{plugin}/{word}/...`), so that nothing shadows a route.
bool isReservedPluginId(const std::string& id);
bool isReservedRecordName(const std::string& name);

/// Compares dotted versions ("1.10.0" > "1.9"); <0, 0, >0.
int compareVersions(const std::string& a, const std::string& b);

/// True when `version` satisfies `range`: "", "*", ">=1.0", ">1.0", "=1.2", "<2", or
/// several of them separated by spaces or commas (all must hold).
bool versionSatisfies(const std::string& version, const std::string& range);

}  // namespace tdr::host
