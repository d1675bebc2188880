#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <tdr/registrar.h>

#include <string>
#include <vector>

/// Building blocks of the OpenAPI description, shared by the routes' doc functions.
namespace tdr::host::openapi {

using Obj = Poco::JSON::Object::Ptr;
using Arr = Poco::JSON::Array::Ptr;

/// An object that keeps its keys in insertion order.
Obj obj();
Arr arr();
/// {"$ref": to}
Obj ref(const std::string& to);
/// {"type": type}
Obj typed(const std::string& type);
/// The schema of a value of field `f`, as the host parses it.
Obj fieldSchema(const Field& f);
Obj response(const std::string& description, Obj schema = nullptr,
             const std::string& media = "application/json");
/// An operation with its id, summary, tag, success response and the shared error response.
Obj operation(const std::string& id, const std::string& summary, const std::string& tag, Obj ok,
              const std::string& okStatus = "200");
Obj param(const std::string& name, const std::string& in, Obj schema, bool required,
          const std::string& description = "");
/// A required JSON request body of `schema`.
Obj jsonBody(Obj schema);
/// "verb_plugin_name" from "plugin.name".
std::string opId(const std::string& verb, const std::string& qualified);
/// The object of declared parameters as the host checks them (unknown ones refused), with
/// the extra properties of `extra`.
Obj paramsObject(const std::vector<Field>& fields, Obj extra = nullptr);
/// The schema "any JSON object".
Obj anyObject();

}  // namespace tdr::host::openapi
