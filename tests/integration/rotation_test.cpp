// The rotation plugin end to end on real databases: assignment rules, eligibility and quotas
// from stored teachers, the planner on the demo district, postings and who works where.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <sstream>

#include "test_support.h"

namespace {

using tdr::test::RunResult;
using tdr::test::runTdr;
using tdr::test::TempDir;

class Rotation : public ::testing::Test, protected tdr::test::CliDistrict {
 protected:
  Rotation() : CliDistrict("2025-06-30") {}
  void SetUp() override {
    ASSERT_EQ(tdr("init").exitCode, 0);
    ASSERT_EQ(importText("core.schools", tdr::test::schoolsCsv()).exitCode, 0);
    // XH0001: 11 teachers at the school since 2019-08-31 or earlier (eligible for 2025), one
    // arrived a day too late, one principal after two terms, one near retirement, one retired.
    std::string csv =
        "staff_no,name,gender,birth_date,home_school,subject,post,backbone_level,hire_date,"
        "at_school_since,status\n";
    for (int i = 0; i < 11; ++i)
      csv += "E" + std::to_string(10 + i) + ",教师" + std::to_string(i) + ",M,1985-01-01,XH0001," +
             (i % 2 ? "数学" : "语文") + ",teacher," + (i < 2 ? "district" : "none") +
             ",2010-09-01,2019-08-3" + (i < 5 ? "0" : "1") + ",active\n";
    csv +=
        "L1,迟到,M,1985-01-01,XH0001,语文,teacher,none,2019-09-01,2019-09-01,active\n"
        "P1,校长,F,1975-09-02,XH0001,,principal,none,1998-09-01,2019-08-31,active\n"
        "R1,将退,F,1972-01-01,XH0001,语文,teacher,none,1995-09-01,2000-09-01,active\n"
        "X1,已退,M,1960-01-01,XH0001,语文,teacher,none,1985-09-01,1990-09-01,retired\n"
        "B1,乙校,M,1985-01-01,XH0002,语文,teacher,none,2010-09-01,2010-09-01,active\n";
    ASSERT_EQ(importText("core.teachers", csv).exitCode, 0);
  }
};

TEST_F(Rotation, EligibilityAndQuotaFromStoredTeachers) {
  auto eligible = reportCsv("rotation.eligible", {"year=2025", "school=XH0001"});
  // 11 teachers (2019-08-31 is exactly six years) + the principal (two 3-year terms).
  ASSERT_EQ(eligible.size(), 13u) << eligible.size();
  for (const auto& l : eligible) {
    EXPECT_EQ(l.find("L1,"), std::string::npos) << "one day short of six years";
    EXPECT_EQ(l.find("R1,"), std::string::npos) << "near retirement is exempt";
    EXPECT_EQ(l.find("X1,"), std::string::npos) << "retired";
  }
  auto withExempt = reportCsv("rotation.eligible", {"year=2025", "school=XH0001", "exempt=true"});
  bool r1 = false;
  for (const auto& l : withExempt)
    if (l.rfind("R1,", 0) == 0) r1 = l.find("near_retirement") != std::string::npos;
  EXPECT_TRUE(r1);
  auto quota = reportCsv("rotation.quota", {"year=2025"});
  ASSERT_EQ(quota.size(), 6u);  // header + 5 schools in one call
  EXPECT_EQ(quota[0],
            "school,name,eligible,eligible_backbone,required,rotated,backbone_rotated,"
            "backbone_required,shortfall,backbone_shortfall,drafted,met,note");
  // 12 eligible -> 10% is 1.2 -> 2 required; backbone 20% of 2 -> 1.
  EXPECT_EQ(quota[1], "XH0001,玄湖区第一小学,12,2,2,0,0,1,2,1,0,0,");
  // XH0002: 1 eligible -> 1 required; 20% of 1 -> 1 backbone wanted, but B1 is no backbone
  // teacher and there is none to send: min(1, 0) = 0 required, said in the note.
  EXPECT_EQ(quota[2],
            "XH0002,玄湖区第二小学,1,0,1,0,0,0,1,0,0,0,\"too few backbone teachers: the share "
            "asks for 1, the school has 0 to send; counted as 0\"");
  RunResult bad = tdr("report", "rotation.quota", "--param", "year=twenty");
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.err.find("year"), std::string::npos);
  bad = tdr("report", "rotation.quota", "--param", "school=NOPE");
  EXPECT_NE(bad.err.find("unknown core.schools code 'NOPE'"), std::string::npos) << bad.err;
}

