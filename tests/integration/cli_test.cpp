// The real tdr binary: exit codes (0 ok, 1 failed, 2 usage) and messages that say what is wrong.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>

#include "test_support.h"

namespace {

using tdr::test::runTdr;
using tdr::test::TempDir;

std::string noPlugins() { return "--plugins=" + tdr::test::noPluginsDir(); }

void writeFileForCopy(const std::string& path) {
  tdr::test::writeFile(path, "staff_no,name,home_school\nNEW1,新教师,XH0001\n");
}

TEST(Cli, InitThenPluginsWorkOnAFreshFile) {
  TempDir dir;
  auto init = runTdr({"--db", dir.dbUrl("x.db"), noPlugins(), "init"});
  EXPECT_EQ(init.exitCode, 0) << init.err;
  auto plugins = runTdr({"--db", dir.dbUrl("x.db"), noPlugins(), "plugins"});
  EXPECT_EQ(plugins.exitCode, 0) << plugins.err;
  EXPECT_NE(plugins.out.find("core"), std::string::npos);
  EXPECT_NE(plugins.out.find("loaded"), std::string::npos);
}

TEST(Cli, AFailedExportLeavesNoFileBehind) {
  TempDir dir;
  const std::string url = dir.dbUrl("x.db");
  ASSERT_EQ(runTdr({"--db", url, noPlugins(), "init"}).exitCode, 0);
  const std::string out = dir.file("teachers.csv");
  auto bad = runTdr({"--db", url, noPlugins(), "export", "core.teachers", "--out", out, "--where",
                     "shoe_size=42"});
  EXPECT_EQ(bad.exitCode, 1) << bad.err;
  EXPECT_NE(bad.err.find("shoe_size"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial")) << "the temporary is removed too";
}

TEST(Cli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(runTdr({}).exitCode, 2);
  auto unknown = runTdr({"frobnicate"});
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  auto option =
      runTdr({"--db", "sqlite:/nonexistent/x.db", "import", "core.teachers", "f.csv", "--fast"});
  EXPECT_EQ(option.exitCode, 2);
  EXPECT_NE(option.err.find("unknown option --fast"), std::string::npos);
  EXPECT_EQ(runTdr({"export"}).exitCode, 2);
  EXPECT_EQ(runTdr({"demo", "--teachers", "many"}).exitCode, 2);
  EXPECT_EQ(runTdr({"--help"}).exitCode, 0);
}

TEST(Cli, UsageIsInChineseByDefaultAndListsEveryCommand) {
  auto zh = runTdr({"frobnicate"}, {"TDR_LANG=zh"});
  EXPECT_EQ(zh.exitCode, 2);
  EXPECT_NE(zh.err.find("不认识的命令“frobnicate”"), std::string::npos) << zh.err;
  EXPECT_NE(zh.err.find("用法：tdr"), std::string::npos) << zh.err;
  EXPECT_NE(zh.err.find("导入 CSV 或 XLSX 文件"), std::string::npos) << zh.err;
  EXPECT_NE(zh.err.find("退出码：0 成功"), std::string::npos) << zh.err;
  auto help = runTdr({"--lang", "en", "--help"});
  for (const char* command :
       {"init", "migrate", "plugins", "demo", "copy", "backup", "restore", "import", "export",
        "report", "run", "openapi", "roles", "user", "audit", "serve"})
    EXPECT_NE(help.out.find("\n  " + std::string(command) + " "), std::string::npos) << command;
  auto missing = runTdr({"backup"}, {"TDR_LANG=zh"});
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_NE(missing.err.find("backup 需要 --out 文件"), std::string::npos) << missing.err;
}

TEST(Cli, FailuresExitWithOneAndSayWhy) {
  TempDir dir;
  auto missing = runTdr({"--db", dir.sqliteUrl("absent.db"), "plugins"});  // SQLite only
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("does not exist (run 'tdr init' first)"), std::string::npos);
  auto noServer = runTdr({"--db", "postgresql://nobody@127.0.0.1:1/none", "plugins"});
  EXPECT_EQ(noServer.exitCode, 1);
  EXPECT_NE(noServer.err.find("cannot open the PostgreSQL database"), std::string::npos)
      << noServer.err;
  auto badUrl = runTdr({"--db", "mysql://x", "plugins"});
  EXPECT_EQ(badUrl.exitCode, 1);
  EXPECT_NE(badUrl.err.find("expected sqlite:PATH or postgresql://"), std::string::npos);
  ASSERT_EQ(runTdr({"--db", dir.dbUrl(), noPlugins(), "init"}).exitCode, 0);
  auto badType = runTdr({"--db", dir.dbUrl(), noPlugins(), "export", "core.pupils"});
  EXPECT_EQ(badType.exitCode, 1);
  EXPECT_NE(badType.err.find("unknown record type 'core.pupils'"), std::string::npos);
  auto badDir = runTdr({"--db", dir.dbUrl(), "--plugins", dir.file("nope"), "plugins"});
  EXPECT_EQ(badDir.exitCode, 1);
  EXPECT_NE(badDir.err.find("plugin directory"), std::string::npos);
  auto noFile =
      runTdr({"--db", dir.dbUrl(), noPlugins(), "import", "core.teachers", dir.file("none.csv")});
  EXPECT_EQ(noFile.exitCode, 1);
  EXPECT_NE(noFile.err.find("none.csv"), std::string::npos);
}

TEST(Cli, MigrateDryRunListsThenMigrateApplies) {
  TempDir dir;
  std::string url = dir.dbUrl();
  std::string plugins = "--plugins=" + tdr::test::testPluginsDir() + "/newer_v1";
  ASSERT_EQ(runTdr({"--db", url, noPlugins(), "init"}).exitCode, 0);
  auto dry = runTdr({"--db", url, plugins, "migrate", "--dry-run"});
  EXPECT_EQ(dry.exitCode, 0) << dry.err;
  EXPECT_NE(dry.out.find("newer  0001_init.sql"), std::string::npos) << dry.out;
  auto dryAgain = runTdr({"--db", url, plugins, "migrate", "--dry-run"});
  EXPECT_NE(dryAgain.out.find("0001_init.sql"), std::string::npos) << "dry run applied something";
  auto apply = runTdr({"--db", url, plugins, "migrate"});
  EXPECT_EQ(apply.exitCode, 0) << apply.err;
  EXPECT_NE(apply.out.find("applied  newer  0001_init.sql"), std::string::npos) << apply.out;
  auto after = runTdr({"--db", url, plugins, "migrate", "--dry-run"});
  EXPECT_NE(after.out.find("nothing to apply"), std::string::npos) << after.out;
}

TEST(Cli, DemoIsDeterministicForASeed) {
  TempDir dir;
  for (const char* name : {"a.db", "b.db", "c.db"}) {
    std::string seed = std::string(name) == "c.db" ? "8" : "7";
    auto r =
        runTdr({"--db", dir.dbUrl(name), noPlugins(), "demo", "--teachers", "400", "--seed", seed});
    ASSERT_EQ(r.exitCode, 0) << r.err;
  }
  auto exportOf = [&](const char* name, const char* type) {
    return runTdr({"--db", dir.dbUrl(name), noPlugins(), "export", type}).out;
  };
  for (const char* type :
       {"core.schools", "core.clusters", "core.cluster_members", "core.teachers"})
    EXPECT_EQ(exportOf("a.db", type), exportOf("b.db", type)) << type;
  EXPECT_NE(exportOf("a.db", "core.teachers"), exportOf("c.db", "core.teachers"));
  std::string schools = exportOf("a.db", "core.schools");
  EXPECT_EQ(std::count(schools.begin(), schools.end(), '\n'), 151);  // header + 150 schools
  for (const char* stage : {"kindergarten", "primary", "junior", "senior", "nine_year",
                            "twelve_year", "vocational", "special"})
    EXPECT_NE(schools.find(stage), std::string::npos) << stage;
  std::string clusters = exportOf("a.db", "core.clusters");
  for (const char* kind : {"integrated", "brand_led", "project_driven"})
    EXPECT_NE(clusters.find(kind), std::string::npos) << kind;
  // Seeding again changes nothing.
  auto again =
      runTdr({"--db", dir.dbUrl("a.db"), noPlugins(), "demo", "--teachers", "400", "--seed", "7"});
  EXPECT_NE(again.out.find("core.teachers: 0 new, 0 changed, 400 unchanged"), std::string::npos)
      << again.out;
}

}  // namespace

namespace {

TEST(Cli, CopyMovesADistrictToAnotherDatabaseAndBack) {
  TempDir dir;
  std::string source = dir.sqliteUrl("source.db");
  ASSERT_EQ(runTdr({"--db", source, noPlugins(), "demo", "--teachers", "300"}).exitCode, 0);
  ASSERT_EQ(runTdr({"--db", source, noPlugins(), "user", "add", "a1", "--role", "admin"}).exitCode,
            0);
  std::string target = dir.dbUrl("target.db");  // PostgreSQL on the pg. run
  auto copy = runTdr({noPlugins(), "copy", "--from", source, "--to", target});
  ASSERT_EQ(copy.exitCode, 0) << copy.err;
  EXPECT_NE(copy.out.find("core_teachers: 300 rows"), std::string::npos) << copy.out;
  auto exportOf = [&](const std::string& url) {
    return runTdr({"--db", url, noPlugins(), "export", "core.teachers"}).out;
  };
  EXPECT_EQ(exportOf(source), exportOf(target));
  EXPECT_EQ(runTdr({"--db", target, noPlugins(), "audit", "verify"}).exitCode, 0);
  // New records get fresh ids on the target.
  writeFileForCopy(dir.file("new.csv"));
  auto imported =
      runTdr({"--db", target, noPlugins(), "import", "core.teachers", dir.file("new.csv")});
  EXPECT_EQ(imported.exitCode, 0) << imported.out << imported.err;
  // Back again, into a fresh SQLite file.
  std::string back = dir.sqliteUrl("back.db");
  ASSERT_EQ(runTdr({noPlugins(), "copy", "--from", target, "--to", back}).exitCode, 0);
  EXPECT_EQ(exportOf(back), exportOf(target));
  // A target that holds records is refused, and nothing is written.
  auto again = runTdr({noPlugins(), "copy", "--from", source, "--to", back});
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_NE(again.err.find("already holds records"), std::string::npos) << again.err;
  EXPECT_EQ(exportOf(back), exportOf(target));
}

}  // namespace

namespace {

// The built-in plugins' migrations seed rows (training rules): the copy replaces them with the
// source's instead of failing on a duplicate key.
TEST(Cli, CopyWorksWithTheBuiltInPlugins) {
  TempDir dir;
  std::string plugins = "--plugins=" + tdr::test::builtinPluginsDir();
  std::string source = dir.sqliteUrl("source.db");
  ASSERT_EQ(runTdr({"--db", source, plugins, "demo", "--teachers", "200"}).exitCode, 0);
  std::string target = dir.dbUrl("target.db");
  auto copy = runTdr({plugins, "copy", "--from", source, "--to", target});
  ASSERT_EQ(copy.exitCode, 0) << copy.err;
  for (const char* type : {"training.rules", "training.records", "core.teachers"})
    EXPECT_EQ(runTdr({"--db", source, plugins, "export", type}).out,
              runTdr({"--db", target, plugins, "export", type}).out)
        << type;
}

// The national-ID key never sits in the database: a 0600 file beside it (or TDR_ID_KEY).
TEST(Cli, NationalIdKeyLivesInAPrivateFileBesideTheDatabase) {
  TempDir dir;
  std::string plugins = "--plugins=" + tdr::test::noPluginsDir();
  std::string db = dir.file("district.db"), url = "sqlite:" + db, keyFile = db + ".idkey";
  ASSERT_EQ(runTdr({"--db", url, plugins, "demo", "--teachers", "20"}).exitCode, 0);
  namespace fs = std::filesystem;
  ASSERT_TRUE(fs::exists(keyFile));
  auto others = fs::perms::group_all | fs::perms::others_all;
  EXPECT_EQ(fs::status(keyFile).permissions() & others, fs::perms::none);
  EXPECT_EQ(fs::status(db).permissions() & others, fs::perms::none);
  const std::string key = tdr::test::readFile(keyFile);
  EXPECT_EQ(key.size(), 65u);  // 64 hex digits and a newline
  auto keysInDb = [&] {
    soci::session s(soci::sqlite3, "db=" + db);
    long long n = -1;
    s << "SELECT COUNT(*) FROM core_settings WHERE key = 'national_id_key'", soci::into(n);
    return n;
  };
  EXPECT_EQ(keysInDb(), 0);

  // A database of an earlier release keeps its key in core_settings: it moves to the file.
  fs::remove(keyFile);
  const std::string legacy(64, 'a');
  {
    soci::session s(soci::sqlite3, "db=" + db);
    s << "INSERT INTO core_settings (key, value) VALUES ('national_id_key', :k)", soci::use(legacy);
  }
  ASSERT_EQ(runTdr({"--db", url, plugins, "user", "list"}).exitCode, 0);
  EXPECT_EQ(tdr::test::readFile(keyFile), legacy + "\n");
  EXPECT_EQ(keysInDb(), 0);

  // A key file that belongs to another database is refused, naming the file.
  {
    soci::session s(soci::sqlite3, "db=" + db);
    const std::string other(64, 'b');  // soci::use binds by reference: not a temporary
    s << "INSERT INTO core_settings (key, value) VALUES ('national_id_key', :k)", soci::use(other);
  }
  auto clash = runTdr({"--db", url, plugins, "user", "list"});
  EXPECT_NE(clash.exitCode, 0);
  EXPECT_NE(clash.err.find(keyFile), std::string::npos) << clash.err;
  {
    soci::session s(soci::sqlite3, "db=" + db);
    s << "DELETE FROM core_settings WHERE key = 'national_id_key'";
  }

  // `tdr copy` carries the key, through the database under test and back to a new file.
  std::string middle = dir.dbUrl("middle.db"), back = dir.file("back.db");
  ASSERT_EQ(runTdr({plugins, "copy", "--from", url, "--to", middle}).exitCode, 0);
  auto again = runTdr({plugins, "copy", "--from", middle, "--to", "sqlite:" + back});
  ASSERT_EQ(again.exitCode, 0) << again.err;
  EXPECT_EQ(tdr::test::readFile(back + ".idkey"), legacy + "\n");
}

}  // namespace
