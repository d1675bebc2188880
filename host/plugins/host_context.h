#pragma once

#include <tdr/context.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/capabilities.h"
#include "db/bound_statement.h"
#include "plugins/registry.h"

namespace tdr::host {

/// The Context the host hands to plugin code: a session (inside the caller's transaction), the
/// acting user with the capabilities of their role, and dispatch of actions and events.
class HostContext : public Context {
 public:
  HostContext(soci::session& session, Dialect dialect, const Registry& registry,
              const CapabilityTable& capabilities, User user);

  soci::session& db() override { return session_; }
  Dialect dialect() const override { return dialect_; }
  const User& user() const override { return user_; }
  bool can(const std::string& capability) const override;
  std::string today() const override;
  std::string now() const override;
  Poco::Logger& logger() override;
  JsonPtr call(const std::string& action, const JsonPtr& params) override;
  void publish(const std::string& event, const JsonPtr& payload) override;
  Value recordField(const std::string& type, long long id, const std::string& field) override;

 private:
  soci::session& session_;
  Dialect dialect_;
  const Registry& registry_;
  const CapabilityTable& capabilities_;
  User user_;
  // recordField: per (type, field) its statement and the values read so far, by record id;
  // looked up without building a key string (validation hooks ask once per row).
  struct FieldReader {
    std::string type, field;
    std::unique_ptr<BoundStatement> statement;
    std::unordered_map<long long, Value> values;
  };
  std::vector<std::unique_ptr<FieldReader>> fieldReaders_;  // a handful: searched in order
  mutable std::string today_;  // read once, when first needed: it costs a time-zone lookup
  int depth_ = 0;              // nested action/event calls, bounded against runaway recursion
};

/// The operator of the command line: an admin acting on the database directly.
User commandLineOperator();

}  // namespace tdr::host
