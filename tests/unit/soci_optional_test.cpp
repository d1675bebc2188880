#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <tdr/soci_optional.h>

#include <optional>

#include "test_support.h"

namespace {

TEST(SociOptional, EmptyIsNullAndValuesRoundTripOnARealSqliteFile) {
  tdr::test::TempDir dir;
  soci::session s(soci::sqlite3, "db=" + dir.file("opt.db"));
  s << "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, name TEXT)";
  std::optional<long long> n = 42;
  std::optional<std::string> name;
  s << "INSERT INTO t (id, n, name) VALUES (1, :n, :name)", soci::use(n), soci::use(name);
  n.reset();
  name = std::string("张三");
  s << "INSERT INTO t (id, n, name) VALUES (2, :n, :name)", soci::use(n), soci::use(name);

  long long nulls = 0;
  s << "SELECT COUNT(*) FROM t WHERE n IS NULL", soci::into(nulls);
  EXPECT_EQ(nulls, 1);

  std::optional<long long> outN;
  std::optional<std::string> outName;
  s << "SELECT n, name FROM t WHERE id = 1", soci::into(outN), soci::into(outName);
  EXPECT_EQ(outN, 42);
  EXPECT_FALSE(outName.has_value());
  s << "SELECT n, name FROM t WHERE id = 2", soci::into(outN), soci::into(outName);
  EXPECT_FALSE(outN.has_value());
  EXPECT_EQ(outName, "张三");
}

}  // namespace
