// The performance-pay plugin end to end on real databases: a 10-teacher sheet checked against
// hand-computed figures, the veto's redistribution, the workflow and its refusals, the lock.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <map>
#include <sstream>

#include "test_support.h"

namespace {

using tdr::test::RunResult;
using tdr::test::runTdr;
using tdr::test::TempDir;

class Perfpay : public ::testing::Test, protected tdr::test::CliDistrict {
 protected:
  Perfpay() : CliDistrict("2025-12-31") {}
  void SetUp() override {
    ASSERT_EQ(tdr("init").exitCode, 0);
    ASSERT_EQ(importText("core.schools", tdr::test::schoolsCsv()).exitCode, 0);
    ASSERT_EQ(importText("core.teachers",
                         "staff_no,name,home_school,title,post,hire_date\n"
                         "T01,一,XH0001,senior,teacher,2000-09-01\n"
                         "T02,二,XH0001,senior,teacher,2000-09-01\n"
                         "T03,三,XH0001,first,teacher,2005-09-01\n"
                         "T04,四,XH0001,first,teacher,2005-09-01\n"
                         "T05,五,XH0001,first,teacher,2005-09-01\n"
                         "T06,六,XH0001,second,teacher,2015-09-01\n"
                         "T07,七,XH0001,second,teacher,2015-09-01\n"
                         "T08,八,XH0001,second,teacher,2015-09-01\n"
                         "T09,九,XH0001,none,teacher,2024-09-01\n"
                         "T10,十,XH0001,senior,principal,1995-09-01\n"
                         "U01,乙,XH0002,first,teacher,2010-09-01\n")
                  .exitCode,
              0);
    ASSERT_EQ(
        importText("perfpay.schemes", "school,year,pool\nXH0001,2025,500000.00\nXH0002,2025,1000\n")
            .exitCode,
        0);
    ASSERT_EQ(importText("perfpay.inputs",
                         "year,staff_no,months,score,workload_percent\n"
                         "2025,T01,12,95,100\n2025,T02,12,90,100\n2025,T03,12,88,100\n"
                         "2025,T04,12,85,100\n2025,T05,6,80,100\n2025,T06,12,92,100\n"
                         "2025,T07,12,75,100\n2025,T08,12,90,100\n2025,T09,12,70,50\n"
                         "2025,T10,12,90,100\n")
                  .exitCode,
              0);
    ASSERT_EQ(importText("perfpay.allowances",
                         "year,staff_no,kind,months,monthly\n"
                         "2025,T03,head_teacher,12,500\n2025,T06,head_teacher,10,500\n")
                  .exitCode,
              0);
    // T08's 2025 appraisal is 不合格: vetoed for 2025.
    ASSERT_EQ(
        importText("ethics.appraisals", "staff_no,year,grade\nT08,2025,unqualified\n").exitCode, 0);
  }
  // compute is an action on a school's year; review, publish and lock are record actions on
  // the scheme itself.
  RunResult step(const std::string& action, const std::string& school = "XH0001",
                 const std::vector<std::string>& env = {}) {
    if (action == "compute")
      return run({"run", "perfpay.compute", "--param", "school=" + school, "--param", "year=2025"},
                 env);
    return run({"run", "perfpay.schemes." + action, "--id", schemeId(school)}, env);
  }
  std::string schemeId(const std::string& school) {
    auto s = dir_.openDb();
    long long id = 0;
    *s << "SELECT p.id FROM perfpay_schemes p JOIN core_schools c ON c.id = p.school_id WHERE "
          "c.code = :c AND p.year = 2025",
        soci::use(school), soci::into(id);
    return std::to_string(id);
  }
  std::vector<std::string> sheet() {
    std::vector<std::string> lines;
    // In Chinese (the default language): the sheet's headers are its declared labels.
    for (const auto& line :
         reportCsv("perfpay.sheet", {"school=XH0001", "year=2025"}, {"TDR_LANG=zh"})) {
      // Without the explanation column (the last, quoted).
      auto quote = line.find(",\"");
      lines.push_back(quote == std::string::npos ? line : line.substr(0, quote));
    }
    return lines;
  }
  std::string status() {
    auto s = dir_.openDb();
    std::string st;
    *s << "SELECT p.status FROM perfpay_schemes p JOIN core_schools c ON c.id = p.school_id "
          "WHERE c.code = 'XH0001' AND p.year = 2025",
        soci::into(st);
    return st;
  }
};

TEST_F(Perfpay, TenTeacherSheetMatchesHandComputedFigures) {
  RunResult r = step("compute");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("\"pool\": \"500000.00\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"incentive\": \"139000.00\""), std::string::npos) << r.out;
  // Pool 500,000.00: basic 70% = 350,000.00 split by standard × months (3600×12 ×3, 3000×12
  // ×2, 3000×6, 2500×12 ×3, 2000×12 = Σ 333,600), largest remainder; allowances 班主任
  // 500/month (T03 12 months, T06 10); incentive 139,000.00 by points = score × (workload ×
  // months + 50 × head-teacher months) × 120% for front-line teachers (not the principal),
  // T08 vetoed (0 points) — Σ points 1,090,560.
  std::vector<std::string> expected = {
      "工号,姓名,月数,基础性绩效(元),岗位津贴(元),轮岗补贴(元),奖励性绩效(元),合计(元),"
      "师德一票否决,计算说明",
      "T01,一,12,45323.74,0.00,0.00,17436.18,62759.92,",
      "T02,二,12,45323.74,0.00,0.00,16518.49,61842.23,",
      "T03,三,12,37769.79,6000.00,0.00,24227.11,67996.90,",
      "T04,四,12,37769.78,0.00,0.00,15600.79,53370.57,",
      "T05,五,6,18884.89,0.00,0.00,7341.55,26226.44,",
      "T06,六,12,31474.82,5000.00,0.00,23921.21,60396.03,",
      "T07,七,12,31474.82,0.00,0.00,13765.41,45240.23,",
      "T08,八,12,31474.82,0.00,0.00,0.00,31474.82,是",
      "T09,九,12,25179.86,0.00,0.00,6423.86,31603.72,",
      "T10,十,12,45323.74,0.00,0.00,13765.40,59089.14,",
      // The total row: basic 350,000.00 + allowances 11,000.00 + incentive 139,000.00 = the
      // pool 500,000.00, to the fen.
      "合计,,,350000.00,11000.00,0.00,139000.00,500000.00,,",
  };
  auto lines = sheet();
  ASSERT_EQ(lines.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(lines[i], expected[i]);
  // Each line explains itself.
  RunResult full = tdr("report", "perfpay.sheet", "--param", "school=XH0001", "--param",
                       "year=2025", "--format", "csv");
  EXPECT_NE(full.out.find("班主任 50% × 12 月"), std::string::npos);
  // For pay a 不合格 appraisal vetoes its own year only (docs/ethics.md).
  EXPECT_NE(full.out.find("师德一票否决 (至 2025-12-31)"), std::string::npos) << full.out;
  // An XLSX pay sheet too.
  std::string xlsx = dir_.file("sheet.xlsx");
  RunResult x = tdr("report", "perfpay.sheet", "--param", "school=XH0001", "--param", "year=2025",
                    "--format", "xlsx", "--out", xlsx);
  ASSERT_EQ(x.exitCode, 0) << x.err;
  EXPECT_EQ(tdr::test::readFile(xlsx).substr(0, 2), "PK");
}

TEST_F(Perfpay, LastYearsUnqualifiedAppraisalDoesNotTakeThisYearsPayUnlessThePolicySays) {
  // T07's 2024 appraisal is 不合格 too. For pay it vetoed 2024 only: T07's 2025 line is the
  // hand-computed one of TenTeacherSheetMatchesHandComputedFigures (basic 31,474.82 +
  // incentive 13,765.41 = 45,240.23), not a second penalty for the same year.
  ASSERT_EQ(importText("ethics.appraisals", "staff_no,year,grade\nT07,2024,unqualified\n").exitCode,
            0);
  ASSERT_EQ(step("compute").exitCode, 0);
  auto lines = sheet();
  ASSERT_GT(lines.size(), 7u);
  EXPECT_EQ(lines[7], "T07,七,12,31474.82,0.00,0.00,13765.41,45240.23,");
  // A district whose 2025 policy vetoes pay for the year after too: T07 keeps the basic part
  // (31,474.82) and loses the incentive (0.00), like T08.
  ASSERT_EQ(importText("ethics.policies", "year,pay_appraisal_years\n2025,1\n").exitCode, 0);
  ASSERT_EQ(step("compute").exitCode, 0);
  lines = sheet();
  EXPECT_EQ(lines[7], "T07,七,12,31474.82,0.00,0.00,0.00,31474.82,是");
}

TEST_F(Perfpay, AVetoCanTakeTheVetoedMonthsOnly) {
  // T07: a 警告 from 2025-03-01, in effect through 2025-08-31 — March to August, 6 of 12 months.
  // The scheme takes the vetoed months only: T07's points 75 × 1200 × 120% = 108,000 become
  // 108,000 × 6/12 = 54,000; T08 (不合格 2025, all 12 months) 0. Σ points 1,036,560 share the
  // incentive pool 139,000.00 (13,900,000 fen) by largest remainder: T07 13,900,000 × 54,000 /
  // 1,036,560 = 724,126.6… → 7,241.26 (the 5 spare fen go to larger remainders); T01 136,800 →
  // 18,344.53, T02 129,600 → 17,379.02, T03 190,080 → 25,489.23, T04 122,400 → 16,413.52, T05
  // 57,600 → 7,724.01, T06 187,680 → 25,167.40, T09 50,400 → 6,758.51, T10 108,000 → 14,482.52.
  // The basic part and allowances are as in the ten-teacher sheet.
  ASSERT_EQ(importText("ethics.events",
                       "case_no,staff_no,kind,category,occurred_on,status,handling,sanction_on\n"
                       "V7,T07,violation,practice,2025-02-20,confirmed,warning,2025-03-01\n")
                .exitCode,
            0);
  ASSERT_EQ(importText("perfpay.schemes",
                       "school,year,pool,veto_months_only\nXH0001,2025,500000.00,true\n")
                .exitCode,
            0);
  RunResult r = step("compute");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::vector<std::string> expected = {
      "T01,一,12,45323.74,0.00,0.00,18344.53,63668.27,",
      "T02,二,12,45323.74,0.00,0.00,17379.02,62702.76,",
      "T03,三,12,37769.79,6000.00,0.00,25489.23,69259.02,",
      "T04,四,12,37769.78,0.00,0.00,16413.52,54183.30,",
      "T05,五,6,18884.89,0.00,0.00,7724.01,26608.90,",
      "T06,六,12,31474.82,5000.00,0.00,25167.40,61642.22,",
      "T07,七,12,31474.82,0.00,0.00,7241.26,38716.08,是",
      "T08,八,12,31474.82,0.00,0.00,0.00,31474.82,是",
      "T09,九,12,25179.86,0.00,0.00,6758.51,31938.37,",
      "T10,十,12,45323.74,0.00,0.00,14482.52,59806.26,",
  };
  auto lines = sheet();
  ASSERT_EQ(lines.size(), expected.size() + 2);  // the header and the total row
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(lines[i + 1], expected[i]);
  RunResult full = tdr("report", "perfpay.sheet", "--param", "school=XH0001", "--param",
                       "year=2025", "--format", "csv");
  EXPECT_NE(full.out.find("未否决月份 6/12 (师德一票否决 6 个月, 至 2025-08-31)"),
            std::string::npos)
      << full.out;
}

TEST_F(Perfpay, MonthsDefaultFromTheHireDate) {
  // Without inputs, a teacher hired in the scheme's year is paid from the month of hire when
  // hired by the 15th, else from the next: 2025-09-10 → September to December, 4 months;
  // 2025-10-20 → November and December, 2.
  ASSERT_EQ(importText("core.teachers",
                       "staff_no,name,home_school,title,post,hire_date\n"
                       "U02,丙,XH0002,none,teacher,2025-09-10\n"
                       "U03,丁,XH0002,none,teacher,2025-10-20\n")
                .exitCode,
            0);
  ASSERT_EQ(step("compute", "XH0002").exitCode, 0);
  auto lines = reportCsv("perfpay.sheet", {"school=XH0002", "year=2025"});
  std::map<std::string, std::string> months;
  for (const auto& l : lines) {
    std::vector<std::string> cells;
    std::stringstream ss(l);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    if (cells.size() > 2) months[cells[0]] = cells[2];
  }
  EXPECT_EQ(months["U01"], "12") << "hired 2010";
  EXPECT_EQ(months["U02"], "4");
  EXPECT_EQ(months["U03"], "2");
}

TEST_F(Perfpay, WorkflowStepsInOrderAndLockedRefusesEveryChange) {
  // Review is offered only for a computed scheme: a draft is refused naming its state.
  RunResult zh = step("review", "XH0001", {"TDR_LANG=zh"});
  EXPECT_NE(zh.exitCode, 0);
  EXPECT_NE(zh.err.find("的状态是“草稿”，“审核方案”只适用于：已核算"), std::string::npos) << zh.err;
  RunResult early = step("review");
  EXPECT_NE(early.exitCode, 0);
  EXPECT_NE(early.err.find("is draft; 'review' applies only when status"), std::string::npos)
      << early.err;
  ASSERT_EQ(step("compute").exitCode, 0);
  EXPECT_EQ(status(), "computed");
  // A changed input makes the sheet stale: back to draft until computed again.
  ASSERT_EQ(importText("perfpay.inputs", "year,staff_no,score\n2025,T07,76\n").exitCode, 0);
  EXPECT_EQ(status(), "draft");
  ASSERT_EQ(step("compute").exitCode, 0);
  ASSERT_EQ(step("review").exitCode, 0);
  RunResult again = step("compute");
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_NE(again.err.find("only possible before review"), std::string::npos) << again.err;
  RunResult change = importText("perfpay.inputs", "year,staff_no,score\n2025,T07,77\n");
  EXPECT_EQ(change.exitCode, 1);
  EXPECT_NE(change.err.find("is reviewed"), std::string::npos) << change.err;
  RunResult published = step("publish");
  ASSERT_EQ(published.exitCode, 0) << published.err;
  ASSERT_EQ(step("lock").exitCode, 0);
  EXPECT_EQ(status(), "locked");
  for (const auto& [type, csv] : std::vector<std::pair<std::string, std::string>>{
           {"perfpay.inputs", "year,staff_no,score\n2025,T07,78\n"},
           {"perfpay.allowances", "year,staff_no,kind,months,monthly\n2025,T04,other,1,10\n"},
           {"perfpay.schemes", "school,year,pool\nXH0001,2025,600000\n"}}) {
    RunResult r = importText(type, csv);
    EXPECT_EQ(r.exitCode, 1) << type;
    EXPECT_NE(r.err.find("locked"), std::string::npos) << type << ": " << r.err;
  }
  EXPECT_NE(step("lock").exitCode, 0);
  // Who and when of every step is on the scheme and in the audit log.
  auto s = dir_.openDb();
  std::string reviewedBy, lockedAt;
  *s << "SELECT reviewed_by, locked_at FROM perfpay_schemes WHERE pool_fen = 50000000",
      soci::into(reviewedBy), soci::into(lockedAt);
  EXPECT_FALSE(reviewedBy.empty());
  EXPECT_EQ(lockedAt.back(), 'Z');
  long long steps = 0;
  *s << "SELECT COUNT(*) FROM core_audit WHERE (action = 'action' AND record_type LIKE "
        "'perfpay.%') OR (action LIKE 'action:%' AND record_type = 'perfpay.schemes')",
      soci::into(steps);
  EXPECT_EQ(steps, 5);  // compute ×2, review, publish, lock (the refused ones are not written)
  EXPECT_EQ(tdr("audit", "verify").exitCode, 0);
}

// Computing writes each scheme's step through the context (who and when, an audit entry for
// the scheme); changing a computed scheme's settings makes it a draft again and drops its lines.
TEST_F(Perfpay, ComputeStepsTheSchemeThroughTheContextAndASettingChangeMakesItADraft) {
  ASSERT_EQ(step("compute").exitCode, 0);
  const std::string id = schemeId("XH0001");
  auto lineCount = [&] {
    auto s = dir_.openDb();
    long long n = 0;
    *s << "SELECT COUNT(*) FROM perfpay_lines WHERE scheme_id = " + id, soci::into(n);
    return n;
  };
  {
    auto s = dir_.openDb();
    std::string by;
    long long audited = 0;
    *s << "SELECT computed_by FROM perfpay_schemes WHERE id = " + id, soci::into(by);
    *s << "SELECT COUNT(*) FROM core_audit WHERE record_type = 'perfpay.schemes' AND "
          "action = 'update' AND record_id = " +
              id,
        soci::into(audited);
    EXPECT_FALSE(by.empty());
    EXPECT_EQ(audited, 1);
  }
  EXPECT_EQ(lineCount(), 10);  // T01..T10
  // Computing again keeps it computed (its own step does not invalidate it).
  ASSERT_EQ(step("compute").exitCode, 0);
  EXPECT_EQ(status(), "computed");
  EXPECT_EQ(lineCount(), 10);
  // The same settings re-imported: nothing changes. Another pool: a draft without lines.
  ASSERT_EQ(importText("perfpay.schemes", "school,year,pool\nXH0001,2025,500000.00\n").exitCode, 0);
  EXPECT_EQ(status(), "computed");
  ASSERT_EQ(importText("perfpay.schemes", "school,year,pool\nXH0001,2025,400000.00\n").exitCode, 0);
  EXPECT_EQ(status(), "draft");
  EXPECT_EQ(lineCount(), 0);
}

TEST_F(Perfpay, InputsThatCannotReconcileAreClearErrors) {
  // XH0002's pool of 1,000.00 cannot pay 2,000.00 of allowances after its basic part.
  ASSERT_EQ(
      importText("perfpay.allowances", "year,staff_no,kind,months,monthly\n2025,U01,other,4,500\n")
          .exitCode,
      0);
  RunResult r = step("compute", "XH0002");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("XH0002 2025: allowances exceed the pool"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pool"), std::string::npos);
  RunResult all = tdr("run", "perfpay.compute", "--param", "year=2025");
  EXPECT_EQ(all.exitCode, 1) << "every school or none";
  auto s = dir_.openDb();
  long long lines = 0;
  *s << "SELECT COUNT(*) FROM perfpay_lines", soci::into(lines);
  EXPECT_EQ(lines, 0);
  RunResult unknown = step("compute", "NOPE");
  EXPECT_NE(unknown.err.find("unknown core.schools code 'NOPE'"), std::string::npos);
  RunResult none =
      tdr("run", "perfpay.compute", "--param", "school=XH0003", "--param", "year=2025");
  EXPECT_NE(none.err.find("no 2025 scheme for XH0003"), std::string::npos) << none.err;
}

TEST_F(Perfpay, RotationAllowanceAndTrainingFactorComeFromTheirPlugins) {
  ASSERT_EQ(importText("perfpay.schemes",
                       "school,year,pool,rotation_monthly,training_factor_percent\n"
                       "XH0001,2025,500000.00,300,90\n")
                .exitCode,
            0);
  // T05 works at XH0002 from March 2025: ten months of the year cover their 15th.
  ASSERT_EQ(importText("rotation.assignments",
                       "staff_no,kind,host_school,start_on,planned_end,batch_year\n"
                       "T05,exchange,XH0002,2025-03-01,2026-02-28,2025\n")
                .exitCode,
            0);
  // T01 has the cycle's 360 hours by 2025; everybody else is behind.
  ASSERT_EQ(importText("training.records",
                       "staff_no,title,provider,level,category,hours,completed_on,external_ref\n"
                       "T01,研修一,区教师发展中心,district,subject,180,2023-05-01,P1\n"
                       "T01,研修二,区教师发展中心,district,subject,180,2024-05-01,P2\n")
                .exitCode,
            0);
  RunResult r = step("compute");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("\"rotation\": \"3000.00\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"pool\": \"500000.00\""), std::string::npos) << r.out;
  auto lines = reportCsv("perfpay.sheet", {"school=XH0001", "year=2025", "headers=en"});
  std::string t01, t02, t05;
  for (const auto& l : lines) {
    if (l.rfind("T01,", 0) == 0) t01 = l;
    if (l.rfind("T02,", 0) == 0) t02 = l;
    if (l.rfind("T05,", 0) == 0) t05 = l;
  }
  EXPECT_NE(t05.find(",3000.00,"), std::string::npos) << t05;
  EXPECT_NE(t05.find("轮岗补贴: 10 月 × 300.00"), std::string::npos) << t05;
  EXPECT_EQ(t01.find("培训学时未达进度"), std::string::npos) << t01;
  EXPECT_NE(t02.find("培训学时未达进度 90%"), std::string::npos) << t02;
}

}  // namespace
