#include "http/openapi_schema.h"

namespace tdr::host::openapi {

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

Obj response(const std::string& description, Obj schema, const std::string& media) {
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
              const std::string& okStatus) {
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
          const std::string& description) {
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

Obj paramsObject(const std::vector<Field>& fields, Obj extra) {
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
}

Obj anyObject() { return ref("#/components/schemas/Object"); }

}  // namespace tdr::host::openapi
