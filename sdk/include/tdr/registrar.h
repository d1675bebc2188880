#pragma once

#include <tdr/export.h>
#include <tdr/json.h>
#include <tdr/record.h>
#include <tdr/value.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tdr {

class Context;

/// Parameters of a report or action given on the CLI or in a query string.
using Params = std::map<std::string, std::string>;

/// A report's result: named columns and rows; the host renders it as a table, CSV or JSON.
struct ReportTable {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

using ActionFn = std::function<JsonPtr(Context& ctx, const JsonPtr& params)>;
using ReportFn = std::function<ReportTable(Context& ctx, const Params& params)>;
using EventHandler = std::function<void(Context& ctx, const JsonPtr& payload)>;
using PortfolioFn = std::function<JsonPtr(Context& ctx, long long teacherId)>;

/// What a plugin declares in `registerWith`. Implemented by the host; new methods are only
/// ever appended (an SDK minor bump), so older plugins keep working.
class TDR_API Registrar {
 public:
  virtual ~Registrar();

  /// The id of the plugin being registered.
  virtual const std::string& pluginId() const = 0;
  /// Declares a record type; the host gives it CRUD, import/export, validation, scoping.
  virtual void recordType(RecordType type) = 0;
  /// Declares a dependency on another plugin, e.g. ("training", ">=1.0").
  virtual void dependsOn(const std::string& pluginId, const std::string& versionRange) = 0;
  /// Declares a capability `<plugin>:<verb>` and the roles that hold it by default.
  virtual void capability(const std::string& name, const std::string& description,
                          std::vector<std::string> defaultRoles) = 0;
  /// Declares an action callable as `<plugin>.<name>` by HTTP, CLI and other plugins.
  virtual void action(const std::string& name, const std::string& capability, ActionFn fn) = 0;
  /// Declares a report `<plugin>.<name>`.
  virtual void report(const std::string& name, const std::string& capability, ReportFn fn) = 0;
  /// Subscribes to an event published by any plugin.
  virtual void subscribe(const std::string& event, EventHandler fn) = 0;
  /// Declares this plugin's section of a teacher's portfolio.
  virtual void portfolioSection(const std::string& title, const std::string& capability,
                                PortfolioFn fn) = 0;
};

}  // namespace tdr
