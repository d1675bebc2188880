// Staged plugin loading (DESIGN §3) on real SQLite files with real .so plugins, each broken
// plugin refused with its one-line reason while the good ones load.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <map>
#include <regex>

#include "core/core_plugin.h"
#include "db/catalog.h"
#include "db/database.h"
#include "plugins/plugin_host.h"
#include "tdr/version.h"
#include "test_support.h"

namespace {

using namespace tdr::host;
using tdr::test::TempDir;

std::map<std::string, PluginStatus> byFile(const std::vector<PluginStatus>& statuses) {
  std::map<std::string, PluginStatus> out;
  for (const auto& s : statuses) {
    auto slash = s.file.rfind('/');
    out[slash == std::string::npos ? s.file : s.file.substr(slash + 1)] = s;
  }
  return out;
}

struct Loaded {
  std::unique_ptr<Database> db;
  std::unique_ptr<PluginHost> host;
  std::map<std::string, PluginStatus> status;
};

Loaded load(const std::string& url, const std::string& dir) {
  Loaded l;
  l.db = Database::open(url, true);
  l.host = std::make_unique<PluginHost>(l.db->pool().at(0), l.db->dialect());
  l.host->addBuiltIn(makeCorePlugin(), coreDescriptor());
  l.host->addDirectory(dir);
  l.host->finish(true);
  l.status = byFile(l.host->statuses());
  return l;
}

class MixedPlugins : public ::testing::Test {
 protected:
  void SetUp() override { loaded_ = load(dir_.dbUrl(), tdr::test::testPluginsDir() + "/mixed"); }

  void expectRefused(const std::string& file, const std::string& reasonPart) {
    auto it = loaded_.status.find(file);
    ASSERT_NE(it, loaded_.status.end()) << file << " was not seen";
    EXPECT_EQ(it->second.state, PluginState::kRefused) << file;
    EXPECT_NE(it->second.reason.find(reasonPart), std::string::npos)
        << file << ": " << it->second.reason;
    EXPECT_EQ(it->second.reason.find('\n'), std::string::npos) << "reason must be one line";
  }
  bool tableExists(const std::string& t) {
    return !tableColumns(loaded_.db->pool().at(0), loaded_.db->dialect(), t).empty();
  }

