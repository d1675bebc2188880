#pragma once

#include <tdr/context.h>
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

/// Parameters of a report or action given on the CLI or in a query string. The host has
/// checked them against the declaration (known, required, typed) and filled in defaults.
using Params = std::map<std::string, std::string>;

/// A report's result: named columns (the declared column keys, in order) and rows; the host
/// renders it as a table, CSV, XLSX or JSON with the declared labels and types.
struct ReportTable {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

using ActionFn = std::function<JsonPtr(Context& ctx, const JsonPtr& params)>;
/// A record action: `record` is the stored record (already checked: the caller may touch it
/// and it is in one of the declared states).
using RecordActionFn =
    std::function<JsonPtr(Context& ctx, const Record& record, const JsonPtr& params)>;
using ReportFn = std::function<ReportTable(Context& ctx, const Params& params)>;
using EventHandler = std::function<void(Context& ctx, const JsonPtr& payload)>;
/// SDK 2.0's free-form portfolio section (its JSON is shown as it is); prefer PortfolioSpec.
using PortfolioFn = std::function<JsonPtr(Context& ctx, long long teacherId)>;

/// Since SDK 2.1: what a declared portfolio section holds for one teacher: the declared facts
/// by name and the table's rows (one Value per declared column, in order). Values are as
/// stored (money in fen, hours in tenths, references as ids, choices as codes); the host
/// formats and labels them.
struct PortfolioData {
  Record facts;
  std::vector<std::vector<Value>> rows;
};
using PortfolioDataFn = std::function<PortfolioData(Context& ctx, long long teacherId)>;

/// One column of a report: key (as in ReportTable::columns), Chinese label, value type (money
/// in fen, hours in tenths, as stored; the host formats them).
struct ReportColumn {
  ReportColumn(std::string key, std::string label, FieldType type = FieldType::kText)
      : key(std::move(key)), label(std::move(label)), type(type) {}

  std::string key;
  std::string label;
  FieldType type = FieldType::kText;
};

/// An action callable as `<plugin>.<name>` by HTTP, the CLI and other plugins.
struct ActionSpec {
  ActionSpec() = default;
  ActionSpec(std::string name, std::string title, std::string description, std::string capability,
             std::vector<Field> params, ActionFn fn)
      : name(std::move(name)),
        title(std::move(title)),
        description(std::move(description)),
        capability(std::move(capability)),
        params(std::move(params)),
        fn(std::move(fn)) {}

  std::string name;
  std::string title;        ///< Chinese title for people
  std::string description;  ///< what it does, for forms, OpenAPI and `tdr run X --help`
  std::string capability;   ///< what a user needs to run it ("" for plugins-only actions)
  std::vector<Field> params;
  ActionFn fn;
  /// Callable only from other plugins' code (Context::call), never by a user over HTTP or the
  /// CLI; Context::callerPlugin() names the calling plugin.
  bool pluginsOnly = false;
  /// Irreversible or far-reaching: user interfaces ask for confirmation first.
  bool confirm = false;
};

/// An action bound to records of one of the plugin's record types, run on one record
/// (`POST /{plugin}/{record}/{id}/actions/{name}`) or many (`.../actions/{name}`, ids).
struct RecordActionSpec {
  std::string name;
  std::string recordType;  ///< this plugin's record type name ("records")
  std::string title;
  std::string description;
  std::string capability;
  /// The field holding the record's state and the states the action applies to (empty: any).
  std::string stateField;
  std::vector<std::string> states;
  std::vector<Field> params;
  RecordActionFn fn;
  bool confirm = false;
};

/// A report `<plugin>.<name>`.
struct ReportSpec {
  ReportSpec() = default;
  ReportSpec(std::string name, std::string title, std::string description, std::string capability,
             std::vector<Field> params, std::vector<ReportColumn> columns, ReportFn fn)
      : name(std::move(name)),
        title(std::move(title)),
        description(std::move(description)),
        capability(std::move(capability)),
        params(std::move(params)),
        columns(std::move(columns)),
        fn(std::move(fn)) {}

  std::string name;
  std::string title;
  std::string description;
  std::string capability;
  std::vector<Field> params;
  std::vector<ReportColumn> columns;
  ReportFn fn;
};

/// A role a plugin brings: users hold exactly one.
struct RoleSpec {
  RoleSpec() = default;
  RoleSpec(std::string id, std::string label, std::string description, RoleScope scope,
           std::vector<Field> attributes = {}, std::vector<std::string> capabilities = {})
      : id(std::move(id)),
        label(std::move(label)),
        description(std::move(description)),
        scope(scope),
        attributes(std::move(attributes)),
        capabilities(std::move(capabilities)) {}

