#include "http/openapi.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "registry/registry.h"

namespace tdr::host {

namespace {

using Obj = Poco::JSON::Object::Ptr;
using Arr = Poco::JSON::Array::Ptr;

Obj obj() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }
Arr arr() { return new Poco::JSON::Array(); }

Obj ref(const std::string& to) {
  Obj o = obj();
  o->set("$ref", to);
  return o;
}

Obj typed(const std::string& type) {
  Obj o = obj();
  o->set("type", type);
  return o;
}

Obj fieldSchema(const Field& f) {
  Obj s;
  switch (f.type()) {
    case FieldType::kInteger:
      s = typed("integer");
      if (f.minValue()) s->set("minimum", *f.minValue());
      if (f.maxValue()) s->set("maximum", *f.maxValue());
      break;
    case FieldType::kBoolean:
      s = typed("boolean");
      break;
    case FieldType::kMoney:
    case FieldType::kHoursX10:
      s = typed("number");
      s->set("description",
             f.type() == FieldType::kMoney ? "yuan, up to 2 decimals" : "学时, up to 1 decimal");
      break;
    case FieldType::kDate:
      s = typed("string");
      s->set("format", "date");
      break;
    case FieldType::kChoice: {
      s = typed("string");
      Arr values = arr();
      for (const auto& c : f.choices()) values->add(c.code);
      s->set("enum", values);
      break;
    }
    case FieldType::kReference:
      s = typed("string");
      s->set("description", "natural key of " + f.target());
      break;
    case FieldType::kNationalId:
      s = typed("string");
      s->set("description", "18-character GB 11643 number; returned masked");
      break;
    case FieldType::kYear:
      s = typed("integer");
      s->set("minimum", 1900);
      s->set("maximum", 2999);
      break;
    default:
      s = typed("string");
      if (f.maxLen()) s->set("maxLength", static_cast<int>(f.maxLen()));
  }
  if (!f.label().empty() && !s->has("description")) s->set("description", f.label());
  if (f.isReadOnly()) s->set("readOnly", true);
  s->set("nullable", !f.isRequired());
  return s;
}

Obj response(const std::string& description, Obj schema = nullptr,
             const std::string& media = "application/json") {
  Obj r = obj();
  r->set("description", description);
  if (schema) {
    Obj content = obj();
    Obj m = obj();
    m->set("schema", schema);
    content->set(media, m);
    r->set("content", content);
  }
  return r;
}

Obj operation(const std::string& id, const std::string& summary, const std::string& tag, Obj ok,
              const std::string& okStatus = "200") {
  Obj op = obj();
  op->set("operationId", id);
  op->set("summary", summary);
  Arr tags = arr();
  tags->add(tag);
  op->set("tags", tags);
  Obj responses = obj();
  responses->set(okStatus, ok);
  responses->set("default", response("error", ref("#/components/schemas/Error")));
  op->set("responses", responses);
  return op;
}

Obj param(const std::string& name, const std::string& in, Obj schema, bool required,
          const std::string& description = "") {
  Obj p = obj();
  p->set("name", name);
  p->set("in", in);
  p->set("required", required);
  if (!description.empty()) p->set("description", description);
  p->set("schema", schema);
  return p;
}

Obj jsonBody(Obj schema) {
  Obj body = obj();
  Obj content = obj();
  Obj m = obj();
  m->set("schema", schema);
  content->set("application/json", m);
  body->set("content", content);
  body->set("required", true);
  return body;
}

std::string opId(const std::string& verb, const std::string& qualified) {
  std::string s = verb + "_" + qualified;
  for (auto& c : s)
    if (c == '.') c = '_';
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
  Obj error = typed("object");
  {
    Obj props = obj();
    Obj inner = typed("object");
    Obj innerProps = obj();
    innerProps->set("code", typed("string"));
    innerProps->set("message", typed("string"));
    Obj detail = typed("object");
    Obj detailProps = obj();
    detailProps->set("field", typed("string"));
    detailProps->set("reason", typed("string"));
    detailProps->set("line", typed("integer"));
    detail->set("properties", detailProps);
    Obj details = typed("array");
    details->set("items", detail);
    innerProps->set("details", details);
    innerProps->set("request_id", typed("string"));
    inner->set("properties", innerProps);
    Arr required = arr();
    required->add("code");
    required->add("message");
    inner->set("required", required);
    props->set("error", inner);
    error->set("properties", props);
  }
  schemas->set("Error", error);
  Obj anyObject = typed("object");
  anyObject->set("additionalProperties", true);
  schemas->set("Object", anyObject);

  Obj paths = obj();
  auto simple = [&](const std::string& path, const std::string& id, const std::string& summary,
                    const std::string& tag, bool secured) {
    Obj op = operation(id, summary, tag, response("ok", ref("#/components/schemas/Object")));
    if (!secured) op->set("security", arr());
    Obj item = obj();
    item->set("get", op);
    paths->set(path, item);
    return op;
  };
  simple("/api/v1/health", "health", "Liveness and database check", "system", false);
  simple("/api/v1/plugins", "plugins", "Loaded and refused plugins", "system", true);
  simple("/api/v1/me", "me",
         "The user, their capabilities, the record types (with fields), reports and actions "
         "they may use",
         "system", true);
  {
    // Log-in (login + password -> a session token) and log-out.
    Obj item = obj();
    Obj login = operation("logIn", "Log in with login and password; returns a session token",
                          "system", response("the token", ref("#/components/schemas/Object")));
    login->set("security", arr());
    Obj body = obj(), props = obj();
    body->set("type", "object");
    props->set("login", typed("string"));
    props->set("password", typed("string"));
    body->set("properties", props);
    Arr required = arr();
    required->add("login");
    required->add("password");
    body->set("required", required);
    login->set("requestBody", jsonBody(body));
    item->set("post", login);
    item->set("delete", operation("logOut", "Revoke the token of this request", "system",
                                  response("revoked", ref("#/components/schemas/Object"))));
    paths->set("/api/v1/session", item);
  }
  Obj audit = simple("/api/v1/audit", "audit", "The audit log (auditors, admins)", "system", true);
  {
    Arr ps = arr();
    ps->add(param("page", "query", typed("integer"), false));
    ps->add(param("page_size", "query", typed("integer"), false));
    audit->set("parameters", ps);
  }
  Obj job =
      simple("/api/v1/jobs/{id}", "job", "Progress and report of an import job", "system", true);
  {
    Arr ps = arr();
    ps->add(param("id", "path", typed("integer"), true));
    job->set("parameters", ps);
  }
  Obj portfolio = simple("/api/v1/teachers/{staff_no}/portfolio", "portfolio",
                         "A teacher's portfolio: every plugin's section", "teachers", true);
  {
    Arr ps = arr();
    ps->add(param("staff_no", "path", typed("string"), true));
    portfolio->set("parameters", ps);
  }

  for (const auto& e : registry.recordTypes()) {
    const std::string& q = e.qualifiedName;
    const std::string base = "/api/v1/" + e.plugin + "/" + e.type.name;
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
    schemas->set(q, schema);
    const std::string self = "#/components/schemas/" + q;

    Obj page = typed("object");
    {
      Obj pp = obj();
      Obj items = typed("array");
      items->set("items", ref(self));
      pp->set("items", items);
      pp->set("page", typed("integer"));
      pp->set("page_size", typed("integer"));
      pp->set("total", typed("integer"));
      page->set("properties", pp);
    }
    Obj collection = obj();
    Obj list = operation(opId("list", q), "List " + e.type.label, q, response("a page", page));
    Arr listParams = arr();
    listParams->add(param("page", "query", typed("integer"), false));
    Obj size = typed("integer");
    size->set("maximum", 500);
    listParams->add(param("page_size", "query", size, false));
    listParams->add(param("sort", "query", typed("string"), false, "field, or -field"));
    for (const auto& f : e.type.fields)
      if (f.sensitiveCapability().empty())
        listParams->add(param(f.name(), "query", typed("string"), false, "equals"));
    list->set("parameters", listParams);
    collection->set("get", list);
    Obj create = operation(opId("create", q), "Create", q, response("created", ref(self)), "201");
    create->set("requestBody", jsonBody(ref(self)));
    collection->set("post", create);
    paths->set(base, collection);

    Obj item = obj();
    Arr idParam = arr();
    idParam->add(param("id", "path", typed("integer"), true));
    item->set("parameters", idParam);
    item->set("get", operation(opId("get", q), "Read one", q, response("the record", ref(self))));
    Obj update = operation(opId("update", q), "Change the fields given", q,
                           response("the record", ref(self)));
    update->set("requestBody", jsonBody(ref("#/components/schemas/Object")));
    item->set("put", update);
    item->set("delete", operation(opId("delete", q), "Delete", q, response("deleted"), "204"));
    paths->set(base + "/{id}", item);

    Obj importItem = obj();
    Obj import = operation(opId("import", q), "Import a CSV file (as a job)", q,
                           response("the job", ref("#/components/schemas/Object")), "202");
    Obj body = obj();
    Obj content = obj();
    Obj csv = obj();
    Obj csvSchema = typed("string");
    csvSchema->set("format", "binary");
    csv->set("schema", csvSchema);
    content->set("text/csv", csv);
    body->set("content", content);
    body->set("required", true);
    import->set("requestBody", body);
    Arr importParams = arr();
    importParams->add(param("dry_run", "query", typed("boolean"), false));
    importParams->add(param("partial", "query", typed("boolean"), false));
    import->set("parameters", importParams);
    importItem->set("post", import);
    paths->set(base + "/import", importItem);

    Obj exportItem = obj();
    Obj exportOp = operation(opId("export", q), "Export as CSV or JSON", q,
                             response("the file", typed("string"), "text/csv"));
    Arr exportParams = arr();
    Obj format = typed("string");
    Arr formats = arr();
    formats->add("csv");
    formats->add("json");
    format->set("enum", formats);
    exportParams->add(param("format", "query", format, false));
    exportOp->set("parameters", exportParams);
    exportItem->set("get", exportOp);
    paths->set(base + "/export", exportItem);
  }
  // Parameter schemas as the host checks them: a declared parameter is a Field.
  auto objectOf = [&](const std::vector<Field>& fields, Obj extra = nullptr) {
    Obj o = typed("object");
    Obj props = obj();
    Arr required = arr();
    for (const auto& f : fields) {
      Obj fs = fieldSchema(f);
      if (!f.defaultText().empty()) fs->set("default", f.defaultText());
      props->set(f.name(), fs);
      if (f.isRequired() && f.defaultText().empty()) required->add(f.name());
    }
    if (extra)
      for (const auto& [k, v] : *extra) props->set(k, v);
    o->set("properties", props);
    if (required->size()) o->set("required", required);
    o->set("additionalProperties", false);
    return o;
  };
  for (const auto& [name, r] : registry.reports()) {
    auto dot = name.find('.');
    Obj item = obj();
    // The JSON answer: column keys, labels and types, and rows in column order.
    Obj row = typed("array");
    Obj cell = obj();
    std::string described;
    for (const auto& c : r.columns)
      described += (described.empty() ? "" : ", ") + c.key + " (" + c.label + ", " +
                   fieldTypeName(c.type) + ")";
    cell->set("description", "cells in column order: " + described);
    row->set("items", cell);
    Obj rowsSchema = typed("array");
    rowsSchema->set("items", row);
    Obj keys = typed("array");
    Obj keyItems = typed("string");
    Arr keyEnum = arr();
    for (const auto& c : r.columns) keyEnum->add(c.key);
    keyItems->set("enum", keyEnum);
    keys->set("items", keyItems);
    Obj result = typed("object");
    Obj props = obj();
    props->set("title", typed("string"));
    props->set("columns", keys);
    Obj strings = typed("array");
    strings->set("items", typed("string"));
    props->set("labels", strings);
    props->set("types", strings);
    props->set("rows", rowsSchema);
    result->set("properties", props);
    Obj op = operation(opId("report", name), r.title, name.substr(0, dot),
                       response("columns and rows", result));
    if (!r.description.empty()) op->set("description", r.description);
    Obj format = typed("string");
    Arr formats = arr();
    for (const char* f : {"json", "csv", "xlsx"}) formats->add(f);
    format->set("enum", formats);
    Arr params = arr();
    params->add(param("format", "query", format, false));
    for (const auto& f : r.params)
      params->add(param(f.name(), "query", fieldSchema(f),
                        f.isRequired() && f.defaultText().empty(), f.label()));
    op->set("parameters", params);
    item->set("get", op);
    paths->set("/api/v1/" + name.substr(0, dot) + "/reports/" + name.substr(dot + 1), item);
  }
  for (const auto& [name, a] : registry.actions()) {
    if (a.pluginsOnly) continue;  // not callable over HTTP
    auto dot = name.find('.');
    Obj item = obj();
    Obj op = operation(opId("action", name), a.title, name.substr(0, dot),
                       response("the result", ref("#/components/schemas/Object")));
    if (!a.description.empty()) op->set("description", a.description);
    op->set("requestBody", jsonBody(objectOf(a.params)));
    item->set("post", op);
    paths->set("/api/v1/" + name.substr(0, dot) + "/actions/" + name.substr(dot + 1), item);
  }
  for (const auto& a : registry.allRecordActions()) {
    std::string base = "/api/v1/" + a.plugin + "/" + a.recordType;
    std::string qualified = a.plugin + "." + a.recordType + "." + a.name;
    Obj one = obj();
    Obj op = operation(opId("record_action", qualified), a.title, a.plugin,
                       response("the result", ref("#/components/schemas/Object")));
    if (!a.description.empty()) op->set("description", a.description);
    Arr idParam = arr();
    idParam->add(param("id", "path", typed("integer"), true));
    op->set("parameters", idParam);
    op->set("requestBody", jsonBody(objectOf(a.params)));
    one->set("post", op);
    paths->set(base + "/{id}/actions/" + a.name, one);
    Obj bulk = obj();
    Obj extra = obj();
    Obj ids = typed("array");
    ids->set("items", typed("integer"));
    ids->set("maxItems", 1000);
    extra->set("ids", ids);
    extra->set("partial", typed("boolean"));
    Obj body = objectOf(a.params, extra);
    Arr req = body->has("required") ? body->getArray("required") : arr();
    req->add("ids");
    body->set("required", req);
    Obj bop = operation(opId("record_action_bulk", qualified), a.title + " (bulk)", a.plugin,
                        response("per-id results", ref("#/components/schemas/Object")));
    bop->set("requestBody", jsonBody(body));
    bulk->set("post", bop);
    paths->set(base + "/actions/" + a.name, bulk);
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
