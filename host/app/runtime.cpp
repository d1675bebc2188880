#include "app/runtime.h"

#include <soci/soci.h>
#include <tdr/error.h>

#include <cstdlib>
#include <filesystem>

#include "core/core_plugin.h"
#include "core/secrets.h"
#include "records/id_tail.h"

namespace tdr::host {

std::string defaultPluginDir() {
  if (const char* p = std::getenv("TDR_PLUGINS"); p && *p) return p;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "lib/tdr/plugins";
  return (exe.parent_path().parent_path() / "lib" / "tdr" / "plugins").string();
}

Runtime::Runtime(const RuntimeOptions& options) {
  database_ = Database::open(options.dbUrl, options.create, options.poolSize);
  soci::session& s = session();
  plugins_ = std::make_unique<PluginHost>(s, database_->dialect());
  plugins_->addBuiltIn(makeCorePlugin(), coreDescriptor());
  std::string dir = options.pluginDir.empty() ? defaultPluginDir() : options.pluginDir;
  std::error_code ec;
  if (!options.pluginDir.empty() || std::filesystem::is_directory(dir, ec))
    plugins_->addDirectory(dir);
  plugins_->finish(options.applyMigrations);
  for (const auto& st : plugins_->statuses())
    if (st.id == "core" && st.state == PluginState::kRefused)
      throw Error(ErrorCode::kUnavailable, "core records cannot be used: " + st.reason);
  idKeyFile_ = idKeyFile(database_->dialect() == Dialect::kSQLite, database_->url().target);
  if (options.applyMigrations) {
    idKey_ = host::nationalIdKey(s, idKeyFile_);
    sealClearIdTails(s, plugins_->registry(), idKey_);
  }
  capabilities_ = std::make_unique<CapabilityTable>(plugins_->registry());
}

std::unique_ptr<HostContext> Runtime::context(soci::session& session, User user) const {
  return std::make_unique<HostContext>(session, database_->dialect(), plugins_->registry(),
                                       *capabilities_, std::move(user), idKey_);
}

void Runtime::adoptNationalIdKey(const std::string& key) {
  if (key.empty()) return;
  storeNationalIdKey(session(), idKeyFile_, key);
  idKey_ = key;
}

Runtime::~Runtime() = default;

soci::session& Runtime::session() { return database_->pool().at(0); }

}  // namespace tdr::host
