#pragma once

#include <string>

namespace soci {
class session;
}

namespace tdr::host {

/// Where the national-ID key lives when TDR_ID_KEY is not set: TDR_ID_KEY_FILE, else
/// `<database file>.idkey` beside a SQLite database; "" (in the database) for PostgreSQL and
/// in-memory databases, which should set TDR_ID_KEY or TDR_ID_KEY_FILE.
std::string idKeyFile(bool sqlite, const std::string& databaseFile);

/// The key of the national-ID keyed hash: TDR_ID_KEY when set; else the key file (created 0600
/// with a random key when missing). A key an earlier release kept in core_settings is moved to
/// the key file and deleted from the database, so a copy of the database alone no longer holds
/// it. With no key file the key stays in core_settings (docs/operations.md).
std::string nationalIdKey(soci::session& s, const std::string& keyFile);

/// Makes `key` the key of this database (after `tdr copy`, whose rows are hashed under the
/// source's key). Does nothing when TDR_ID_KEY is set.
void storeNationalIdKey(soci::session& s, const std::string& keyFile, const std::string& key);

}  // namespace tdr::host
