#pragma once

#include <tdr/context.h>

#include <string>

#include "auth/users.h"

namespace soci {
class session;
}

namespace tdr::host {

class Registry;
class Runtime;

/// GET /api/v1/me: what the acting user may see and do, for clients that build their screens
/// from it (the web interface): the user and their role, capabilities, every readable record
/// type with its fields and record actions, the reports and actions they may use with their
/// parameters, the roles, the loaded plugins.
std::string describeForUser(Context& ctx, const Registry& registry, Runtime& runtime,
                            const User& user, soci::session& s);

}  // namespace tdr::host