  TempDir dir_;
  Loaded loaded_;
};

TEST_F(MixedPlugins, GoodPluginsLoadBesideBrokenOnes) {
  EXPECT_EQ(loaded_.status["(built-in)"].state, PluginState::kLoaded);
  EXPECT_EQ(loaded_.status["notes.so"].state, PluginState::kLoaded);
  EXPECT_EQ(loaded_.status["memo.so"].state, PluginState::kLoaded);
  EXPECT_EQ(loaded_.status["notes.so"].schemaVersion, 1);
  EXPECT_NE(loaded_.host->registry().recordType("notes.notes"), nullptr);
  EXPECT_NE(loaded_.host->registry().recordType("memo.notes"), nullptr);
  EXPECT_NE(loaded_.host->registry().recordType("core.teachers"), nullptr);
  EXPECT_NE(loaded_.host->registry().action("notes.count"), nullptr);
  // Nothing of a refused plugin reaches the registry.
  EXPECT_EQ(loaded_.host->registry().recordType("nocolumn.notes"), nullptr);
}

TEST_F(MixedPlugins, NotASharedLibrary) {
  expectRefused("not_a_library.so", "not a loadable shared library");
}
TEST_F(MixedPlugins, NoDescriptorSymbol) { expectRefused("no_descriptor.so", "not a tdr plugin"); }
TEST_F(MixedPlugins, AbiMajorDiffers) {
  const std::string major = std::to_string(TDR_SDK_ABI_MAJOR);
  expectRefused("abi_major.so", "built for SDK " + std::to_string(TDR_SDK_ABI_MAJOR + 1) + "." +
                                    std::to_string(TDR_SDK_ABI_MINOR) + ", host has " + major +
                                    "." + std::to_string(TDR_SDK_ABI_MINOR));
}
TEST_F(MixedPlugins, AbiMinorNewerThanHost) {
  const std::string major = std::to_string(TDR_SDK_ABI_MAJOR);
  expectRefused("abi_minor.so", "built for SDK " + major + "." +
                                    std::to_string(TDR_SDK_ABI_MINOR + 1) + ", host has " + major +
                                    "." + std::to_string(TDR_SDK_ABI_MINOR) +
                                    " (plugin needs a newer host)");
}
TEST_F(MixedPlugins, BuildTagDiffers) { expectRefused("build_tag.so", "build differs"); }
TEST_F(MixedPlugins, DuplicateId) { expectRefused("zz_duplicate.so", "'notes' is already taken"); }
TEST_F(MixedPlugins, InvalidId) { expectRefused("bad_id.so", "invalid plugin id 'Bad-Id'"); }
TEST_F(MixedPlugins, MissingDependency) {
  expectRefused("missing_dep.so", "missing dependency 'nonexistent >=1.0'");
}
TEST_F(MixedPlugins, DependencyTooOld) { expectRefused("old_dep.so", "needs 'notes >=2.0'"); }
TEST_F(MixedPlugins, DependencyCycleNamesTheChain) {
  expectRefused("cycle_a.so", "dependency cycle: cycle_a -> cycle_b -> cycle_a");
  expectRefused("cycle_b.so", "dependency cycle");
}
TEST_F(MixedPlugins, ThrowsInRegisterWith) {
  expectRefused("throws.so", "registerWith failed: exception: registerWith failed on purpose");
}
TEST_F(MixedPlugins, ThrowsInConstructor) {
  expectRefused("ctor_throws.so", "creating the plugin failed");
}

TEST_F(MixedPlugins, MigrationWithSqlErrorIsRolledBackCompletely) {
  expectRefused("badsql.so", "0001_broken.sql failed at statement 4");
  EXPECT_FALSE(tableExists("badsql_things"));
  long long n = -1;
  loaded_.db->pool().at(0) << "SELECT COUNT(*) FROM core_migrations WHERE owner = 'badsql'",
      soci::into(n);
  EXPECT_EQ(n, 0);
}

TEST_F(MixedPlugins, MigrationTouchingAnotherOwnersTableIsRefusedBeforeRunning) {
  expectRefused("foreign.so", "drops table 'core_teachers'");
  EXPECT_TRUE(tableExists("core_teachers"));
  EXPECT_FALSE(tableExists("foreign_things"));
}

TEST_F(MixedPlugins, DeclaredFieldWithoutColumn) {
  expectRefused("nocolumn.so", "column 'missing_col' missing from table 'nocolumn_notes'");
}

TEST_F(MixedPlugins, LoadingAgainChangesNothingAndKeepsTheSameStates) {
  auto again = load(dir_.dbUrl(), tdr::test::testPluginsDir() + "/mixed");
  ASSERT_EQ(again.status.size(), loaded_.status.size());
  for (const auto& [file, s] : loaded_.status) {
    EXPECT_EQ(again.status[file].state, s.state) << file;
    EXPECT_EQ(again.status[file].reason, s.reason) << file;
  }
}

TEST(PluginLoading, EditedAppliedMigrationIsRefusedByChecksum) {
  TempDir dir;
  {
    auto v1 = load(dir.dbUrl(), tdr::test::testPluginsDir() + "/edited_v1");
    ASSERT_EQ(v1.status["edited.so"].state, PluginState::kLoaded);
  }
  auto v2 = load(dir.dbUrl(), tdr::test::testPluginsDir() + "/edited_v2");
  EXPECT_EQ(v2.status["edited.so"].state, PluginState::kRefused);
  EXPECT_NE(v2.status["edited.so"].reason.find("0001_init.sql was edited after it ran"),
            std::string::npos)
      << v2.status["edited.so"].reason;
  EXPECT_EQ(v2.status["(built-in)"].state, PluginState::kLoaded);
}

TEST(PluginLoading, DatabaseNewerThanPluginIsRefused) {
  TempDir dir;
  {
    auto v2 = load(dir.dbUrl(), tdr::test::testPluginsDir() + "/newer_v2");
    ASSERT_EQ(v2.status["newer.so"].state, PluginState::kLoaded);
    EXPECT_EQ(v2.status["newer.so"].schemaVersion, 2);
  }
  auto v1 = load(dir.dbUrl(), tdr::test::testPluginsDir() + "/newer_v1");
  EXPECT_EQ(v1.status["newer.so"].state, PluginState::kRefused);
  EXPECT_NE(v1.status["newer.so"].reason.find("schema version 2"), std::string::npos)
      << v1.status["newer.so"].reason;
  EXPECT_NE(v1.status["newer.so"].reason.find("downgrade refused"), std::string::npos);
}

TEST(PluginLoading, DryRunListsPendingMigrationsWithoutApplyingThem) {
  TempDir dir;
  auto db = Database::open(dir.dbUrl(), true);
  PluginHost host(db->pool().at(0), db->dialect());
  host.addBuiltIn(makeCorePlugin(), coreDescriptor());
  host.addDirectory(tdr::test::testPluginsDir() + "/newer_v2");
  host.finish(false);
  const auto& pending = host.pendingMigrations();  // core's, then newer 0001 and 0002
  ASSERT_GE(pending.size(), 3u);
  EXPECT_EQ(pending.front().first, "core");
  EXPECT_EQ(pending[pending.size() - 2],
            std::make_pair(std::string("newer"), std::string("0001_init.sql")));
  EXPECT_EQ(pending.back(), std::make_pair(std::string("newer"), std::string("0002_extra.sql")));
  EXPECT_TRUE(tableColumns(db->pool().at(0), db->dialect(), "core_teachers").empty());
}

TEST(PluginLoading, TdrPluginsShowsEveryRefusalOnOneLineAndSucceeds) {
  TempDir dir;
  std::string plugins = "--plugins=" + tdr::test::testPluginsDir() + "/mixed";
  ASSERT_EQ(tdr::test::runTdr({"--db", dir.dbUrl(), plugins, "init"}).exitCode, 0);
  auto r = tdr::test::runTdr({"--db", dir.dbUrl(), plugins, "plugins"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  int refused = 0;
  std::size_t pos = 0;
  while ((pos = r.out.find("refused: ", pos)) != std::string::npos) {
    ++refused;
    ++pos;
  }
  EXPECT_EQ(refused, 16) << r.out;
  // (The fixture declares no title: its id stands in; a declared one shows, e.g. core's.)
  EXPECT_NE(r.out.find("基础数据"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("\nnotes +notes +1\\.0\\.0 +" + std::to_string(TDR_SDK_ABI_MAJOR) + "\\." +
                        std::to_string(TDR_SDK_ABI_MINOR) + " +1 +loaded ")))
      << r.out;
}

}  // namespace
