// The ethics plugin end to end on real databases: sanctions and their periods, the appraisal
// rule, the veto other plugins ask for, and who sees which details.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>

#include "app/runtime.h"
#include "records/record_service.h"
#include "test_support.h"

namespace {

using tdr::test::RunResult;
using tdr::test::runTdr;
using tdr::test::TempDir;

class Ethics : public ::testing::Test, protected tdr::test::CliDistrict {
 protected:
  Ethics() : CliDistrict("2025-06-30") {}
  void SetUp() override {
    ASSERT_EQ(tdr("init").exitCode, 0);
    ASSERT_EQ(importText("core.schools", tdr::test::schoolsCsv()).exitCode, 0);
    ASSERT_EQ(importText("core.teachers",
                         "staff_no,name,home_school,hire_date\n"
                         "A1,甲,XH0001,2010-09-01\nB1,乙,XH0001,2012-09-01\n"
                         "C1,丙,XH0002,2015-09-01\n")
                  .exitCode,
              0);
  }
  std::string veto(const std::string& staff, const std::string& date,
                   const std::string& purpose = "") {
    RunResult r = purpose.empty() ? tdr("run", "ethics.veto", "--param", "staff_no=" + staff,
                                        "--param", "date=" + date)
                                  : tdr("run", "ethics.veto", "--param", "staff_no=" + staff,
                                        "--param", "date=" + date, "--param", "purpose=" + purpose);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.out;
  }
};

constexpr const char* kEvents =
    "case_no,staff_no,kind,category,occurred_on,description,status,handling\n"
    "K1,A1,violation,practice,2024-01-10,有偿补课,confirmed,warning\n"
    "K2,B1,violation,conduct,2024-03-01,言行失范,dismissed,demerit\n"
    "K3,C1,commendation,,2024-05-01,抗洪救灾,confirmed,\n";

TEST_F(Ethics, SanctionGetsItsEffectPeriodAndVetoesOnlyWhileConfirmedAndInEffect) {
  RunResult r = importText("ethics.events", kEvents);
  ASSERT_EQ(r.exitCode, 0) << r.out;
  {
    auto s = dir_.openDb();
    std::string until;
    *s << "SELECT effect_until FROM ethics_events WHERE case_no = 'K1'", soci::into(until);
    EXPECT_EQ(until, "2024-07-09");  // 警告: 6 months
  }
  EXPECT_NE(veto("A1", "2024-07-09").find("\"vetoed\": true"), std::string::npos);
  EXPECT_NE(veto("A1", "2024-07-09").find("sanction_in_effect"), std::string::npos);
  EXPECT_NE(veto("A1", "2024-07-10").find("\"vetoed\": false"), std::string::npos);
  EXPECT_NE(veto("B1", "2024-06-01").find("\"vetoed\": false"), std::string::npos)
      << "a dismissed violation never vetoes";
  // An appeal that succeeds lifts the veto.
  ASSERT_EQ(importText("ethics.events",
                       "case_no,staff_no,kind,category,occurred_on,status,handling\n"
                       "K1,A1,violation,practice,2024-01-10,appealed,warning\n")
                .exitCode,
            0);
  EXPECT_NE(veto("A1", "2024-03-01").find("\"vetoed\": false"), std::string::npos);
  // The answer names no details.
  EXPECT_EQ(veto("A1", "2024-03-01").find("有偿补课"), std::string::npos);
}

TEST_F(Ethics, ConfirmedViolationCapsTheAppraisalBelowExcellentAndUnqualifiedVetoes) {
  ASSERT_EQ(importText("ethics.events", kEvents).exitCode, 0);
  RunResult excellent =
      importText("ethics.appraisals", "staff_no,year,grade\nA1,2024,优秀\nB1,2024,优秀\n");
  EXPECT_EQ(excellent.exitCode, 1);
  EXPECT_NE(excellent.out.find(
                "line 2, field grade: 优秀 is not possible: confirmed violation K1 in 2024"),
            std::string::npos)
      << excellent.out;
  RunResult fine = importText("ethics.appraisals",
                              "staff_no,year,grade\nA1,2024,合格\nB1,2024,优秀\nC1,2024,不合格\n");
  ASSERT_EQ(fine.exitCode, 0) << fine.out;
  std::string c = veto("C1", "2025-06-30");
  EXPECT_NE(c.find("\"vetoed\": true"), std::string::npos) << c;
  EXPECT_NE(c.find("\"until\": \"2025-12-31\""), std::string::npos) << c;
  EXPECT_NE(c.find("appraisal_unqualified"), std::string::npos) << c;
  EXPECT_NE(veto("C1", "2026-01-01").find("\"vetoed\": false"), std::string::npos);
}

TEST_F(Ethics, TheVetoAnswersForItsPurposeAndTheYearsPolicy) {
  ASSERT_EQ(importText("ethics.events", kEvents).exitCode, 0);
  ASSERT_EQ(importText("ethics.appraisals", "staff_no,year,grade\nC1,2024,不合格\n").exitCode, 0);
  auto vetoed = [](const std::string& out) { return out.find("\"vetoed\": true") != out.npos; };
  // C1's 2024 不合格, asked on 2025-06-30. Pay: its own year only (2024-01-01..2024-12-31),
  // so no; honours and promotion: its year and the next, through 2025-12-31; not saying
  // which: the broadest, as before.
  EXPECT_FALSE(vetoed(veto("C1", "2025-06-30", "pay")));
  EXPECT_TRUE(vetoed(veto("C1", "2024-11-01", "pay")));
  std::string honours = veto("C1", "2025-06-30", "honours");
  EXPECT_TRUE(vetoed(honours));
  EXPECT_NE(honours.find("\"until\": \"2025-12-31\""), std::string::npos) << honours;
  EXPECT_TRUE(vetoed(veto("C1", "2025-06-30", "promotion")));
  EXPECT_TRUE(vetoed(veto("C1", "2025-06-30")));
  // The district's 2025 policy: pay vetoed for the year after too; honours 6 months past a
  // sanction's end. A1's warning of 2024-01-10 is in effect through 2024-07-09; 6 months more
  // is through 2025-01-09 — asked in 2025, under the 2025 policy.
  ASSERT_EQ(
      importText("ethics.policies", "year,pay_appraisal_years,honours_sanction_months\n2025,1,6\n")
          .exitCode,
      0);
  std::string pay = veto("C1", "2025-06-30", "pay");
  EXPECT_TRUE(vetoed(pay)) << pay;
  EXPECT_NE(pay.find("\"until\": \"2025-12-31\""), std::string::npos) << pay;
  std::string a1 = veto("A1", "2025-01-09", "honours");
  EXPECT_TRUE(vetoed(a1)) << a1;
  EXPECT_NE(a1.find("\"until\": \"2025-01-09\""), std::string::npos) << a1;
  EXPECT_FALSE(vetoed(veto("A1", "2025-01-10", "honours")));
  EXPECT_FALSE(vetoed(veto("A1", "2025-01-09", "pay"))) << "pay: while in effect only";
  // A purpose nobody declared is refused, naming the parameter.
  RunResult bad = tdr("run", "ethics.veto", "--param", "staff_no=C1", "--param", "purpose=fun");
  EXPECT_NE(bad.exitCode, 0);
  EXPECT_NE(bad.err.find("purpose"), std::string::npos) << bad.err;
}

TEST_F(Ethics, ViolationNeedsAGuidelineAndBadRowsAreNamed) {
  RunResult r = importText("ethics.events",
                           "case_no,staff_no,kind,category,occurred_on,handling\n"
                           "K9,A1,violation,,2024-01-10,warning\n"
                           "K8,A1,violation,gossip,2024-01-10,warning\n"
                           "K7,A1,commendation,,2026-01-10,\n");
  EXPECT_EQ(r.exitCode, 1);
  for (const char* e : {"line 2, field category: a violation names one of the ten guidelines",
                        "line 3, field category: 'gossip' is not one of",
                        "line 4, field occurred_on: is in the future"})
    EXPECT_NE(r.out.find(e), std::string::npos) << e << "\n" << r.out;
}

TEST_F(Ethics, DetailsOnlyForEthicsOfficers) {
  ASSERT_EQ(importText("ethics.events", kEvents).exitCode, 0);
  setenv("TDR_TODAY", "2025-06-30", 1);
  tdr::host::RuntimeOptions o;
  o.dbUrl = url_;
  o.pluginDir = tdr::test::builtinPluginsDir();
  tdr::host::Runtime rt(o);
  long long k1 = 0;
  {
    auto s = dir_.openDb();
    *s << "SELECT id FROM ethics_events WHERE case_no = 'K1'", soci::into(k1);
  }
  auto view = [&](const std::string& role, std::optional<long long> school) {
    tdr::User u;
    u.login = role;
    u.role = role;
    u.schoolId = school;
    auto ctx = rt.context(rt.session(), u);
    tdr::host::RecordService svc(
        *ctx, rt.registry(), rt.registry().requireRecordType("ethics.events"), rt.nationalIdKey());
    return svc.get(k1);
  };
  std::string officer = view("ethics_officer", std::nullopt);
  EXPECT_NE(officer.find("有偿补课"), std::string::npos) << officer;
  EXPECT_NE(officer.find("\"handling\": \"warning\""), std::string::npos) << officer;
  std::string hr = view("hr_officer", std::nullopt);
  EXPECT_EQ(hr.find("有偿补课"), std::string::npos) << hr;
  EXPECT_NE(hr.find("\"description_present\": true"), std::string::npos) << hr;
  EXPECT_NE(hr.find("\"handling_present\": true"), std::string::npos) << hr;
  std::string schoolAdmin = view("school_admin", 1);  // XH0001, A1's school
  EXPECT_EQ(schoolAdmin.find("有偿补课"), std::string::npos) << schoolAdmin;
  std::string auditor = view("auditor", std::nullopt);  // reads everything, changes nothing
  EXPECT_NE(auditor.find("有偿补课"), std::string::npos) << auditor;
  EXPECT_THROW(view("teacher", std::nullopt), tdr::Error);  // no ethics:read
}

}  // namespace

