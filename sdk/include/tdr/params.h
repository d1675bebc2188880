#pragma once

#include <tdr/export.h>
#include <tdr/registrar.h>

#include <initializer_list>
#include <string>

namespace tdr {

class Context;

/// An action's JSON parameters as text (numbers and booleans as JSON writes them, null as
/// empty), so that actions check them with the same helpers as reports. An object or array
/// value is a validation error naming it.
TDR_API Params actionParams(const JsonPtr& params);

/// The parameter `name`; a validation error naming it when it is absent or empty.
TDR_API std::string requiredParam(const Params& params, const std::string& name);

/// Refuses parameters a report or action does not know, naming them (validation error).
TDR_API void requireKnownParams(const Params& params, std::initializer_list<const char*> known);

/// The parameter `name`, or `fallback` when it is absent.
TDR_API std::string paramOr(const Params& params, const std::string& name,
                            const std::string& fallback);

/// A year parameter written YYYY; the year of ctx.today() when absent. Validation error
/// naming the parameter otherwise.
TDR_API int yearParam(Context& ctx, const Params& params, const std::string& name = "year");

/// A date parameter written YYYY-MM-DD, or `fallback` when absent. Validation error otherwise.
TDR_API std::string dateParam(const Params& params, const std::string& name,
                              const std::string& fallback);

}  // namespace tdr
