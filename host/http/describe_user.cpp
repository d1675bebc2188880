#include "http/describe_user.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <soci/soci.h>

#include <sstream>

#include "app/runtime.h"
#include "records/record_scope.h"
#include "registry/registry.h"

namespace tdr::host {

namespace {

// Declared choices as `[{"code", "label"}]`, for fields and report columns alike.
Poco::JSON::Array::Ptr choicesJson(const std::vector<Choice>& choices) {
  Poco::JSON::Array::Ptr out(new Poco::JSON::Array);
  for (const auto& c : choices) {
    Poco::JSON::Object::Ptr j(new Poco::JSON::Object);
    j->set("code", c.code);
    j->set("label", c.label);
    out->add(j);
  }
  return out;
}

Poco::JSON::Object::Ptr fieldJson(Context& ctx, const Field& f) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  Object::Ptr j(new Object);
  j->set("name", f.name());
  j->set("label", f.label());
  j->set("type", std::string(fieldTypeName(f.type())));
  j->set("required", f.isRequired());
  if (f.isReadOnly()) j->set("read_only", true);
  if (!f.defaultText().empty()) j->set("default", f.defaultText());
  if (!f.descriptionText().empty()) j->set("description", f.descriptionText());
  if (f.minValue()) j->set("min", *f.minValue());
  if (f.maxValue()) j->set("max", *f.maxValue());
  if (f.maxLen()) j->set("max_length", static_cast<long long>(f.maxLen()));
  if (!f.target().empty()) j->set("reference", f.target());
  if (!f.sensitiveCapability().empty()) j->set("sensitive", !ctx.can(f.sensitiveCapability()));
  if (!f.choices().empty()) j->set("choices", choicesJson(f.choices()));
  return j;
}

Poco::JSON::Array::Ptr fieldsJson(Context& ctx, const std::vector<Field>& fields) {
  Poco::JSON::Array::Ptr out(new Poco::JSON::Array);
  for (const auto& f : fields) out->add(fieldJson(ctx, f));
  return out;
}

}  // namespace