TEST_F(Rotation, RuleMessagesAreChineseByDefault) {
  const std::string file = dir_.file("zh.csv");
  tdr::test::writeFile(file,
                       "staff_no,kind,home_school,host_school,start_on,planned_end,batch_year\n"
                       "E10,exchange,XH0001,XH0001,2025-09-01,2028-08-31,2025\n");
  RunResult r = run({"import", "rotation.assignments", file}, {"TDR_LANG=zh"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("是该教师的人事关系学校，交流须到其他学校"), std::string::npos) << r.out;
  RunResult none = run({"run", "rotation.confirm", "--param", "year=2025"}, {"TDR_LANG=zh"});
  EXPECT_NE(none.err.find("2025 年没有交流方案草稿"), std::string::npos) << none.err;
}

TEST_F(Rotation, AssignmentRulesNameTheField) {
  const std::string head = "staff_no,kind,host_school,start_on,planned_end,batch_year,status\n";
  ASSERT_EQ(importText("rotation.assignments",
                       head + "E10,exchange,XH0002,2025-09-01,2028-08-31,2025,planned\n")
                .exitCode,
            0);
  struct Case {
    std::string row, field, reason;
  };
  std::vector<Case> cases = {
      {"E10,exchange,XH0003,2027-09-01,2028-08-31,2027,planned", "start_on", "overlaps"},
      {"E11,exchange,XH0001,2025-09-01,2028-08-31,2025,planned", "host_school", "home school"},
      {"E12,exchange,XH0002,2025-09-01,2025-08-31,2025,planned", "planned_end", "before start_on"},
      {"X1,exchange,XH0002,2025-09-01,2028-08-31,2025,planned", "staff_no", "not active"},
      {"E13,teleport,XH0002,2025-09-01,2028-08-31,2025,planned", "kind", ""},
  };
  for (const auto& c : cases) {
    RunResult r = importText("rotation.assignments", head + c.row + "\n");
    EXPECT_EQ(r.exitCode, 1) << c.row;
    std::string all = r.out + r.err;
    EXPECT_NE(all.find(c.field), std::string::npos) << c.row << "\n" << all;
    EXPECT_NE(all.find(c.reason), std::string::npos) << c.row << "\n" << all;
  }
  // A cancelled assignment no longer blocks; status moves only forward.
  ASSERT_EQ(importText("rotation.assignments",
                       head + "E10,exchange,XH0002,2025-09-01,2028-08-31,2025,cancelled\n")
                .exitCode,
            0);
  EXPECT_EQ(importText("rotation.assignments",
                       head + "E10,exchange,XH0003,2027-09-01,2028-08-31,2027,planned\n")
                .exitCode,
            0);
  RunResult back = importText("rotation.assignments",
                              head + "E10,exchange,XH0002,2025-09-01,2028-08-31,2025,active\n");
  EXPECT_EQ(back.exitCode, 1);
  EXPECT_NE((back.out + back.err).find("cannot go from cancelled to active"), std::string::npos)
      << back.out << back.err;
}

TEST_F(Rotation, PlanDraftsMeetTheQuotaAndConfirmCreatesAssignments) {
  RunResult plan = tdr("run", "rotation.plan", "--param", "year=2025");
  ASSERT_EQ(plan.exitCode, 0) << plan.err;
  EXPECT_NE(plan.out.find("\"drafted\": 3"), std::string::npos) << plan.out;  // 2 + 1
  auto drafts = reportCsv("rotation.quota", {"year=2025", "school=XH0001"});
  EXPECT_EQ(drafts[1], "XH0001,玄湖区第一小学,12,2,2,0,0,1,2,1,2,0,");
  // The HR officer edits the draft (drop one, the planner's pick can be changed), then confirms.
  RunResult confirm = tdr("run", "rotation.confirm", "--param", "year=2025");
  ASSERT_EQ(confirm.exitCode, 0) << confirm.err;
  EXPECT_NE(confirm.out.find("\"created\": 3"), std::string::npos) << confirm.out;
  auto quota = reportCsv("rotation.quota", {"year=2025"});
  // E10 (backbone, longest-serving) first; then the other subject's longest-serving, E11.
  EXPECT_EQ(quota[1], "XH0001,玄湖区第一小学,12,2,2,2,2,1,0,0,0,1,");
  // E10's postings and where they work.
  auto history = reportCsv("rotation.history", {"staff_no=E10"});
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].rfind("2025,", 0), 0u) << history[1];
  EXPECT_NE(history[1].find(",XH0001,XH0002,2025-09-01,2028-08-31,,planned"), std::string::npos)
      << history[1];
  auto zhHistory = reportCsv("rotation.history", {"staff_no=E10"}, {"TDR_LANG=zh"});
  EXPECT_NE(zhHistory[1].find("交流,XH0001,XH0002,2025-09-01,2028-08-31,,计划"), std::string::npos)
      << zhHistory[1];
  auto where = reportCsv("rotation.where", {"date=2025-10-01", "school=XH0002"});
  bool e10 = false;
  for (const auto& l : where)
    if (l.rfind("E10,", 0) == 0) e10 = l.find(",XH0001,XH0002,") != std::string::npos;
  EXPECT_TRUE(e10);
  RunResult again = tdr("run", "rotation.confirm", "--param", "year=2025");
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_NE(again.err.find("no drafts"), std::string::npos);
}

