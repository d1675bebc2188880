#include "http/openapi.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cctype>
#include <map>
#include <sstream>

#include "http/openapi_schema.h"
#include "http/route_table.h"
#include "registry/registry.h"

namespace tdr::host {

namespace {

using namespace openapi;

// The Error schema every operation's default response refers to.
Obj errorSchema() {
  Obj detail = typed("object");
  Obj detailProps = obj();
  detailProps->set("field", typed("string"));
  detailProps->set("reason", typed("string"));
  detailProps->set("line", typed("integer"));
  detail->set("properties", detailProps);
  Obj details = typed("array");
  details->set("items", detail);
  Obj inner = typed("object");
  Obj innerProps = obj();
  innerProps->set("code", typed("string"));
  innerProps->set("message", typed("string"));
  innerProps->set("details", details);
  innerProps->set("request_id", typed("string"));
  inner->set("properties", innerProps);
  Arr required = arr();
  required->add("code");
  required->add("message");
  inner->set("required", required);
  Obj props = obj();
  props->set("error", inner);
  Obj error = typed("object");
  error->set("properties", props);
  return error;
}

// The schema of a record of type `e`: its fields and the read-only id.
Obj recordSchema(const RecordTypeEntry& e) {
  Obj schema = typed("object");
  Obj props = obj();
  Obj idSchema = typed("integer");
  idSchema->set("readOnly", true);
  props->set("id", idSchema);
  Arr required = arr();
  for (const auto& f : e.type.fields) {
    props->set(f.name(), fieldSchema(f));
    if (f.isRequired()) required->add(f.name());
  }
  schema->set("properties", props);
  if (required->size()) schema->set("required", required);
  schema->set("description", e.type.label);
  return schema;
}

// `pattern` with the declaration's names put in for {plugin}, {record}, {report}, {action}.
std::string pathFor(std::string pattern, const std::map<std::string, std::string>& names) {
  for (const auto& [k, v] : names) {
    const std::string hole = "{" + k + "}";
    for (auto at = pattern.find(hole); at != std::string::npos; at = pattern.find(hole))
      pattern.replace(at, hole.size(), v);
  }
  return pattern;
}

// Every (path, doc arguments) a route stands for: one per matching declaration.
std::vector<std::pair<std::string, RouteDocArgs>> expand(const Registry& registry, const Route& r) {
  std::vector<std::pair<std::string, RouteDocArgs>> out;
  auto split = [](const std::string& q) {
    auto dot = q.find('.');
    return std::make_pair(q.substr(0, dot), q.substr(dot + 1));
  };
  switch (r.family) {
    case RouteFamily::kFixed:
      out.emplace_back(r.pattern, RouteDocArgs(registry, r));
      break;
    case RouteFamily::kRecordType:
      for (const auto& e : registry.recordTypes()) {
        RouteDocArgs a(registry, r);
        a.recordType = &e;
        out.emplace_back(pathFor(r.pattern, {{"plugin", e.plugin}, {"record", e.type.name}}), a);
      }
      break;
    case RouteFamily::kReport:
      for (const auto& [name, decl] : registry.reports()) {
        RouteDocArgs a(registry, r);
        a.name = name;
        a.report = &decl;
        auto [plugin, report] = split(name);
        out.emplace_back(pathFor(r.pattern, {{"plugin", plugin}, {"report", report}}), a);
      }
      break;
    case RouteFamily::kAction:
      for (const auto& [name, decl] : registry.actions()) {
        if (decl.pluginsOnly) continue;  // not callable over HTTP
        RouteDocArgs a(registry, r);
        a.name = name;
        a.action = &decl;
        auto [plugin, action] = split(name);
        out.emplace_back(pathFor(r.pattern, {{"plugin", plugin}, {"action", action}}), a);
      }
      break;
    case RouteFamily::kRecordAction:
      for (const auto& decl : registry.allRecordActions()) {
        RouteDocArgs a(registry, r);
        a.recordAction = &decl;
        a.name = decl.plugin + "." + decl.recordType + "." + decl.name;
        out.emplace_back(
            pathFor(r.pattern,
                    {{"plugin", decl.plugin}, {"record", decl.recordType}, {"action", decl.name}}),
            a);
      }
      break;
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string openApiJson(const Registry& registry) {
  Obj doc = obj();
  doc->set("openapi", "3.0.3");
  Obj info = obj();
  info->set("title", "tdr — teacher development records");
  info->set("version", TDR_VERSION);
  doc->set("info", info);
  Arr security = arr();
  Obj bearer = obj();
  bearer->set("bearer", arr());
  security->add(bearer);
  doc->set("security", security);

  Obj schemas = obj();
  schemas->set("Error", errorSchema());
  Obj anyObject = typed("object");
  anyObject->set("additionalProperties", true);
  schemas->set("Object", anyObject);
  for (const auto& e : registry.recordTypes()) schemas->set(e.qualifiedName, recordSchema(e));

  // Every route of the table, once per declaration it stands for: the table that dispatches
  // requests is the one described here.
  Obj paths = obj();
  for (const Route& r : apiRoutes()) {
    if (!r.doc) continue;  // the description itself
    for (const auto& [path, args] : expand(registry, r)) {
      Obj item = paths->has(path) ? paths->getObject(path) : obj();
      item->set(lower(r.method), r.doc(args));
      paths->set(path, item);
    }
  }
  doc->set("paths", paths);
  Obj components = obj();
  components->set("schemas", schemas);
  Obj schemes = obj();
  Obj scheme = obj();
  scheme->set("type", "http");
  scheme->set("scheme", "bearer");
  schemes->set("bearer", scheme);
  components->set("securitySchemes", schemes);
  doc->set("components", components);
  std::ostringstream out;
  doc->stringify(out, 1);
  return out.str();
}

}  // namespace tdr::host
