#include <gtest/gtest.h>
#include <tdr/error.h>

#include "db/migrator.h"

namespace {

using tdr::Dialect;
using tdr::SchemaFile;
using tdr::host::migrationsFor;

TEST(Migrations, DialectVariantWinsOverGenericFile) {
  const SchemaFile files[] = {{"0001_init.sql", "generic"},
                              {"0001_init.postgresql.sql", "pg"},
                              {"0002_more.sql", "more"},
                              {nullptr, nullptr}};
  auto sqlite = migrationsFor(files, Dialect::kSQLite);
  ASSERT_EQ(sqlite.size(), 2u);
  EXPECT_EQ(sqlite[0].sql, "generic");
  auto pg = migrationsFor(files, Dialect::kPostgreSQL);
  EXPECT_EQ(pg[0].sql, "pg");
  EXPECT_EQ(pg[0].fileName, "0001_init.postgresql.sql");
  EXPECT_EQ(pg[1].version, 2);
  EXPECT_NE(sqlite[0].checksum, pg[0].checksum);
  EXPECT_EQ(sqlite[0].checksum.size(), 64u);
}

TEST(Migrations, BadNamesGapsAndMissingVariantsAreRefused) {
  const SchemaFile badName[] = {{"init.sql", "x"}, {nullptr, nullptr}};
  EXPECT_THROW(migrationsFor(badName, Dialect::kSQLite), tdr::Error);
  const SchemaFile gap[] = {{"0001_a.sql", "x"}, {"0003_c.sql", "y"}, {nullptr, nullptr}};
  try {
    migrationsFor(gap, Dialect::kSQLite);
    FAIL();
  } catch (const tdr::Error& e) {
    EXPECT_NE(std::string(e.what()).find("skip"), std::string::npos);
  }
  const SchemaFile onlySqlite[] = {{"0001_a.sqlite.sql", "x"}, {nullptr, nullptr}};
  EXPECT_EQ(migrationsFor(onlySqlite, Dialect::kSQLite).size(), 1u);
  EXPECT_THROW(migrationsFor(onlySqlite, Dialect::kPostgreSQL), tdr::Error);
  const SchemaFile twoNames[] = {{"0001_a.sql", "x"}, {"0001_b.sql", "y"}, {nullptr, nullptr}};
  EXPECT_THROW(migrationsFor(twoNames, Dialect::kSQLite), tdr::Error);
  EXPECT_TRUE(migrationsFor(nullptr, Dialect::kSQLite).empty());
}

}  // namespace
