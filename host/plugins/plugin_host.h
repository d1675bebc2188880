#pragma once

#include <tdr/dialect.h>
#include <tdr/plugin.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "registry/declarations.h"
#include "registry/registry.h"

namespace boost::dll {
class shared_library;
}
namespace soci {
class session;
}

namespace tdr::host {

enum class PluginState { kLoaded, kPending, kRefused };

/// What `tdr plugins` shows for one plugin (or one file that failed to be one).
struct PluginStatus {
  std::string file;  ///< the .so path, or "(built-in)"
  std::string id;
  std::string version;
  int abiMajor = 0;
  int abiMinor = 0;
  int schemaVersion = 0;      ///< highest applied migration
  int pendingMigrations = 0;  ///< not yet applied (only when migrations are not applied)
  PluginState state = PluginState::kLoaded;
  std::string reason;  ///< one line, when refused
};

/// "loaded", "pending migrations", "refused: <reason>".
std::string stateText(const PluginStatus& s);

/// Loads plugins in the stages of DESIGN §3; a plugin failing any stage is refused with a
/// one-line reason and the others keep loading. Keeps every shared library alive longer than
/// anything created from it (member order) and never unloads one while it is in use.
class PluginHost {
 public:
  PluginHost(soci::session& session, Dialect dialect);
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  /// Adds a plugin compiled into the host (core); it goes through stages 2-6 like any other.
  void addBuiltIn(std::unique_ptr<Plugin> plugin, const PluginDescriptor& descriptor);
  /// Stages 1-3 for every `*.so` in `dir`, in file-name order. A missing dir is an error.
  void addDirectory(const std::string& dir);
  /// Stages 1-3 for one file.
  void addFile(const std::string& path);
  /// Stages 4-6: dependencies, migrations (applied unless `applyMigrations` is false), the
  /// column check; then publishes the loaded plugins' declarations to the registry.
  void finish(bool applyMigrations);

  std::vector<PluginStatus> statuses() const;
  const Registry& registry() const { return registry_; }
  /// Migrations still to apply per owner, in load order (for `migrate --dry-run`).
  const std::vector<std::pair<std::string, std::string>>& pendingMigrations() const {
    return pending_;
  }

 private:
  struct Entry;
  void admit(const PluginDescriptor& d, std::unique_ptr<Entry> entry,
             const std::function<Plugin*()>& create);
  void refuse(Entry& e, const std::string& reason);
  void resolveDependencies();
  std::vector<Entry*> loadOrder();
  void migrate(Entry& e, bool apply);
  void checkColumns(Entry& e);

  soci::session& session_;
  Dialect dialect_;
  // Declared first so they are destroyed last: nothing created from a library may outlive it.
  std::vector<std::unique_ptr<boost::dll::shared_library>> libraries_;
  std::vector<std::unique_ptr<Entry>> entries_;
  Registry registry_;
  std::vector<std::pair<std::string, std::string>> pending_;
};

}  // namespace tdr::host
