#pragma once

#include <tdr/context.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "auth/capabilities.h"
#include "db/bound_statement.h"
#include "registry/registry.h"

namespace tdr::host {

class RecordService;

/// The Context the host hands to plugin code: a session (inside the caller's transaction), the
/// acting user with the capabilities and scope of their declared role, records, and dispatch of
/// actions and events. It knows which plugin's code is running, so that an action can tell
/// which plugin called it.
class HostContext : public Context {
 public:
  HostContext(soci::session& session, Dialect dialect, const Registry& registry,
              const CapabilityTable& capabilities, User user, std::string nationalIdKey);
  ~HostContext() override;

  soci::session& db() override { return session_; }
  Dialect dialect() const override { return dialect_; }
  const User& user() const override { return user_; }
  bool can(const std::string& capability) const override;
  std::string today() const override;
  std::string now() const override;
  Poco::Logger& logger() override;
  const std::string& language() const override;
  JsonPtr call(const std::string& action, const JsonPtr& params) override;
  const std::string& callerPlugin() const override { return caller_; }
  void publish(const std::string& event, const JsonPtr& payload) override;
  Value recordField(const std::string& type, long long id, const std::string& field) override;
  std::optional<Record> find(const std::string& type, long long id) override;
  long long save(const std::string& type, const Record& record) override;
  void remove(const std::string& type, long long id) override;
  std::string pluginTitle(const std::string& pluginId) const override {
    return registry_.pluginTitle(pluginId);
  }

  const Registry& registry() const { return registry_; }
  const std::string& nationalIdKey() const { return idKey_; }

  /// Runs `fn` as code of `plugin` called by `caller` ("" = a user): what callerPlugin()
  /// answers inside it. Bounded nesting.
  template <typename Fn>
  auto asPlugin(const std::string& plugin, const std::string& caller, Fn&& fn) {
    Frame frame(*this, plugin, caller);
    return fn();
  }

 private:
  struct Frame {
    Frame(HostContext& c, const std::string& plugin, const std::string& caller);
    ~Frame();
    HostContext& ctx;
    std::string savedRunning, savedCaller;
  };
  RecordService& writer(const std::string& type);

  soci::session& session_;
  Dialect dialect_;
  const Registry& registry_;
  const CapabilityTable& capabilities_;
  User user_;
  std::string idKey_;
  std::string running_;  // the plugin whose code runs now ("" = the host's)
  std::string caller_;   // the plugin that called the running action ("" = a user)
  // recordField: per (type, field) its statement and the values read so far, by record id;
  // looked up without building a key string (validation hooks ask once per row).
  // From the second miss on, a miss reads the field for the block of kFieldBlock ids holding
  // the id (record ids are dense): an import whose rows name 10,000 teachers reads their hire
  // dates in ~40 queries instead of 10,000 round trips.
  static constexpr long long kFieldBlock = 256;
  struct FieldReader {
    std::string type, field;
    std::unique_ptr<BoundStatement> statement, block;
    std::unordered_map<long long, Value> values;
    std::unordered_set<long long> blocksRead;
    bool missed = false;
  };
  std::vector<std::unique_ptr<FieldReader>> fieldReaders_;  // a handful: searched in order
  std::vector<std::pair<std::string, std::unique_ptr<RecordService>>> writers_;
  mutable std::string today_;  // read once, when first needed: it costs a time-zone lookup
  int depth_ = 0;              // nested action/event calls, bounded against runaway recursion
};

/// The operator of the command line: an administrator acting on the database directly.
User commandLineOperator();

}  // namespace tdr::host
