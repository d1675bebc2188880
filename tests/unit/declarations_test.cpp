#include "plugins/declarations.h"

#include <gtest/gtest.h>
#include <tdr/error.h>

namespace {

using namespace tdr::host;

TEST(Declarations, PluginIdsFollowThePattern) {
  EXPECT_TRUE(isValidIdentifier("training"));
  EXPECT_TRUE(isValidIdentifier("perf_pay2"));
  EXPECT_FALSE(isValidIdentifier("Training"));
  EXPECT_FALSE(isValidIdentifier("2fast"));
  EXPECT_FALSE(isValidIdentifier("a"));
  EXPECT_FALSE(isValidIdentifier("bad-id"));
  EXPECT_FALSE(isValidIdentifier(std::string(32, 'a')));
}

TEST(Declarations, VersionRanges) {
  EXPECT_LT(compareVersions("1.9", "1.10"), 0);
  EXPECT_EQ(compareVersions("1.0", "1.0.0"), 0);
  EXPECT_TRUE(versionSatisfies("1.2.0", ">=1.0"));
  EXPECT_FALSE(versionSatisfies("0.9", ">=1.0"));
  EXPECT_TRUE(versionSatisfies("1.5", ">=1.0 <2"));
  EXPECT_FALSE(versionSatisfies("2.0", ">=1.0, <2"));
  EXPECT_TRUE(versionSatisfies("3.1", ""));
  EXPECT_TRUE(versionSatisfies("1.2", "=1.2"));
  EXPECT_FALSE(versionSatisfies("1.2", "~1.2"));
  EXPECT_FALSE(versionSatisfies("x.y", ">=1"));
}

tdr::RecordType noteType(const std::string& table) {
  tdr::RecordType t;
  t.name = "notes";
  t.table = table;
  t.fields = {tdr::Field::text("title", "标题").required()};
  t.naturalKey = {"title"};
  return t;
}

TEST(Declarations, RecordTypesMustUseTheirPluginsTablePrefix) {
  CollectingRegistrar r("notes");
  EXPECT_NO_THROW(r.recordType(noteType("notes_items")));
  try {
    r.recordType(noteType("core_teachers"));
    FAIL();
  } catch (const tdr::Error& e) {
    EXPECT_NE(std::string(e.what()).find("must be named notes_*"), std::string::npos);
  }
}

TEST(Declarations, BadFieldsAndKeysAreRefusedByName) {
  CollectingRegistrar r("notes");
  auto t = noteType("notes_a");
  t.naturalKey = {"nope"};
  EXPECT_THROW(r.recordType(t), tdr::Error);
  t = noteType("notes_b");
  t.fields.push_back(tdr::Field::text("title", "again"));
  EXPECT_THROW(r.recordType(t), tdr::Error);
  t = noteType("notes_c");
  t.fields.push_back(tdr::Field::choice("kind", "类型", {}));
  EXPECT_THROW(r.recordType(t), tdr::Error);
  t = noteType("notes_d");
  t.fields.push_back(tdr::Field::reference("who", "谁", "teachers"));
  EXPECT_THROW(r.recordType(t), tdr::Error);
  EXPECT_THROW(r.capability("core:write", "not mine", {}), tdr::Error);
  EXPECT_NO_THROW(r.capability("notes:write", "mine", {"hr_officer"}));
  EXPECT_EQ(r.take().capabilities.size(), 1u);
}

}  // namespace
