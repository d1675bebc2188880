// The studios plugin end to end on real databases: membership rules, attendance credited to
// training hours exactly once (saved twice, imported twice, deleted), evaluation dissolving a
// studio, a studio host's reach, and load order without the training plugin.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>

#include "app/runtime.h"
#include "records/record_service.h"
#include "test_support.h"

namespace {

using tdr::test::RunResult;
using tdr::test::runTdr;
using tdr::test::TempDir;

class Studios : public ::testing::Test, protected tdr::test::CliDistrict {
 protected:
  Studios() : CliDistrict("2025-06-30") {}
  void SetUp() override {
    ASSERT_EQ(tdr("init").exitCode, 0);
    ASSERT_EQ(importText("core.schools", tdr::test::schoolsCsv()).exitCode, 0);
    ASSERT_EQ(importText("core.teachers",
                         "staff_no,name,home_school,hire_date,status\n"
                         "H1,名师甲,XH0001,2000-09-01,active\nH2,名师乙,XH0002,2001-09-01,active\n"
                         "M1,成员一,XH0001,2015-09-01,active\nM2,成员二,XH0002,2016-09-01,active\n"
                         "M3,成员三,XH0003,2017-09-01,active\nM4,成员四,XH0003,2018-09-01,active\n"
                         "R1,退休,XH0001,1985-09-01,retired\n")
                  .exitCode,
              0);
    ASSERT_EQ(importText("studios.studios",
                         "code,name,level,host,subject,school,cycle_start,cycle_end,funding,"
                         "capacity\n"
                         "S1,甲名师工作室,district,H1,语文,XH0001,2024-09-01,2027-08-31,50000,3\n"
                         "S2,乙名师工作室,school,H2,数学,XH0002,2022-01-01,2024-12-31,20000,5\n")
                  .exitCode,
              0);
    ASSERT_EQ(importText("studios.members",
                         "studio,staff_no,role,joined_on\nS1,M1,core,2024-09-01\n"
                         "S1,M2,apprentice,2024-10-01\n")
                  .exitCode,
              0);
    ASSERT_EQ(importText("studios.activities",
                         "code,studio,kind,title,held_on,hours\n"
                         "A1,S1,demonstration,整本书阅读示范课,2024-11-05,3\n"
                         "A2,S1,outreach,送教下乡,2025-03-12,4.5\n")
                  .exitCode,
              0);
  }
  // Studio-credited training hours of a teacher (tenths) and how many records hold them.
  std::pair<long long, long long> credited(const std::string& staff) {
    auto s = dir_.openDb();
    long long x10 = 0, n = 0;
    *s << "SELECT COALESCE(SUM(r.hours_x10), 0), COUNT(*) FROM training_records r JOIN "
          "core_teachers t ON t.id = r.teacher_id WHERE t.staff_no = :s AND r.source = 'plugin' "
          "AND "
          "r.provider = '名师工作室' AND r.external_ref LIKE 'studios:%'",
        soci::use(staff), soci::into(x10), soci::into(n);
    return {x10, n};
  }
};

TEST_F(Studios, AttendanceCreditsTrainingHoursExactlyOnce) {
  const std::string file = "activity,staff_no\nA1,M1\nA1,M2\nA2,M1\nA1,H1\n";
  ASSERT_EQ(importText("studios.attendance", file).exitCode, 0);
  EXPECT_EQ(credited("M1"), std::make_pair(75LL, 2LL));  // 3 + 4.5 学时
  EXPECT_EQ(credited("M2"), std::make_pair(30LL, 1LL));
  EXPECT_EQ(credited("H1"), std::make_pair(30LL, 1LL));  // the host attends too
  // Importing the same file again adds nothing.
  RunResult again = importText("studios.attendance", file);
  ASSERT_EQ(again.exitCode, 0);
  EXPECT_NE(again.out.find("0 new, 0 changed, 4 unchanged"), std::string::npos) << again.out;
  EXPECT_EQ(credited("M1"), std::make_pair(75LL, 2LL));
  // A corrected activity corrects every attendee's credit, still one record each.
  ASSERT_EQ(importText("studios.activities",
                       "code,studio,kind,title,held_on,hours\n"
                       "A1,S1,demonstration,整本书阅读示范课,2024-11-05,2.5\n")
                .exitCode,
            0);
  EXPECT_EQ(credited("M1"), std::make_pair(70LL, 2LL));
  EXPECT_EQ(credited("M2"), std::make_pair(25LL, 1LL));
  // The credit shows in the training transcript as studio hours.
  RunResult transcript = tdr("report", "training.transcript", "--param", "staff_no=M1", "--param",
                             "year=2025", "--format", "csv");
  EXPECT_NE(transcript.out.find("甲名师工作室·送教下乡"), std::string::npos) << transcript.out;
}

TEST_F(Studios, AnImportCannotOverwriteAStudioCredit) {
  ASSERT_EQ(importText("studios.attendance", "activity,staff_no\nA1,M1\n").exitCode, 0);
  ASSERT_EQ(credited("M1"), std::make_pair(30LL, 1LL));  // A1: 3 学时
  std::string ref, provider;
  {
    auto s = dir_.openDb();
    *s << "SELECT external_ref, provider FROM training_records WHERE source = 'plugin'",
        soci::into(ref), soci::into(provider);
  }
  // The credit names the plugin by the title it declared; its reference carries the plugin id.
  EXPECT_EQ(provider, "名师工作室");
  EXPECT_EQ(ref.rfind("studios:", 0), 0u) << ref;
  // A training centre's file with the same provider and external reference: the row is
  // refused naming the plugin, and the credit keeps its 3 学时 (not 1).
  RunResult overwrite =
      importText("training.records",
                 "staff_no,title,provider,level,category,hours,completed_on,external_ref\n"
                 "M1,改写," +
                     provider + ",district,research,1,2024-11-05," + ref + "\n");
  EXPECT_EQ(overwrite.exitCode, 1) << overwrite.out;
  EXPECT_NE(overwrite.out.find("credited by plugin studios (名师工作室)"), std::string::npos)
      << overwrite.out;
  EXPECT_EQ(credited("M1"), std::make_pair(30LL, 1LL));
}

TEST_F(Studios, SavingTwiceAndDeletingThroughTheApiServiceNeverDoubleCounts) {
  ASSERT_EQ(importText("studios.attendance", "activity,staff_no\nA1,M1\n").exitCode, 0);
  auto db = dir_.openDb();
  long long id = 0;
  *db << "SELECT id FROM studios_attendance", soci::into(id);
  // Re-saving the same attendance (a corrected file with the same row) changes nothing.
  ASSERT_EQ(importText("studios.attendance", "activity,staff_no\nA1,M1\n").exitCode, 0);
  EXPECT_EQ(credited("M1"), std::make_pair(30LL, 1LL));
  // Deleting the attendance withdraws its credit (through the HTTP service path: tdr has no
  // delete command, so this goes through the same RecordService the API uses).
  {
    tdr::host::RuntimeOptions o;
    o.dbUrl = url_;
    o.pluginDir = tdr::test::builtinPluginsDir();
    tdr::host::Runtime rt(o);
    tdr::User hr;
    hr.login = "hr1";
    hr.role = "hr_officer";
    auto ctx = rt.context(rt.session(), hr);
    tdr::host::RecordService svc(*ctx, rt.registry(),
                                 rt.registry().requireRecordType("studios.attendance"),
                                 rt.nationalIdKey());
    svc.remove(id);
  }
  EXPECT_EQ(credited("M1"), std::make_pair(0LL, 0LL));
  // Attending again credits once more, once.
  ASSERT_EQ(importText("studios.attendance", "activity,staff_no\nA1,M1\n").exitCode, 0);
  ASSERT_EQ(importText("studios.attendance", "activity,staff_no\nA1,M1\n").exitCode, 0);
  EXPECT_EQ(credited("M1"), std::make_pair(30LL, 1LL));
}

TEST_F(Studios, RulesNameTheFieldAndTheReason) {
  struct Case {
    std::string type, csv, field, reason;
  };
  std::vector<Case> cases = {
      {"studios.attendance", "activity,staff_no\nA1,M3\n", "staff_no",
       "M3 was not a member of studio S1 on 2024-11-05"},
      {"studios.attendance", "activity,staff_no\nA1,M2\nA2,M4\n", "staff_no", "not a member"},
      {"studios.members", "studio,staff_no,role,joined_on\nS2,M2,apprentice,2024-01-01\n",
       "staff_no", "already an apprentice in 1 active studio(s) (at most 1)"},
      {"studios.members", "studio,staff_no,role,joined_on\nS1,R1,core,2024-09-01\n", "staff_no",
       "R1 is not an active teacher (retired)"},
      {"studios.members", "studio,staff_no,role,joined_on\nS1,H1,core,2024-09-01\n", "staff_no",
       "is the studio's host"},
      {"studios.studios",
       "code,name,level,host,school,cycle_start,cycle_end\nS3,丙,school,H1,XH0001,2025-01-01,"
       "2027-12-31\n",
       "host", "H1 already hosts active studio S1 (at most 1)"},
      {"studios.studios",
       "code,name,level,host,school,cycle_start,cycle_end\nS4,丁,school,M4,XH0003,2025-01-01,"
       "2024-12-31\n",
       "cycle_end", "must be after cycle_start"},
      {"studios.activities",
       "code,studio,kind,title,held_on,hours\nA9,S1,lecture,讲座,2028-01-01,2\n", "held_on",
       "outside the studio's cycle"},
      {"studios.studios",
       "code,name,level,host,school,cycle_start,cycle_end,evaluation\nS1,甲名师工作室,district,H1,"
       "XH0001,2024-09-01,2027-08-31,excellent\n",
       "evaluation", "at the end of the cycle"},
  };
  for (const auto& c : cases) {
    RunResult r = importText(c.type, c.csv);
    EXPECT_EQ(r.exitCode, 1) << c.csv;
    std::string all = r.out + r.err;
    EXPECT_NE(all.find("field " + c.field), std::string::npos) << c.csv << "\n" << all;
    EXPECT_NE(all.find(c.reason), std::string::npos) << c.csv << "\n" << all;
  }
  // Capacity 3: M1, M2 and one more; the fourth is refused.
  ASSERT_EQ(importText("studios.members", "studio,staff_no,role,joined_on\nS1,M3,core,2025-01-01\n")
                .exitCode,
            0);
  RunResult full =
      importText("studios.members", "studio,staff_no,role,joined_on\nS1,M4,core,2025-01-01\n");
  EXPECT_NE((full.out + full.err).find("studio S1 is full (capacity 3)"), std::string::npos)
      << full.out << full.err;
  // A member who left can make room; leaving is always possible.
  ASSERT_EQ(importText("studios.members",
                       "studio,staff_no,role,joined_on,left_on\nS1,M3,core,2025-01-01,2025-03-01\n")
                .exitCode,
            0);
  EXPECT_EQ(importText("studios.members", "studio,staff_no,role,joined_on\nS1,M4,core,2025-01-01\n")
                .exitCode,
            0);
  // The apprentice limit is configurable.
  ASSERT_EQ(importText("studios.rules", "key,value\nmax_apprenticeships,2\n").exitCode, 0);
  EXPECT_EQ(
      importText("studios.members", "studio,staff_no,role,joined_on\nS2,M2,apprentice,2024-01-01\n")
          .exitCode,
      0);
}

TEST_F(Studios, UnqualifiedEvaluationDissolvesTheStudio) {
  ASSERT_EQ(importText("studios.studios",
                       "code,name,level,host,school,cycle_start,cycle_end,evaluation\n"
                       "S2,乙名师工作室,school,H2,XH0002,2022-01-01,2024-12-31,unqualified\n")
                .exitCode,
            0);
  auto db = dir_.openDb();
  std::string status, on;
  *db << "SELECT status, evaluated_on FROM studios_studios WHERE code = 'S2'", soci::into(status),
      soci::into(on);
  EXPECT_EQ(status, "dissolved");
  EXPECT_EQ(on, "2025-06-30");
  RunResult member =
      importText("studios.members", "studio,staff_no,role,joined_on\nS2,M3,core,2024-06-01\n");
  EXPECT_NE(
      (member.out + member.err).find("studio S2 is dissolved (evaluated 不合格): no new members"),
      std::string::npos)
      << member.out << member.err;
  RunResult activity =
      importText("studios.activities",
                 "code,studio,kind,title,held_on,hours\nB1,S2,lecture,讲座,2024-06-01,2\n");
  EXPECT_NE((activity.out + activity.err).find("no new activities"), std::string::npos);
  // The host may open a new studio now (the dissolved one no longer counts).
  EXPECT_EQ(importText("studios.studios",
                       "code,name,level,host,school,cycle_start,cycle_end\n"
                       "S5,乙新工作室,school,H2,XH0002,2025-01-01,2027-12-31\n")
                .exitCode,
            0);
}

TEST_F(Studios, ReportsSummaryMemberHoursAndOutputs) {
  ASSERT_EQ(importText("studios.attendance", "activity,staff_no\nA1,M1\nA1,M2\nA2,M1\n").exitCode,
            0);
  ASSERT_EQ(importText("studios.outputs",
                       "code,studio,kind,title,staff_no,produced_on,level\n"
                       "O1,S1,paper,整本书阅读策略,M1,2025-04-01,municipal\n")
                .exitCode,
            0);
  RunResult summary = tdr("report", "studios.summary", "--param", "studio=S1", "--format", "csv");
  EXPECT_NE(
      summary.out.find("S1,甲名师工作室,district,H1,2024-09-01..2027-08-31,active,1,1,2,7.5,3,"
                       "10.5,1,"),
      std::string::npos)
      << summary.out;
  RunResult hours =
      tdr("report", "studios.member_hours", "--param", "studio=S1", "--format", "csv");
  EXPECT_NE(hours.out.find("M1,成员一,core,2024-09-01,,2,7.5"), std::string::npos) << hours.out;
  EXPECT_NE(hours.out.find("M2,成员二,apprentice,2024-10-01,,1,3"), std::string::npos) << hours.out;
  RunResult outputs = tdr("report", "studios.outputs", "--format", "csv");
  EXPECT_NE(outputs.out.find("S1,O1,paper,整本书阅读策略,M1,2025-04-01,municipal"),
            std::string::npos);
  RunResult bad = tdr("report", "studios.member_hours", "--param", "studio=NOPE");
  EXPECT_NE(bad.err.find("unknown studio code 'NOPE'"), std::string::npos);
}

TEST_F(Studios, RefusedWithAReasonWhenTrainingIsAbsent) {
  TempDir alone;
  std::filesystem::create_directories(alone.file("plugins"));
  std::filesystem::copy_file(tdr::test::builtinPluginsDir() + "/studios.so",
                             alone.file("plugins/studios.so"));
  std::vector<std::string> base = {"--db", alone.dbUrl("a.db"),
                                   "--plugins=" + alone.file("plugins")};
  auto run = [&](const std::string& command) {
    auto args = base;
    args.push_back(command);
    return runTdr(args);
  };
  EXPECT_EQ(run("init").exitCode, 0) << "the other plugins keep working";
  RunResult r = run("plugins");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("studios"), std::string::npos);
  EXPECT_NE(r.out.find("refused: missing dependency 'training >=1.0'"), std::string::npos) << r.out;
}

}  // namespace
