#pragma once

#include <string>

namespace soci {
class session;
}

namespace tdr::host {

/// The key of the national-ID keyed hash: TDR_ID_KEY when set, else a random key made once
/// and kept in core_settings (see docs/operations.md for keeping it outside the database).
std::string nationalIdKey(soci::session& s);

}  // namespace tdr::host
