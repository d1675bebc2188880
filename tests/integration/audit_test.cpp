// The audit chain: every write leaves an entry; editing, deleting or reordering rows of
// core_audit is caught by `tdr audit verify`, which names the first broken link and exits 1.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>

#include "test_support.h"

namespace {

using tdr::test::runTdr;
using tdr::test::TempDir;

class AuditChain : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string plugins = "--plugins=" + tdr::test::noPluginsDir();
    ASSERT_EQ(runTdr({"--db", dir_.dbUrl(), plugins, "demo", "--teachers", "50"}).exitCode, 0);
    for (const char* login : {"u1", "u2", "u3"})
      ASSERT_EQ(runTdr({"--db", dir_.dbUrl(), plugins, "user", "add", login, "--role", "auditor"})
                    .exitCode,
                0);
    // demo: 4 imports; 3 users: 7 entries.
  }
  tdr::test::RunResult verify() {
    return runTdr(
        {"--db", dir_.dbUrl(), "--plugins=" + tdr::test::noPluginsDir(), "audit", "verify"});
  }
  void tamper(const std::vector<std::string>& statements) {
    auto s = dir_.openDb();
    for (const auto& sql : statements) *s << sql;
  }
  TempDir dir_;
};

TEST_F(AuditChain, IntactChainVerifies) {
  auto r = verify();
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("audit chain intact: 7 entries"), std::string::npos) << r.out;
}

TEST_F(AuditChain, EditedRowIsCaught) {
  tamper({"UPDATE core_audit SET actor = 'someone else' WHERE id = 5"});
  auto r = verify();
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("broken at row 5: row 5 was edited"), std::string::npos) << r.err;
}

TEST_F(AuditChain, DeletedRowIsCaught) {
  tamper({"DELETE FROM core_audit WHERE id = 3"});
  auto r = verify();
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("row 3 is missing"), std::string::npos) << r.err;
}

TEST_F(AuditChain, ReorderedRowsAreCaught) {
  tamper({"UPDATE core_audit SET id = -2 WHERE id = 2", "UPDATE core_audit SET id = 2 WHERE id = 3",
          "UPDATE core_audit SET id = 3 WHERE id = -2"});
  auto r = verify();
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("broken at row 2"), std::string::npos) << r.err;
}

TEST_F(AuditChain, DeletedNewestRowIsCaughtByTheHead) {
  tamper({"DELETE FROM core_audit WHERE id = 7"});
  auto r = verify();
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("the newest rows are missing"), std::string::npos) << r.err;
}

TEST_F(AuditChain, RecomputedRowWithoutItsSuccessorIsCaught) {
  // Re-hashing an edited row is not enough: the next row names the old hash.
  tamper(
      {"UPDATE core_audit SET detail = '{}', hash = (SELECT hash FROM core_audit WHERE id = 2) "
       "WHERE id = 4"});
  auto r = verify();
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("broken at row 4"), std::string::npos) << r.err;
}

}  // namespace
