#pragma once

#include <tdr/registrar.h>

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

struct ActionDecl {
  std::string name;
  std::string capability;
  ActionFn fn;
};

struct ReportDecl {
  std::string name;
  std::string capability;
  ReportFn fn;
};

struct SubscriptionDecl {
  std::string event;
  EventHandler fn;
};

struct PortfolioDecl {
  std::string title;
  std::string capability;
  PortfolioFn fn;
};

/// Everything one plugin declared in registerWith; published to the registry only once the
/// plugin passed every loading stage.
struct Declarations {
  std::vector<RecordType> recordTypes;
  std::vector<Dependency> dependencies;
  std::vector<CapabilityDecl> capabilities;
  std::vector<ActionDecl> actions;
  std::vector<ReportDecl> reports;
  std::vector<SubscriptionDecl> subscriptions;
  std::vector<PortfolioDecl> portfolio;
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
  void action(const std::string& name, const std::string& capability, ActionFn fn) override;
  void report(const std::string& name, const std::string& capability, ReportFn fn) override;
  void subscribe(const std::string& event, EventHandler fn) override;
  void portfolioSection(const std::string& title, const std::string& capability,
                        PortfolioFn fn) override;

  Declarations take() { return std::move(decl_); }

 private:
  std::string pluginId_;
  Declarations decl_;
};

/// True for a valid plugin id, record or field name: `[a-z][a-z0-9_]{1,30}`.
bool isValidIdentifier(const std::string& s);

/// Compares dotted versions ("1.10.0" > "1.9"); <0, 0, >0.
int compareVersions(const std::string& a, const std::string& b);

/// True when `version` satisfies `range`: "", "*", ">=1.0", ">1.0", "=1.2", "<2", or
/// several of them separated by spaces or commas (all must hold).
bool versionSatisfies(const std::string& version, const std::string& range);

}  // namespace tdr::host
