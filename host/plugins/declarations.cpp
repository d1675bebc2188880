#include "plugins/declarations.h"

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

void CollectingRegistrar::recordType(RecordType type) {
  const std::string where = pluginId_ + "." + type.name;
  if (!isValidIdentifier(type.name))
    throw validationError("record type '" + type.name + "': name must match [a-z][a-z0-9_]{1,30}");
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
  for (const auto& k : type.naturalKey)
    if (!names.count(k))
      throw validationError("record type " + where + ": natural key field '" + k +
                            "' is not declared");
  if (!type.schoolField.empty() && !names.count(type.schoolField))
    throw validationError("record type " + where + ": school field '" + type.schoolField +
                          "' is not declared");
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

void CollectingRegistrar::action(const std::string& name, const std::string& capability,
                                 ActionFn fn) {
  if (!isValidIdentifier(name)) throw validationError("action name '" + name + "' is not valid");
  if (!fn) throw validationError("action '" + name + "' has no function");
  decl_.actions.push_back({name, capability, std::move(fn)});
}

void CollectingRegistrar::report(const std::string& name, const std::string& capability,
                                 ReportFn fn) {
  if (!isValidIdentifier(name)) throw validationError("report name '" + name + "' is not valid");
  if (!fn) throw validationError("report '" + name + "' has no function");
  decl_.reports.push_back({name, capability, std::move(fn)});
}

void CollectingRegistrar::subscribe(const std::string& event, EventHandler fn) {
  if (event.empty() || !fn) throw validationError("subscription needs an event name and handler");
  decl_.subscriptions.push_back({event, std::move(fn)});
}

void CollectingRegistrar::portfolioSection(const std::string& title, const std::string& capability,
                                           PortfolioFn fn) {
  if (!fn) throw validationError("portfolio section '" + title + "' has no function");
  decl_.portfolio.push_back({title, capability, std::move(fn)});
}

}  // namespace tdr::host
