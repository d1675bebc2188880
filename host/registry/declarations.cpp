#include "registry/declarations.h"

#include <tdr/error.h>

#include <set>

namespace tdr::host {

bool isValidIdentifier(const std::string& s) {
  if (s.size() < 2 || s.size() > 31) return false;
  if (s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

int compareVersions(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    long long x = 0, y = 0;
    while (i < a.size() && a[i] != '.') x = x * 10 + (a[i++] - '0');
    while (j < b.size() && b[j] != '.') y = y * 10 + (b[j++] - '0');
    if (x != y) return x < y ? -1 : 1;
    if (i < a.size()) ++i;
    if (j < b.size()) ++j;
  }
  return 0;
}

bool isReservedPluginId(const std::string& id) {
  static const std::set<std::string> kWords = {
      "health", "me",      "session", "plugins", "audit", "jobs", "teachers",
      "roles",  "openapi", "metrics", "app",     "api",   "users"};
  return kWords.count(id) > 0;
}

bool isReservedRecordName(const std::string& name) {
  static const std::set<std::string> kWords = {"reports", "actions", "indicators", "import",
                                               "export"};
  return kWords.count(name) > 0;
}

namespace {
bool isVersion(const std::string& v) {
  if (v.empty() || v.front() == '.' || v.back() == '.') return false;
  for (char c : v)
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  return v.find("..") == std::string::npos;
}
}  // namespace

bool versionSatisfies(const std::string& version, const std::string& range) {
  std::string clause;
  auto check = [&](const std::string& c) {
    if (c.empty() || c == "*") return true;
    std::string op;
    std::size_t k = 0;
    while (k < c.size() && (c[k] == '>' || c[k] == '<' || c[k] == '=')) op += c[k++];
    std::string v = c.substr(k);
    if (!isVersion(v) || !isVersion(version)) return false;
    int cmp = compareVersions(version, v);
    if (op == ">=") return cmp >= 0;
    if (op == ">") return cmp > 0;
    if (op == "<=") return cmp <= 0;
    if (op == "<") return cmp < 0;
    if (op == "=" || op == "==" || op.empty()) return cmp == 0;
    return false;
  };
  for (char ch : range + " ") {
    if (ch == ' ' || ch == ',') {
      if (!check(clause)) return false;
      clause.clear();
    } else {
      clause += ch;
    }
  }
  return true;
}

namespace {

// Parameters and role attributes are Fields: the same names, types and checks as records.
void checkParams(const std::string& where, const std::vector<Field>& params) {
  std::set<std::string> names;
  for (const auto& f : params) {
    if (!isValidIdentifier(f.name()))
      throw validationError(where + ": parameter name '" + f.name() +
                            "' must match [a-z][a-z0-9_]{1,30}");
    if (!names.insert(f.name()).second)
      throw validationError(where + ": parameter '" + f.name() + "' declared twice");
    if (f.label().empty())
      throw validationError(where + ": parameter '" + f.name() + "' has no label");
    if (f.type() == FieldType::kChoice && f.choices().empty())
      throw validationError(where + ": choice parameter '" + f.name() + "' has no choices");
    if (f.type() == FieldType::kNationalId)
      throw validationError(where + ": parameter '" + f.name() + "' cannot be a national ID");
  }
}

void checkTitle(const std::string& where, const std::string& name, const std::string& title) {
  if (!isValidIdentifier(name))
    throw validationError(where + " name '" + name + "' must match [a-z][a-z0-9_]{1,30}");
  if (title.empty()) throw validationError(where + " '" + name + "' has no title");
}

}  // namespace

void CollectingRegistrar::recordType(RecordType type) {
  const std::string where = pluginId_ + "." + type.name;
  if (!isValidIdentifier(type.name))
    throw validationError("record type '" + type.name + "': name must match [a-z][a-z0-9_]{1,30}");
  if (isReservedRecordName(type.name))
    throw validationError("record type '" + type.name + "': the name is a route word");
  if (type.table.rfind(pluginId_ + "_", 0) != 0)
    throw validationError("record type " + where + ": table '" + type.table + "' must be named " +
                          pluginId_ + "_*");
  if (type.fields.empty()) throw validationError("record type " + where + " declares no fields");
  std::set<std::string> names;
  for (const auto& f : type.fields) {
    if (!isValidIdentifier(f.name()) || f.name() == "id")
      throw validationError("record type " + where + ": field name '" + f.name() +
                            "' must match [a-z][a-z0-9_]{1,30} and not be 'id'");
    if (!names.insert(f.name()).second)
      throw validationError("record type " + where + ": field '" + f.name() + "' declared twice");
    if (f.type() == FieldType::kChoice && f.choices().empty())
      throw validationError("record type " + where + ": choice field '" + f.name() +
                            "' has no choices");
    if (f.type() == FieldType::kReference && f.target().find('.') == std::string::npos)
      throw validationError("record type " + where + ": reference field '" + f.name() +
                            "' must name its target as plugin.record");
  }
  if (type.naturalKey.empty())
    throw validationError("record type " + where +
                          " declares no natural key (the fields that identify a record in files)");
  for (const auto& k : type.naturalKey) {
    if (!names.count(k))
      throw validationError("record type " + where + ": natural key field '" + k +
                            "' is not declared");
    if (type.field(k)->isReadOnly())
      throw validationError("record type " + where + ": natural key field '" + k +
                            "' cannot be read-only");
  }
  if (!type.schoolField.empty()) {
    const Field* f = type.field(type.schoolField);
    if (!f)
      throw validationError("record type " + where + ": school field '" + type.schoolField +
                            "' is not declared");
    if (f->type() != FieldType::kReference)
      throw validationError("record type " + where + ": school field '" + type.schoolField +
                            "' must be a reference to core.schools, core.teachers or a "
                            "school-scoped record type");
  }
  if (!type.teacherField.empty()) {
    const Field* f = type.field(type.teacherField);
    bool self = where == "core.teachers" && f && f->isUnique();
    if (!f || !(self || (f->type() == FieldType::kReference && f->target() == "core.teachers")))
      throw validationError("record type " + where + ": teacher field '" + type.teacherField +
                            "' must be a declared reference to core.teachers");
  }
  for (const auto& [attribute, field] : type.ownerAttributes)
    if (!names.count(field) || !isValidIdentifier(attribute))
      throw validationError("record type " + where + ": owner attribute '" + attribute +
                            "' names field '" + field + "', which is not declared");
  for (const std::string* cap : {&type.readCapability, &type.writeCapability})
    if (!cap->empty() && cap->rfind(pluginId_ + ":", 0) != 0)
      throw validationError("record type " + where + ": capability '" + *cap + "' must be " +
                            pluginId_ + ":<verb>");
  for (const auto& r : decl_.recordTypes)
    if (r.name == type.name) throw validationError("record type " + where + " declared twice");
  decl_.recordTypes.push_back(std::move(type));
}

void CollectingRegistrar::dependsOn(const std::string& pluginId, const std::string& versionRange) {
  if (!isValidIdentifier(pluginId))
    throw validationError("dependency '" + pluginId + "' is not a valid plugin id");
  decl_.dependencies.push_back({pluginId, versionRange});
}

void CollectingRegistrar::capability(const std::string& name, const std::string& description,
                                     std::vector<std::string> defaultRoles) {
  if (name.rfind(pluginId_ + ":", 0) != 0)
    throw validationError("capability '" + name + "' must be named " + pluginId_ + ":<verb>");
  decl_.capabilities.push_back({name, description, std::move(defaultRoles)});
}

void CollectingRegistrar::role(RoleSpec role) {
  checkTitle("role", role.id, role.label);
  for (const auto& r : decl_.roles)
    if (r.id == role.id) throw validationError("role '" + role.id + "' declared twice");
  checkParams("role " + role.id, role.attributes);
  RoleDecl d;
  static_cast<RoleSpec&>(d) = std::move(role);
  d.plugin = pluginId_;
  decl_.roles.push_back(std::move(d));
}

void CollectingRegistrar::action(ActionSpec action) {
  checkTitle("action", action.name, action.title);
  if (!action.fn) throw validationError("action '" + action.name + "' has no function");
  if (action.capability.empty() && !action.pluginsOnly)
    throw validationError("action '" + action.name +
                          "' needs a capability (or is declared plugins-only)");
  for (const auto& a : decl_.actions)
    if (a.name == action.name) throw validationError("action '" + action.name + "' declared twice");
  checkParams("action " + pluginId_ + "." + action.name, action.params);
  ActionDecl d;
  static_cast<ActionSpec&>(d) = std::move(action);
  d.plugin = pluginId_;
  decl_.actions.push_back(std::move(d));
}

void CollectingRegistrar::recordAction(RecordActionSpec action) {
  checkTitle("record action", action.name, action.title);
  const std::string where = pluginId_ + "." + action.recordType + " action " + action.name;
  if (!action.fn) throw validationError(where + " has no function");
  if (action.capability.empty()) throw validationError(where + " needs a capability");
  const RecordType* type = nullptr;
  for (const auto& t : decl_.recordTypes)
    if (t.name == action.recordType) type = &t;
  if (!type)
    throw validationError(where + ": record type '" + action.recordType +
                          "' is not declared (declare it first)");
  if (!action.stateField.empty()) {
    const Field* f = type->field(action.stateField);
    if (!f)
      throw validationError(where + ": state field '" + action.stateField + "' is not declared");
    for (const auto& st : action.states) {
      bool known = f->type() != FieldType::kChoice;
      for (const auto& c : f->choices()) known = known || c.code == st;
      if (!known)
        throw validationError(where + ": state '" + st + "' is not a choice of " + f->name());
    }
  } else if (!action.states.empty()) {
    throw validationError(where + ": states need a state field");
  }
  for (const auto& a : decl_.recordActions)
    if (a.name == action.name && a.recordType == action.recordType)
      throw validationError(where + " declared twice");
  checkParams(where, action.params);
  for (const auto& p : action.params)
    if (p.name() == "ids") throw validationError(where + ": parameter name 'ids' is the bulk list");
  RecordActionDecl d;
  static_cast<RecordActionSpec&>(d) = std::move(action);
  d.plugin = pluginId_;
  decl_.recordActions.push_back(std::move(d));
}

void CollectingRegistrar::report(ReportSpec report) {
  checkTitle("report", report.name, report.title);
  if (!report.fn) throw validationError("report '" + report.name + "' has no function");
  if (report.capability.empty())
    throw validationError("report '" + report.name + "' needs a capability");
  if (report.columns.empty())
    throw validationError("report '" + report.name + "' declares no columns");
  std::set<std::string> keys;
  for (const auto& c : report.columns)
    if (c.key.empty() || c.label.empty() || !keys.insert(c.key).second)
      throw validationError("report '" + report.name + "': column '" + c.key +
                            "' needs a unique key and a label");
  for (const auto& r : decl_.reports)
    if (r.name == report.name) throw validationError("report '" + report.name + "' declared twice");
  checkParams("report " + pluginId_ + "." + report.name, report.params);
  for (const auto& p : report.params)
    if (p.name() == "format") throw validationError("report parameter name 'format' is reserved");
  ReportDecl d;
  static_cast<ReportSpec&>(d) = std::move(report);
  d.plugin = pluginId_;
  decl_.reports.push_back(std::move(d));
}

void CollectingRegistrar::subscribe(const std::string& event, EventHandler fn) {
  if (event.empty() || !fn) throw validationError("subscription needs an event name and handler");
  decl_.subscriptions.push_back({event, std::move(fn), pluginId_});
}

void CollectingRegistrar::portfolioSection(const std::string& title, const std::string& capability,
                                           PortfolioFn fn) {
  if (!fn) throw validationError("portfolio section '" + title + "' has no function");
  if (title.empty() || capability.empty())
    throw validationError("portfolio section needs a title and a capability");
  PortfolioDecl d;
  d.name = "section" + std::to_string(decl_.portfolio.size() + 1);
  d.title = title;
  d.capability = capability;
  d.legacy = std::move(fn);
  decl_.portfolio.push_back(std::move(d));
}

void CollectingRegistrar::describe(const std::string& title, const std::string& description) {
  if (title.empty() || title.size() > 100)
    throw validationError("plugin " + pluginId_ + ": its title must have 1 to 100 bytes");
  if (!decl_.about.title.empty())
    throw validationError("plugin " + pluginId_ + " described itself twice");
  decl_.about = {title, description};
}

void CollectingRegistrar::portfolio(PortfolioSpec section) {
  checkTitle("portfolio section", section.name, section.title);
  const std::string where = "portfolio section " + pluginId_ + "." + section.name;
  if (!section.fn) throw validationError(where + " has no function");
  if (section.capability.empty()) throw validationError(where + " needs a capability");
  if (section.facts.empty() && section.columns.empty())
    throw validationError(where + " declares no facts and no columns");
  checkParams(where + " facts", section.facts);
  checkParams(where + " columns", section.columns);
  for (const auto& f : section.facts)
    if (f.type() == FieldType::kReference && f.target().find('.') == std::string::npos)
      throw validationError(where + ": reference '" + f.name() + "' must name plugin.record");
  if (!section.progress.empty()) {
    if (section.progress.size() != 3)
      throw validationError(where + ": progress names three facts (done, expected, target)");
    for (const auto& name : section.progress) {
      const Field* f = nullptr;
      for (const auto& x : section.facts)
        if (x.name() == name) f = &x;
      if (!f || (f->type() != FieldType::kInteger && f->type() != FieldType::kHoursX10 &&
                 f->type() != FieldType::kMoney))
        throw validationError(where + ": progress fact '" + name +
                              "' must be a declared integer, hours or money fact");
    }
  }
  for (const auto& p : decl_.portfolio)
    if (p.name == section.name) throw validationError(where + " declared twice");
  PortfolioDecl d;
  static_cast<PortfolioSpec&>(d) = std::move(section);
  decl_.portfolio.push_back(std::move(d));
}

void CollectingRegistrar::indicator(IndicatorSpec indicator) {
  checkTitle("indicator", indicator.name, indicator.title);
  const std::string where = "indicator " + pluginId_ + "." + indicator.name;
  const ReportDecl* report = nullptr;
  for (const auto& r : decl_.reports)
    if (r.name == indicator.report) report = &r;
  if (!report)
    throw validationError(where + ": report '" + indicator.report +
                          "' is not declared (declare it first)");
  for (const auto& [name, value] : indicator.params) {
    bool known = false;
    for (const auto& p : report->params) known = known || p.name() == name;
    if (!known)
      throw validationError(where + ": report " + report->name + " has no parameter '" + name +
                            "'");
  }
  if (!indicator.column.empty()) {
    bool known = false;
    for (const auto& c : report->columns) known = known || c.key == indicator.column;
    if (!known)
      throw validationError(where + ": report " + report->name + " has no column '" +
                            indicator.column + "'");
  } else if (!indicator.equals.empty()) {
    throw validationError(where + ": a value to count needs a column");
  }
  for (const auto& i : decl_.indicators)
    if (i.name == indicator.name) throw validationError(where + " declared twice");
  IndicatorDecl d;
  static_cast<IndicatorSpec&>(d) = std::move(indicator);
  d.plugin = pluginId_;
  decl_.indicators.push_back(std::move(d));
}

void CollectingRegistrar::recordTitle(const std::string& recordType, const std::string& field) {
  const std::string where = "record title of " + pluginId_ + "." + recordType;
  const RecordType* type = nullptr;
  for (const auto& t : decl_.recordTypes)
    if (t.name == recordType) type = &t;
  if (!type)
    throw validationError(where + ": record type '" + recordType +
                          "' is not declared (declare it first)");
  const Field* f = type->field(field);
  if (!f || f->type() != FieldType::kText || !f->sensitiveCapability().empty())
    throw validationError(where + ": '" + field + "' must be a declared, non-sensitive text field");
  if (!decl_.recordTitles.emplace(recordType, field).second)
    throw validationError(where + " declared twice");
}

void CollectingRegistrar::reportChoices(const std::string& report, const std::string& column,
                                        std::vector<Choice> choices) {
  const std::string where = "report " + pluginId_ + "." + report + " column " + column;
  ReportDecl* decl = nullptr;
  for (auto& r : decl_.reports)
    if (r.name == report) decl = &r;
  if (!decl) throw validationError(where + ": the report is not declared (declare it first)");
  bool known = false;
  for (const auto& c : decl->columns) known = known || c.key == column;
  if (!known) throw validationError(where + ": no such column");
  if (choices.empty()) throw validationError(where + ": no choices");
  std::set<std::string> codes;
  for (const auto& c : choices)
    if (c.code.empty() || c.label.empty() || !codes.insert(c.code).second)
      throw validationError(where + ": each choice needs a unique code and a label");
  if (!decl->choices.emplace(column, std::move(choices)).second)
    throw validationError(where + ": choices declared twice");
}

}  // namespace tdr::host
