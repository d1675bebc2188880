#include "app/runtime.h"

#include <soci/soci.h>
#include <tdr/error.h>

#include <cstdlib>
#include <filesystem>

#include "core/core_plugin.h"
#include "core/secrets.h"
#include "records/id_tail.h"
#include "util/text.h"

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
  if (!options.readDbUrl.empty()) openReadReplica(options.readDbUrl, options.poolSize);
}

// The replica must be a PostgreSQL hot standby of this database: it answers as in recovery
// and holds the same migrations (a replica of another database, or one lagging behind a
// migration, would serve wrong or failing reads).
void Runtime::openReadReplica(const std::string& url, std::size_t poolSize) {
  if (database_->dialect() != Dialect::kPostgreSQL ||
      DatabaseUrl::parse(url).dialect != Dialect::kPostgreSQL)
    throw Error(ErrorCode::kValidation,
                tr("--read-db 只用于 PostgreSQL：主库和只读副本都须是 postgresql:// 地址",
                   "--read-db is for PostgreSQL: the database and the replica must both be "
                   "postgresql:// URLs"));
  readDatabase_ = Database::open(url, false, poolSize);
  soci::session& replica = readDatabase_->pool().at(0);
  int recovering = 0;
  replica << "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END", soci::into(recovering);
  if (!recovering)
    throw Error(ErrorCode::kValidation,
                tr("--read-db 不是热备库（pg_is_in_recovery() 为假）：写入它的数据不会出现在主库",
                   "--read-db is not a hot standby (pg_is_in_recovery() is false): it would "
                   "not follow the database"));
  long long primaryMigrations = 0, replicaMigrations = -1;
  session() << "SELECT COUNT(*) FROM core_migrations", soci::into(primaryMigrations);
  try {
    replica << "SELECT COUNT(*) FROM core_migrations", soci::into(replicaMigrations);
  } catch (const soci::soci_error&) {  // no ledger at all: not this database
  }
  if (replicaMigrations != primaryMigrations)
    throw Error(
        ErrorCode::kValidation,
        tr("--read-db 的迁移记录与主库不同（" + std::to_string(replicaMigrations) + " / " +
               std::to_string(primaryMigrations) + "）：它不是这个数据库的副本，或复制落后",
           "--read-db has other migrations than the database (" +
               std::to_string(replicaMigrations) + " / " + std::to_string(primaryMigrations) +
               "): it is not this database's standby, or it lags behind"));
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