  std::string id;  ///< `[a-z][a-z0-9_]{1,30}`, unique across plugins
  std::string label;
  std::string description;
  RoleScope scope = RoleScope::kDistrict;
  /// User attributes the role requires (`tdr user add ... --attr provider=...`); their values
  /// are text, checked like fields.
  std::vector<Field> attributes;
  /// Capabilities the role holds by default besides those whose declarations grant it (a
  /// plugin's role may hold capabilities of the plugins it depends on).
  std::vector<std::string> capabilities;
  bool allCapabilities = false;      ///< holds every capability (administrators)
  bool allReadCapabilities = false;  ///< holds every `*:read*` capability (auditors)
};

/// Since SDK 2.1: a plugin's section of a teacher's portfolio (成长档案), declared like a record
/// type so that every user interface shows it with labels, formatted values and choice labels.
struct PortfolioSpec {
  std::string name;        ///< `[a-z][a-z0-9_]{1,30}`, unique in the plugin ("hours")
  std::string title;       ///< the section's heading ("继续教育学时")
  std::string capability;  ///< what a user needs to see it
  /// Facts shown as label: value, in order (any field type but national ID; names unique).
  std::vector<Field> facts;
  /// The table under the facts: its heading ("最近 5 条学时") and its columns.
  std::string tableTitle;
  std::vector<Field> columns;
  /// Three fact names (done, expected, target) user interfaces draw as a progress bar, or none.
  std::vector<std::string> progress;
  PortfolioDataFn fn;
};

/// Since SDK 2.2: a figure on the home screen of every user who may run its report, saying what
/// needs doing ("学时进度落后的教师 12"): how many rows the plugin's report gives with `params`,
/// or only the rows whose `column` holds `equals`. The figure links to the report.
struct IndicatorSpec {
  std::string name;    ///< `[a-z][a-z0-9_]{1,30}`, unique in the plugin
  std::string title;   ///< what the rows are, for people ("学时进度落后的教师")
  std::string report;  ///< one of this plugin's reports (declared first); its capability applies
  Params params;       ///< fixed parameters; the others take their defaults
  std::string column;  ///< count only rows whose cell in this column ...
  std::string equals;  ///< ... is this text ("false" and "true" for booleans); "" column: all
};

/// What a plugin declares in `registerWith`. Implemented by the host.
class TDR_API Registrar {
 public:
  virtual ~Registrar();

  /// The id of the plugin being registered.
  virtual const std::string& pluginId() const = 0;
  /// Declares a record type; the host gives it CRUD, import/export, validation, scoping.
  virtual void recordType(RecordType type) = 0;
  /// Declares a dependency on another plugin, e.g. ("training", ">=1.0").
  virtual void dependsOn(const std::string& pluginId, const std::string& versionRange) = 0;
  /// Declares a capability `<plugin>:<verb>`, what it allows (Chinese) and the roles that hold
  /// it by default.
  virtual void capability(const std::string& name, const std::string& description,
                          std::vector<std::string> defaultRoles) = 0;
  /// Declares a role.
  virtual void role(RoleSpec role) = 0;
  /// Declares an action.
  virtual void action(ActionSpec action) = 0;
  /// Declares a record action.
  virtual void recordAction(RecordActionSpec action) = 0;
  /// Declares a report.
  virtual void report(ReportSpec report) = 0;
  /// Subscribes to an event published by any plugin.
  virtual void subscribe(const std::string& event, EventHandler fn) = 0;
  /// Declares this plugin's section of a teacher's portfolio.
  virtual void portfolioSection(const std::string& title, const std::string& capability,
                                PortfolioFn fn) = 0;
  /// Since SDK 2.1. The plugin's name for people (Chinese) and what it is for: shown by
  /// `tdr plugins`, the web interface and wherever a user is told which plugin did something.
  virtual void describe(const std::string& title, const std::string& description) = 0;
  /// Since SDK 2.1. Declares a portfolio section with labelled, typed facts and table.
  virtual void portfolio(PortfolioSpec section) = 0;
  /// Since SDK 2.2. Declares a home-screen indicator.
  virtual void indicator(IndicatorSpec indicator) = 0;
  /// Since SDK 2.2. Names the text field people know a record of this plugin's `recordType` by
  /// beside its natural key (教师: 姓名): lists and look-ups show a reference as key + title.
  virtual void recordTitle(const std::string& recordType, const std::string& field) = 0;
  /// Since SDK 2.2. The codes column `column` of this plugin's report `report` holds and their
  /// labels: user interfaces show the label (Chinese) or the code (English) instead of the code.
  virtual void reportChoices(const std::string& report, const std::string& column,
                             std::vector<Choice> choices) = 0;
};

}  // namespace tdr
