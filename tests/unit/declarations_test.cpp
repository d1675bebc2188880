#include "registry/declarations.h"

#include <gtest/gtest.h>
#include <tdr/error.h>

#include <functional>

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

namespace {

using tdr::host::CollectingRegistrar;

std::string refusal(const std::function<void(CollectingRegistrar&)>& declare) {
  CollectingRegistrar r("notes");
  try {
    declare(r);
  } catch (const tdr::Error& e) {
    return e.what();
  }
  return "";
}

TEST(DeclarationsSdk2, ScopingFieldsMustBeReferences) {
  auto bad = noteType("notes_notes");
  bad.fields.push_back(tdr::Field::text("school", "学校"));
  bad.schoolField = "school";
  EXPECT_NE(refusal([&](auto& r) { r.recordType(bad); }).find("must be a reference"),
            std::string::npos);
  auto teacher = noteType("notes_notes");
  teacher.fields.push_back(tdr::Field::reference("owner", "学校", "core.schools"));
  teacher.teacherField = "owner";
  EXPECT_NE(refusal([&](auto& r) { r.recordType(teacher); }).find("reference to core.teachers"),
            std::string::npos);
}

TEST(DeclarationsSdk2, RouteWordsNaturalKeysAndReadOnlyKeys) {
  auto reports = noteType("notes_notes");
  reports.name = "reports";
  EXPECT_NE(refusal([&](auto& r) { r.recordType(reports); }).find("route word"), std::string::npos);
  EXPECT_TRUE(tdr::host::isReservedPluginId("jobs"));
  EXPECT_TRUE(tdr::host::isReservedPluginId("teachers"));
  auto keyless = noteType("notes_notes");
  keyless.naturalKey.clear();
  EXPECT_NE(refusal([&](auto& r) { r.recordType(keyless); }).find("no natural key"),
            std::string::npos);
  auto readOnlyKey = noteType("notes_notes");
  readOnlyKey.fields = {tdr::Field::text("title", "标题").readOnly()};
  EXPECT_NE(refusal([&](auto& r) { r.recordType(readOnlyKey); }).find("cannot be read-only"),
            std::string::npos);
}

TEST(DeclarationsSdk2, ActionsReportsAndRecordActionsNeedWhatAUserInterfaceShows) {
  auto fn = [](tdr::Context&, const tdr::JsonPtr&) { return tdr::JsonPtr(); };
  EXPECT_NE(refusal([&](auto& r) {
              r.action({"count", "", "", "notes:read", {}, fn});
            }).find("has no title"),
            std::string::npos);
  EXPECT_NE(refusal([&](auto& r) {
              r.action({"count", "计数", "", "", {}, fn});
            }).find("needs a capability"),
            std::string::npos);
  EXPECT_NE(refusal([&](auto& r) {
              r.action({"count", "计数", "", "notes:read", {tdr::Field::text("xx", "")}, fn});
            }).find("has no label"),
            std::string::npos);
  auto report = [](tdr::Context&, const tdr::Params&) { return tdr::ReportTable(); };
  EXPECT_NE(refusal([&](auto& r) {
              r.report({"sum", "合计", "", "notes:read", {}, {}, report});
            }).find("declares no columns"),
            std::string::npos);
  EXPECT_NE(refusal([&](auto& r) {
              r.report({"sum",
                        "合计",
                        "",
                        "notes:read",
                        {tdr::Field::text("format", "格式")},
                        {{"n", "数"}},
                        report});
            }).find("reserved"),
            std::string::npos);
  tdr::RecordActionSpec a;
  a.name = "close";
  a.title = "关闭";
  a.recordType = "notes";
  a.capability = "notes:write";
  a.fn = [](tdr::Context&, const tdr::Record&, const tdr::JsonPtr&) { return tdr::JsonPtr(); };
  EXPECT_NE(refusal([&](auto& r) { r.recordAction(a); }).find("is not declared"),
            std::string::npos);
  auto withState = noteType("notes_notes");
  withState.fields.push_back(tdr::Field::choice("state", "状态", {{"open", "打开"}}));
  a.stateField = "state";
  a.states = {"closed"};
  EXPECT_NE(refusal([&](auto& r) {
              r.recordType(withState);
              r.recordAction(a);
            }).find("is not a choice of state"),
            std::string::npos);
  a.states = {"open"};
  EXPECT_EQ(refusal([&](auto& r) {
              r.recordType(withState);
              r.recordAction(a);
            }),
            "");
}

TEST(DeclarationsSdk2, RolesAreDeclaredOnce) {
  EXPECT_NE(refusal([&](auto& r) {
              r.role({"reviewer", "评审", "", tdr::RoleScope::kDistrict});
              r.role({"reviewer", "评审", "", tdr::RoleScope::kDistrict});
            }).find("declared twice"),
            std::string::npos);
  EXPECT_NE(refusal([&](auto& r) {
              r.role({"reviewer", "", "", tdr::RoleScope::kDistrict});
            }).find("has no title"),
            std::string::npos);
}

// SDK 2.2: indicators name one of the plugin's reports and its parameters and columns; record
// titles are plain text fields; report choices label a declared column once.
TEST(DeclarationsSdk22, IndicatorsTitlesAndReportChoicesAreChecked) {
  auto fn = [](tdr::Context&, const tdr::Params&) { return tdr::ReportTable(); };
  auto withReport = [&](CollectingRegistrar& r) {
    r.report({"open",
              "未办",
              "",
              "notes:read",
              {tdr::Field::year("year", "年度")},
              {{"title", "标题"}, {"done", "已办", tdr::FieldType::kBoolean}},
              fn});
  };
  auto declared = [&](const tdr::IndicatorSpec& i) {
    return refusal([&](auto& r) {
      withReport(r);
      r.indicator(i);
    });
  };
  EXPECT_EQ(declared({"open", "未办事项", "open", {{"year", "2026"}}, "done", "false"}), "");
  EXPECT_NE(
      declared({"open", "未办事项", "nope", {}, "", ""}).find("report 'nope' is not declared"),
      std::string::npos);
  EXPECT_NE(declared({"open", "未办事项", "open", {{"colour", "red"}}, "", ""})
                .find("has no parameter 'colour'"),
            std::string::npos);
  EXPECT_NE(declared({"open", "未办事项", "open", {}, "state", "x"}).find("has no column 'state'"),
            std::string::npos);
  EXPECT_NE(declared({"open", "未办事项", "open", {}, "", "x"}).find("needs a column"),
            std::string::npos);
  EXPECT_NE(declared({"open", "", "open", {}, "", ""}).find("has no title"), std::string::npos);

  auto titled = [&](const std::string& field) {
    return refusal([&](auto& r) {
      auto t = noteType("notes_notes");
      t.fields.push_back(tdr::Field::integer("pages", "页数"));
      r.recordType(t);
      r.recordTitle("notes", field);
    });
  };
  EXPECT_EQ(titled("title"), "");
  EXPECT_NE(titled("pages").find("must be a declared, non-sensitive text field"),
            std::string::npos);
  EXPECT_NE(refusal([](auto& r) { r.recordTitle("notes", "title"); }).find("is not declared"),
            std::string::npos);

  auto choices = [&](const std::string& column, std::vector<tdr::Choice> c, bool twice = false) {
    return refusal([&](auto& r) {
      withReport(r);
      r.reportChoices("open", column, c);
      if (twice) r.reportChoices("open", column, c);
    });
  };
  EXPECT_EQ(choices("title", {{"a", "甲"}}), "");
  EXPECT_NE(choices("nope", {{"a", "甲"}}).find("no such column"), std::string::npos);
  EXPECT_NE(choices("title", {{"a", ""}}).find("unique code and a label"), std::string::npos);
  EXPECT_NE(choices("title", {{"a", "甲"}}, true).find("declared twice"), std::string::npos);
}

}  // namespace