// What the acting user may see and do, for clients that build their screens from it (the web
// interface): the user and their role, capabilities, every readable record type with its
// fields and record actions, the reports and actions they may use with their parameters, the
// roles, the loaded plugins.
std::string describeForUser(Context& ctx, const Registry& registry, Runtime& runtime,
                            const User& user, soci::session& s) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  Object::Ptr out(new Object), u(new Object);
  u->set("login", user.login);
  u->set("role", user.role);
  const RoleDecl* role = registry.role(user.role);
  u->set("role_label", role ? role->label : user.role);
  u->set("scope", user.scope == RoleScope::kSchool       ? "school"
                  : user.scope == RoleScope::kOwnRecords ? "own"
                                                         : "district");
  Object::Ptr attrs(new Object);
  for (const auto& [k, v] : user.attributes) attrs->set(k, v);
  u->set("attributes", attrs);
  u->set("provider", user.attribute("provider"));
  if (user.schoolId) {
    std::string code;
    long long id = *user.schoolId;
    s << "SELECT code FROM core_schools WHERE id = :id", soci::use(id), soci::into(code);
    u->set("school", code);
  } else {
    u->set("school", Poco::Dynamic::Var());
  }
  out->set("user", u);
  Array::Ptr caps(new Array);
  for (const auto& c : registry.capabilities())
    if (ctx.can(c.name)) caps->add(c.name);
  out->set("capabilities", caps);
  Array::Ptr types(new Array);
  for (const auto& t : registry.recordTypes()) {
    RecordScope scope(s, registry, t, user);
    if (!ctx.can(scope.readCapability()) || !scope.hiddenReason().empty()) continue;
    Object::Ptr o(new Object);
    o->set("name", t.qualifiedName);
    o->set("plugin", t.plugin);
    o->set("label", t.type.label);
    o->set("writable", ctx.can(scope.writeCapability()) && scope.unwritableReason().empty());
    Array::Ptr key(new Array);
    for (const auto& k : t.type.naturalKey) key->add(k);
    o->set("natural_key", key);
    if (!t.type.teacherField.empty()) o->set("teacher_field", t.type.teacherField);
    if (!t.titleField.empty()) o->set("title_field", t.titleField);
    o->set("fields", fieldsJson(ctx, t.type.fields));
    Array::Ptr recordActions(new Array);
    for (const auto* a : registry.recordActions(t.qualifiedName)) {
      if (!ctx.can(a->capability)) continue;
      Object::Ptr aj(new Object);
      aj->set("name", a->name);
      aj->set("title", a->title);
      aj->set("description", a->description);
      aj->set("confirm", a->confirm);
      if (!a->stateField.empty()) {
        aj->set("state_field", a->stateField);
        Array::Ptr states(new Array);
        for (const auto& st : a->states) states->add(st);
        aj->set("states", states);
      }
      aj->set("params", fieldsJson(ctx, a->params));
      recordActions->add(aj);
    }
    o->set("actions", recordActions);
    types->add(o);
  }
  out->set("record_types", types);
  Array::Ptr reports(new Array), actions(new Array), reportSpecs(new Array), actionSpecs(new Array);
  for (const auto& [name, r] : registry.reports()) {
    if (!ctx.can(r.capability)) continue;
    reports->add(name);
    Object::Ptr rj(new Object);
    rj->set("name", name);
    rj->set("title", r.title);
    rj->set("description", r.description);
    rj->set("params", fieldsJson(ctx, r.params));
    Array::Ptr cols(new Array);
    for (const auto& c : r.columns) {
      Object::Ptr cj(new Object);
      cj->set("key", c.key);
      cj->set("label", c.label);
      cj->set("type", std::string(fieldTypeName(c.type)));
      auto choices = r.choices.find(c.key);
      if (choices != r.choices.end()) cj->set("choices", choicesJson(choices->second));
      cols->add(cj);
    }
    rj->set("columns", cols);
    reportSpecs->add(rj);
  }
  for (const auto& [name, a] : registry.actions()) {
    if (a.pluginsOnly || !ctx.can(a.capability)) continue;
    actions->add(name);
    Object::Ptr aj(new Object);
    aj->set("name", name);
    aj->set("title", a.title);
    aj->set("description", a.description);
    aj->set("confirm", a.confirm);
    aj->set("params", fieldsJson(ctx, a.params));
    actionSpecs->add(aj);
  }
  out->set("reports", reports);
  out->set("actions", actions);
  out->set("report_specs", reportSpecs);
  out->set("action_specs", actionSpecs);
  // Home-screen indicators of the reports the user may run (their counts: GET
  // /api/v1/{plugin}/indicators/{name}).
  Array::Ptr indicators(new Array);
  for (const auto& i : registry.indicators()) {
    const ReportDecl* r = registry.report(i.plugin + "." + i.report);
    if (!r || !ctx.can(r->capability)) continue;
    Object::Ptr ij(new Object);
    ij->set("plugin", i.plugin);
    ij->set("name", i.name);
    ij->set("title", i.title);
    ij->set("report", i.plugin + "." + i.report);
    Object::Ptr params(new Object);
    for (const auto& [k, v] : i.params) params->set(k, v);
    ij->set("params", params);
    if (!i.column.empty()) {
      ij->set("column", i.column);
      ij->set("equals", i.equals);
    }
    indicators->add(ij);
  }
  out->set("indicators", indicators);
  Array::Ptr roles(new Array);
  for (const auto& r : registry.roles()) {
    Object::Ptr rj(new Object);
    rj->set("id", r.id);
    rj->set("label", r.label);
    rj->set("plugin", r.plugin);
    roles->add(rj);
  }
  out->set("roles", roles);
  Array::Ptr plugins(new Array);
  for (const auto& st : runtime.plugins().statuses())
    if (st.state == PluginState::kLoaded) plugins->add(st.id);
  out->set("plugins", plugins);
  // Labels of everything declared, whatever the user may use: the audit log names record
  // types and actions an auditor cannot open, and must still show them by name.
  Object::Ptr labels(new Object), typeLabels(new Object), actionLabels(new Object),
      recordActionLabels(new Object), pluginLabels(new Object);
  for (const auto& [id, about] : registry.plugins())
    pluginLabels->set(id, registry.pluginTitle(id));
  for (const auto& t : registry.recordTypes()) typeLabels->set(t.qualifiedName, t.type.label);
  for (const auto& [name, a] : registry.actions()) actionLabels->set(name, a.title);
  for (const auto& a : registry.allRecordActions())
    recordActionLabels->set(a.plugin + "." + a.recordType + "." + a.name, a.title);
  labels->set("record_types", typeLabels);
  labels->set("actions", actionLabels);
  labels->set("record_actions", recordActionLabels);
  labels->set("plugins", pluginLabels);
  out->set("labels", labels);
  std::ostringstream os;
  out->stringify(os);
  return os.str();
}

}  // namespace tdr::host
