#pragma once

#include <tdr/json.h>
#include <tdr/record.h>
#include <tdr/registrar.h>

#include <vector>

namespace tdr::host {

class HostContext;

/// Checks report or action parameters against their declaration before any plugin code sees
/// them: unknown ones refused, required ones present, every value parsed as its declared type
/// (the same rules and messages as record fields; references must exist), defaults filled in.
/// Throws a validation error naming every bad parameter by its label.
Params checkParams(HostContext& ctx, const std::vector<Field>& declared, const Params& given);

/// The same for an action's JSON parameters; returns them with defaults added. `extra` names
/// a key the host itself reads (a bulk action's "ids").
JsonPtr checkActionParams(HostContext& ctx, const std::vector<Field>& declared,
                          const JsonPtr& given, const char* extra = nullptr);

}  // namespace tdr::host
