#pragma once

#include <tdr/dialect.h>
#include <tdr/export.h>
#include <tdr/json.h>
#include <tdr/value.h>

#include <map>
#include <optional>
#include <string>

namespace Poco {
class Logger;
}
namespace soci {
class session;
}

namespace tdr {

/// How far a role's users see: the whole district, one school (users need a school), or only
/// the records that name them (login = their staff number).
enum class RoleScope { kDistrict, kSchool, kOwnRecords };

/// Who is acting: a user of the system, or the command line's operator.
struct User {
  long long id = 0;
  std::string login;
  std::string role;
  RoleScope scope = RoleScope::kDistrict;         ///< as the role declares it
  std::optional<long long> schoolId;              ///< set for school-scoped users
  std::map<std::string, std::string> attributes;  ///< as the role requires (`provider`)

  /// The attribute `name`, "" when the user has none.
  std::string attribute(const std::string& name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? std::string() : it->second;
  }
};

/// What plugin code may use while it runs: the database session inside the current
/// transaction, the acting user, the clock, a logger, records, other plugins' actions and
/// events.
class TDR_API Context {
 public:
  virtual ~Context();

  /// The database session; everything done on it is inside the caller's transaction. Read
  /// freely (the core tables are documented in the plugin guide); write records with save.
  virtual soci::session& db() = 0;
  virtual Dialect dialect() const = 0;
  virtual const User& user() const = 0;
  /// True when the acting user holds `capability` ("training:write").
  virtual bool can(const std::string& capability) const = 0;
  /// Today as YYYY-MM-DD (the host's clock; fixed in tests via TDR_TODAY).
  virtual std::string today() const = 0;
  /// Now as UTC ISO-8601 with Z.
  virtual std::string now() const = 0;
  virtual Poco::Logger& logger() = 0;
  /// "zh" (the default) or "en": the language the user reads messages in.
  virtual const std::string& language() const = 0;
  /// Calls another plugin's action by name ("ethics.veto"), same transaction. Parameters are
  /// checked against its declaration; a user-facing action also needs its capability.
  virtual JsonPtr call(const std::string& action, const JsonPtr& params) = 0;
  /// The plugin whose code called the running action through `call` ("" when a user did).
  virtual const std::string& callerPlugin() const = 0;
  /// Publishes an event; subscribers run synchronously inside the same transaction.
  virtual void publish(const std::string& event, const JsonPtr& payload) = 0;
  /// The stored value of `field` of record `id` of a record type ("core.teachers"), read once
  /// per unit of work (a request, an import) and then answered from memory: validation hooks
  /// that look up the same teachers row after row stay cheap. Null if there is no such record.
  virtual Value recordField(const std::string& type, long long id, const std::string& field) = 0;
  /// The stored record `id` of a record type, if it exists (no scope applies: plugin code
  /// decides what it shows).
  virtual std::optional<Record> find(const std::string& type, long long id) = 0;
  /// Writes a record of a record type as the plugin: a new one when `record.id()` is 0, else
  /// the fields it holds (read-only ones included) of the stored one. Field checks, prepare,
  /// validate, record events and the audit log apply exactly as for HTTP and imports; throws
  /// tdr::Error (validation, with every field's reason) and writes nothing when they fail.
  /// Returns the id.
  virtual long long save(const std::string& type, const Record& record) = 0;
  /// Deletes record `id` of a record type as the plugin (events and audit apply).
  virtual void remove(const std::string& type, long long id) = 0;
  /// Since SDK 2.1: the title a loaded plugin declared with Registrar::describe ("名师工作室"),
  /// its id when it declared none, "" when no such plugin is loaded.
  virtual std::string pluginTitle(const std::string& pluginId) const = 0;

  /// `zh` or `en`, whichever the user reads.
  const std::string& text(const std::string& zh, const std::string& en) const {
    return language() == "en" ? en : zh;
  }
};

}  // namespace tdr