TEST_F(Rotation, OneDraftIsConfirmedAsARecordAction) {
  ASSERT_EQ(tdr("run", "rotation.plan", "--param", "year=2025").exitCode, 0);
  auto s = dir_.openDb();
  long long draft = 0, teacher = 0, drafts = 0;
  *s << "SELECT id, teacher_id FROM rotation_drafts ORDER BY id LIMIT 1", soci::into(draft),
      soci::into(teacher);
  *s << "SELECT COUNT(*) FROM rotation_drafts", soci::into(drafts);
  ASSERT_GT(draft, 0);
  RunResult one = tdr("run", "rotation.drafts.confirm", "--id", std::to_string(draft));
  ASSERT_EQ(one.exitCode, 0) << one.err;
  long long assignments = 0, left = 0;
  std::string status;
  *s << "SELECT COUNT(*), MAX(status) FROM rotation_assignments WHERE teacher_id = :t",
      soci::use(teacher), soci::into(assignments), soci::into(status);
  *s << "SELECT COUNT(*) FROM rotation_drafts", soci::into(left);
  EXPECT_EQ(assignments, 1);
  EXPECT_EQ(status, "planned");
  EXPECT_EQ(left, drafts - 1) << "only that draft became a posting";
  long long audited = 0;
  *s << "SELECT COUNT(*) FROM core_audit WHERE action = 'action:confirm' AND record_type = "
        "'rotation.drafts'",
      soci::into(audited);
  EXPECT_EQ(audited, 1);
  // Confirmed again (it no longer exists): refused, nothing more is created.
  EXPECT_NE(tdr("run", "rotation.drafts.confirm", "--id", std::to_string(draft)).exitCode, 0);
}

TEST_F(Rotation, PlannerMeetsEveryQuotaOfTheDemoDistrict) {
  TempDir demo;
  std::string url = demo.dbUrl("demo.db");
  std::vector<std::string> base = {"--db", url, "--plugins=" + tdr::test::builtinPluginsDir()};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), base.begin(), base.end());
    return runTdr(args, {"TDR_TODAY=2026-06-30"});  // the demo's dates run into 2025
  };
  ASSERT_EQ(run({"demo", "--teachers", "1500"}).exitCode, 0);
  ASSERT_EQ(run({"run", "rotation.plan", "--param", "year=2026"}).exitCode, 0);
  ASSERT_EQ(run({"run", "rotation.confirm", "--param", "year=2026"}).exitCode, 0);
  RunResult quota = run({"report", "rotation.quota", "--param", "year=2026", "--format", "csv"});
  ASSERT_EQ(quota.exitCode, 0);
  std::istringstream in(quota.out);
  std::string line;
  std::getline(in, line);
  int schools = 0, rotated = 0;
  while (std::getline(in, line)) {
    std::vector<long long> v;
    std::istringstream cells(line);
    std::string cell;
    for (int c = 0; std::getline(cells, cell, ','); ++c)
      if (c >= 2 && c <= 11) v.push_back(std::stoll(cell));
    // eligible, eligible_backbone, required, rotated, backbone_rotated, backbone_required,
    // shortfall, backbone_shortfall, drafted, met (then the note)
    ++schools;
    rotated += static_cast<int>(v[3]);
    EXPECT_EQ(v[6], 0) << line;
    // The backbone share, capped by the backbone teachers a school has, is always met.
    EXPECT_EQ(v[7], 0) << line;
    EXPECT_EQ(v[9], 1) << line;
  }
  EXPECT_GT(schools, 10);
  EXPECT_GT(rotated, 20);
}

}  // namespace
