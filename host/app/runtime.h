#pragma once

#include <memory>
#include <string>

#include "auth/capabilities.h"
#include "db/database.h"
#include "plugins/host_context.h"
#include "plugins/plugin_host.h"

namespace soci {
class session;
}

namespace tdr::host {

struct RuntimeOptions {
  std::string dbUrl = "sqlite:tdr.db";
  std::string pluginDir;  ///< "" = the default next to the executable
  bool create = false;    ///< create the SQLite file when missing
  bool applyMigrations = true;
  std::size_t poolSize = 1;
  /// A PostgreSQL hot standby of the database that serves reads (`tdr serve --read-db`); "" =
  /// none. Its pool is as large as the primary's.
  std::string readDbUrl;
};

/// An open database with core and every plugin loaded: what each CLI command and the server
/// start from.
class Runtime {
 public:
  explicit Runtime(const RuntimeOptions& options);
  ~Runtime();

  Database& database() { return *database_; }
  /// Where reads may go: the read replica when one is configured, else the database.
  Database& readDatabase() { return readDatabase_ ? *readDatabase_ : *database_; }
  bool hasReadReplica() const { return readDatabase_ != nullptr; }
  /// The session used for loading and for CLI work (the pool's first).
  soci::session& session();
  PluginHost& plugins() { return *plugins_; }
  const Registry& registry() const { return plugins_->registry(); }
  const std::string& nationalIdKey() const { return idKey_; }
  /// Makes `key` this database's national-ID key (`tdr copy`: the rows are the source's).
  void adoptNationalIdKey(const std::string& key);
  const CapabilityTable& capabilities() const { return *capabilities_; }
  /// A context for work on `session` as `user` (the CLI passes commandLineOperator()).
  std::unique_ptr<HostContext> context(soci::session& session, User user) const;

 private:
  void openReadReplica(const std::string& url, std::size_t poolSize);

  std::unique_ptr<Database> database_;
  std::unique_ptr<Database> readDatabase_;
  std::unique_ptr<PluginHost> plugins_;
  std::string idKey_;
  std::string idKeyFile_;
  std::unique_ptr<CapabilityTable> capabilities_;
};

/// The default plugin directory: TDR_PLUGINS, else <exe>/../lib/tdr/plugins.
std::string defaultPluginDir();

}  // namespace tdr::host
