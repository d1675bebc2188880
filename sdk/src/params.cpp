#include <tdr/checks.h>
#include <tdr/context.h>
#include <tdr/error.h>
#include <tdr/params.h>

namespace tdr {

void requireKnownParams(const Params& params, std::initializer_list<const char*> known) {
  std::vector<FieldError> unknown;
  for (const auto& [k, v] : params) {
    bool ok = false;
    for (const char* n : known) ok = ok || k == n;
    if (!ok) unknown.push_back({k, "unknown parameter", 0});
  }
  if (!unknown.empty())
    throw validationError("unknown parameter '" + unknown.front().field + "'", unknown);
}

Params actionParams(const JsonPtr& params) {
  Params out;
  if (!params) return out;
  for (const auto& [k, v] : *params) {
    if (v.isEmpty()) {
      out[k] = std::string();
      continue;
    }
    if (v.isArray() || v.type() == typeid(JsonPtr))
      throw validationError(k + " must be a string, number or boolean",
                            {{k, "must be a string, number or boolean", 0}});
    out[k] = v.convert<std::string>();
  }
  return out;
}

std::string requiredParam(const Params& params, const std::string& name) {
  std::string v = paramOr(params, name, "");
  if (v.empty()) throw validationError(name + " is required", {{name, "is required", 0}});
  return v;
}

std::string paramOr(const Params& params, const std::string& name, const std::string& fallback) {
  auto it = params.find(name);
  return it == params.end() ? fallback : it->second;
}

int yearParam(Context& ctx, const Params& params, const std::string& name) {
  std::string y = paramOr(params, name, ctx.today().substr(0, 4));
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
    throw validationError(name + " '" + y + "' is not a year", {{name, "expected YYYY", 0}});
  return std::stoi(y);
}

std::string dateParam(const Params& params, const std::string& name, const std::string& fallback) {
  std::string d = paramOr(params, name, fallback);
  if (!isValidDate(d))
    throw validationError(name + " '" + d + "' is not a date", {{name, "expected YYYY-MM-DD", 0}});
  return d;
}

}  // namespace tdr
