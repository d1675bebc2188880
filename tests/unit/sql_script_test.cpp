#include "db/sql_script.h"

#include <gtest/gtest.h>

namespace {

using namespace tdr::host;

TEST(SqlScript, SplitsOnSemicolonsOutsideLiteralsCommentsAndTriggerBodies) {
  auto s = splitStatements(
      "CREATE TABLE a (x TEXT DEFAULT 'a;b'); -- comment; here\n"
      "/* block; comment */ INSERT INTO a VALUES (\"q;\");\n"
      "CREATE TRIGGER a_t AFTER INSERT ON a BEGIN UPDATE a SET x = 'y'; "
      "SELECT CASE WHEN 1 THEN 2 END; END;\n"
      "DO $$ BEGIN PERFORM 1; END $$;\n"
      "  ;  -- trailing\n");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_NE(s[0].find("'a;b'"), std::string::npos);
  EXPECT_NE(s[2].find("SELECT CASE"), std::string::npos);
  EXPECT_NE(s[3].find("PERFORM 1; END"), std::string::npos);
}

TEST(SqlScript, OwnershipAllowsOwnTablesAndReferencesToCoreAndDependencies) {
  auto ok = splitStatements(
      "CREATE TABLE training_records (id INTEGER PRIMARY KEY,"
      " teacher_id INTEGER REFERENCES core_teachers (id));"
      "CREATE UNIQUE INDEX IF NOT EXISTS training_records_t ON training_records (teacher_id);"
      "ALTER TABLE training_records ADD COLUMN x TEXT;"
      "INSERT INTO training_records (id) VALUES (1);"
      "CREATE TABLE training_links (id INTEGER PRIMARY KEY, s INTEGER REFERENCES studios_x (id));");
  EXPECT_EQ(checkOwnership("training", ok, {"studios"}), "");
}

TEST(SqlScript, OwnershipRefusesOtherOwnersObjects) {
  auto check = [](const std::string& sql) {
    return checkOwnership("training", splitStatements(sql), {});
  };
  EXPECT_NE(check("DROP TABLE core_teachers").find("core_teachers"), std::string::npos);
  EXPECT_NE(check("CREATE TABLE ethics_events (id INTEGER)"), "");
  EXPECT_NE(check("CREATE INDEX training_i ON core_teachers (name)"), "");
  EXPECT_NE(check("ALTER TABLE core_schools ADD COLUMN x TEXT"), "");
  EXPECT_NE(check("INSERT INTO core_settings VALUES ('a', 'b')"), "");
  EXPECT_NE(check("UPDATE core_teachers SET name = 'x'"), "");
  EXPECT_NE(check("DELETE FROM core_audit"), "");
  EXPECT_NE(check("CREATE TABLE \"core_x\" (id INTEGER)"), "");
  EXPECT_NE(check("CREATE TABLE IF NOT EXISTS main.ethics_x (id INTEGER)"), "");
  EXPECT_NE(
      check("CREATE TABLE training_a (e INTEGER REFERENCES ethics_events (id))").find("dependency"),
      std::string::npos);
  EXPECT_EQ(check("CREATE TABLE training_a (note TEXT DEFAULT 'DROP TABLE core_teachers')"), "");
}

}  // namespace