namespace {

TEST_F(Ethics, ReportsCountConfirmedViolationsDisclosuresAndGrades) {
  ASSERT_EQ(importText("ethics.events",
                       "case_no,staff_no,kind,category,occurred_on,status,handling,disclosed\n"
                       "K1,A1,violation,practice,2024-01-10,confirmed,warning,是\n"
                       "K2,B1,violation,practice,2024-03-01,confirmed,criticism,否\n"
                       "K3,C1,violation,conduct,2024-04-01,dismissed,,否\n")
                .exitCode,
            0);
  ASSERT_EQ(importText("ethics.appraisals",
                       "staff_no,year,grade\nA1,2024,合格\nB1,2024,优秀\nC1,2024,不合格\n")
                .exitCode,
            1)
      << "B1 has a confirmed violation in 2024";
  ASSERT_EQ(importText("ethics.appraisals",
                       "staff_no,year,grade\nA1,2024,合格\nB1,2024,基本合格\nC1,2024,优秀\n")
                .exitCode,
            0);
  RunResult v = tdr("report", "ethics.violations", "--param", "year=2024", "--format", "csv");
  EXPECT_NE(v.out.find("XH0001,practice,2"), std::string::npos) << v.out;
  EXPECT_EQ(v.out.find("conduct"), std::string::npos) << "dismissed cases are not counted";
  // In Chinese the guideline reads as its label (declared with Registrar::reportChoices).
  auto zh = reportCsv("ethics.violations", {"year=2024"}, {"TDR_LANG=zh"});
  EXPECT_NE(std::find(zh.begin(), zh.end(), "XH0001,规范从教行为,2"), zh.end()) << zh.back();
  RunResult d = tdr("report", "ethics.disclosures", "--param", "from=2024-01-01", "--param",
                    "to=2024-12-31", "--format", "csv");
  EXPECT_NE(d.out.find("K1,"), std::string::npos) << d.out;
  EXPECT_EQ(d.out.find("K2"), std::string::npos) << d.out;
  RunResult a =
      tdr("report", "ethics.appraisal_distribution", "--param", "year=2024", "--format", "csv");
  EXPECT_NE(a.out.find("XH0001,0,1,1,0"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("XH0002,1,0,0,0"), std::string::npos) << a.out;
  EXPECT_EQ(tdr("report", "ethics.violations", "--param", "year=24").exitCode, 1);
}

}  // namespace

namespace {

TEST_F(Ethics, AdmissionCheckThatFoundARecordBlocksHiringWithoutDetails) {
  std::string flagged = tdr::test::nationalIdFromBody("32010519900101123");
  std::string fine = tdr::test::nationalIdFromBody("32010519910202124");
  RunResult checks = importText("ethics.checks",
                                "reference,national_id,staff_no,queried_on,result\n"
                                "Q1," +
                                    flagged +
                                    ",,2025-05-01,record_found\n"
                                    "Q2," +
                                    fine +
                                    ",,2025-05-02,clear\n"
                                    "Q3,,A1,2024-05-01,clear\n"
                                    "Q4,,B1,2025-01-10,clear\n"
                                    "Q5,,,2025-01-10,clear\n");
  EXPECT_EQ(checks.exitCode, 1) << "Q5 names no one";
  EXPECT_NE(checks.out.find("line 6, field national_id: give the candidate's national ID or the "
                            "staff_no"),
            std::string::npos)
      << checks.out;
  checks = importText("ethics.checks",
                      "reference,national_id,staff_no,queried_on,result\n"
                      "Q1," +
                          flagged +
                          ",,2025-05-01,record_found\n"
                          "Q2," +
                          fine +
                          ",,2025-05-02,clear\n"
                          "Q3,,A1,2024-05-01,clear\nQ4,,B1,2025-01-10,clear\n");
  ASSERT_EQ(checks.exitCode, 0) << checks.out;
  RunResult hire = importText("core.teachers",
                              "staff_no,name,home_school,national_id\n"
                              "N1,新甲,XH0001," +
                                  flagged + "\nN2,新乙,XH0001," + fine + "\n");
  EXPECT_EQ(hire.exitCode, 1);
  EXPECT_NE(hire.out.find("line 2, field national_id: cannot be hired: the admission check "
                          "(准入查询) of this national ID found a record"),
            std::string::npos)
      << hire.out;
  EXPECT_EQ(hire.out.find("line 3"), std::string::npos) << "the cleared candidate is fine";
  RunResult partial = importText("core.teachers",
                                 "staff_no,name,home_school,national_id\n"
                                 "N2,新乙,XH0001," +
                                     fine + "\n");
  EXPECT_EQ(partial.exitCode, 0) << partial.out;
  // Staff not checked in the 12 months before 2025-06-30: A1 (2024-05-01), C1 (never), N2
  // (checked as a candidate on 2025-05-02, by national ID: not due).
  RunResult due = tdr("report", "ethics.checks_due", "--format", "csv");
  EXPECT_NE(due.out.find("A1,甲,XH0001,2024-05-01"), std::string::npos) << due.out;
  EXPECT_NE(due.out.find("C1,丙,XH0002,"), std::string::npos) << due.out;
  EXPECT_EQ(due.out.find("B1"), std::string::npos) << due.out;
  EXPECT_EQ(due.out.find("N2"), std::string::npos) << due.out;
  // Results are for ethics officers: others get only whether there is one.
  RunResult exported = runTdr({"--db", url_, "--plugins=" + tdr::test::builtinPluginsDir(),
                               "export", "ethics.checks", "--format", "json"});
  EXPECT_NE(exported.out.find("record_found"), std::string::npos) << "the CLI operator is admin";
}

}  // namespace

namespace {

TEST_F(Ethics, TheExcellentCapHoldsInBothOrdersAndExportsReimport) {
  // 优秀 first, then a violation of the same year: the confirmation is refused naming the
  // appraisal (by import and by the record action alike); it stays open until the appraisal is
  // revised.
  ASSERT_EQ(importText("ethics.appraisals", "staff_no,year,grade\nA1,2024,优秀\n").exitCode, 0);
  RunResult imported = importText("ethics.events",
                                  "case_no,staff_no,kind,category,occurred_on,status,handling\n"
                                  "X1,A1,violation,practice,2024-03-01,confirmed,warning\n");
  EXPECT_EQ(imported.exitCode, 1);
  EXPECT_NE(imported.out.find("2024 appraisal"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("is 优秀: revise that appraisal"), std::string::npos) << imported.out;
  ASSERT_EQ(importText("ethics.events",
                       "case_no,staff_no,kind,category,occurred_on\n"
                       "X1,A1,violation,practice,2024-03-01\n")
                .exitCode,
            0);
  long long id = 0;
  {
    auto s = dir_.openDb();
    *s << "SELECT id FROM ethics_events WHERE case_no = 'X1'", soci::into(id);
  }
  ASSERT_EQ(tdr("run", "ethics.events.review", "--id", std::to_string(id)).exitCode, 0);
  RunResult confirm = tdr("run", "ethics.events.confirm", "--id", std::to_string(id), "--param",
                          "handling=warning", "--param", "sanction_on=2024-04-01");
  EXPECT_NE(confirm.exitCode, 0);
  EXPECT_NE(confirm.err.find("revise that appraisal"), std::string::npos) << confirm.err;
  // Revised to 合格, the confirmation goes through; 优秀 is then refused as before.
  ASSERT_EQ(importText("ethics.appraisals", "staff_no,year,grade\nA1,2024,合格\n").exitCode, 0);
  ASSERT_EQ(tdr("run", "ethics.events.confirm", "--id", std::to_string(id), "--param",
                "handling=warning", "--param", "sanction_on=2024-04-01")
                .exitCode,
            0);
  EXPECT_EQ(importText("ethics.appraisals", "staff_no,year,grade\nA1,2024,优秀\n").exitCode, 1);
  // Both exports import again unchanged.
  for (const char* type : {"ethics.appraisals", "ethics.events"}) {
    const std::string file = dir_.file(std::string(type) + ".csv");
    ASSERT_EQ(tdr("export", type, "--out", file).exitCode, 0) << type;
    RunResult again = tdr("import", type, file);
    EXPECT_EQ(again.exitCode, 0) << type << ": " << again.out << again.err;
    EXPECT_NE(again.out.find("0 new, 0 changed"), std::string::npos) << again.out;
  }
}

TEST_F(Ethics, StatusFollowsTheWorkflow) {
  ASSERT_EQ(importText("ethics.events",
                       "case_no,staff_no,kind,category,occurred_on,status\n"
                       "W1,A1,violation,conduct,2024-01-10,reported\n"
                       "W2,B1,violation,conduct,2024-01-10,dismissed\n")
                .exitCode,
            0);
  RunResult ok = importText("ethics.events",
                            "case_no,staff_no,kind,category,occurred_on,status\n"
                            "W1,A1,violation,conduct,2024-01-10,under_review\n");
  EXPECT_EQ(ok.exitCode, 0) << ok.out;
  RunResult back = importText("ethics.events",
                              "case_no,staff_no,kind,category,occurred_on,status\n"
                              "W1,A1,violation,conduct,2024-01-10,reported\n"
                              "W2,B1,violation,conduct,2024-01-10,confirmed\n");
  EXPECT_EQ(back.exitCode, 1);
  EXPECT_NE(back.out.find("line 2, field status: cannot go from under_review to reported"),
            std::string::npos)
      << back.out;
  EXPECT_NE(back.out.find("line 3, field status: cannot go from dismissed to confirmed"),
            std::string::npos)
      << back.out;
}

TEST_F(Ethics, CasesMoveThroughTheirDeclaredRecordActions) {
  ASSERT_EQ(importText("ethics.events",
                       "case_no,staff_no,kind,category,occurred_on,description\n"
                       "N1,A1,violation,practice,2025-01-10,有偿补课\n"
                       "N2,B1,violation,conduct,2025-02-01,言行失范\n")
                .exitCode,
            0);
  auto idOf = [&](const std::string& caseNo) {
    auto s = dir_.openDb();
    long long id = 0;
    *s << "SELECT id FROM ethics_events WHERE case_no = :c", soci::use(caseNo), soci::into(id);
    return std::to_string(id);
  };
  auto status = [&](const std::string& caseNo) {
    auto s = dir_.openDb();
    std::string st;
    *s << "SELECT status FROM ethics_events WHERE case_no = :c", soci::use(caseNo), soci::into(st);
    return st;
  };
  EXPECT_EQ(status("N1"), "reported");
  // The parameters are declared: `--help` names them.
  RunResult help = tdr("run", "ethics.events.confirm", "--help");
  EXPECT_NE(help.out.find("handling"), std::string::npos) << help.out;
  ASSERT_EQ(tdr("run", "ethics.events.review", "--id", idOf("N1")).exitCode, 0);
  EXPECT_EQ(status("N1"), "under_review");
  RunResult confirmed = tdr("run", "ethics.events.confirm", "--id", idOf("N1"), "--param",
                            "handling=warning", "--param", "sanction_on=2025-03-01");
  ASSERT_EQ(confirmed.exitCode, 0) << confirmed.out << confirmed.err;
  EXPECT_EQ(status("N1"), "confirmed");
  {
    auto s = dir_.openDb();
    std::string until;
    *s << "SELECT effect_until FROM ethics_events WHERE case_no = 'N1'", soci::into(until);
    EXPECT_EQ(until, "2025-08-31") << "the sanction's period follows from the confirmation";
  }
  EXPECT_NE(veto("A1", "2025-06-01").find("\"vetoed\": true"), std::string::npos);
  // A step the case's state does not allow is refused, naming the state; nothing changes.
  RunResult again = tdr("run", "ethics.events.dismiss", "--id", idOf("N1"));
  EXPECT_NE(again.exitCode, 0);
  EXPECT_NE(again.err.find("dismiss"), std::string::npos) << again.err;
  EXPECT_EQ(status("N1"), "confirmed");
  ASSERT_EQ(tdr("run", "ethics.events.appeal", "--id", idOf("N1")).exitCode, 0);
  EXPECT_EQ(status("N1"), "appealed");
  EXPECT_NE(veto("A1", "2025-06-01").find("\"vetoed\": false"), std::string::npos);
  ASSERT_EQ(tdr("run", "ethics.events.dismiss", "--id", idOf("N2")).exitCode, 0);
  EXPECT_EQ(status("N2"), "dismissed");
  // Every step is in the audit log.
  auto s = dir_.openDb();
  long long steps = 0;
  *s << "SELECT COUNT(*) FROM core_audit WHERE action LIKE 'action:%' AND record_type = "
        "'ethics.events'",
      soci::into(steps);
  EXPECT_EQ(steps, 4);
}

}  // namespace
