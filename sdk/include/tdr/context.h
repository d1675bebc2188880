#pragma once

#include <tdr/dialect.h>
#include <tdr/export.h>
#include <tdr/json.h>
#include <tdr/value.h>

#include <optional>
#include <string>

namespace Poco {
class Logger;
}
namespace soci {
class session;
}

namespace tdr {

/// Who is acting: a user of the system, or the command line's operator.
struct User {
  long long id = 0;
  std::string login;
  std::string role;
  std::optional<long long> schoolId;  ///< set for school-scoped users
  std::string provider;               ///< set for training-centre users: the provider they are
};

/// What plugin code may use while it runs: the database session inside the current
/// transaction, the acting user, the clock, a logger, and other plugins' actions and events.
class TDR_API Context {
 public:
  virtual ~Context();

  /// The database session; everything done on it is inside the caller's transaction.
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
  /// Calls another plugin's action by name ("ethics.veto"), capability-checked, same transaction.
  virtual JsonPtr call(const std::string& action, const JsonPtr& params) = 0;
  /// Publishes an event; subscribers run synchronously inside the same transaction.
  virtual void publish(const std::string& event, const JsonPtr& payload) = 0;
  /// The stored value of `field` of record `id` of a record type ("core.teachers"), read once
  /// per unit of work (a request, an import) and then answered from memory: validation hooks
  /// that look up the same teachers row after row stay cheap. Null if there is no such record.
  virtual Value recordField(const std::string& type, long long id, const std::string& field) = 0;
};

}  // namespace tdr
