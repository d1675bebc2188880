// The training plugin end to end through the CLI on real databases: import edge cases,
// re-import, approval, crediting exactly once, and transcript/compliance numbers checked
// against hand-computed expectations on a small district.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <xlsxwriter.h>

#include "app/runtime.h"
#include "core/core_plugin.h"
#include "io/csv_reader.h"
#include "io/importer.h"
#include "test_support.h"

namespace {

using tdr::test::RunResult;
using tdr::test::runTdr;
using tdr::test::TempDir;

class Training : public ::testing::Test, protected tdr::test::CliDistrict {
 protected:
  Training() : CliDistrict("2027-06-30") {}
  void SetUp() override {
    ASSERT_EQ(tdr("init").exitCode, 0);
    ASSERT_EQ(importText("core.schools", tdr::test::schoolsCsv()).exitCode, 0);
    // A: hired long ago; B: hired this year (probation); C: hired last year.
    RunResult t = importText("core.teachers",
                             "staff_no,name,home_school,hire_date\n"
                             "A1,甲,XH0001,2010-09-01\n"
                             "B1,乙,XH0001,2027-02-01\n"
                             "C1,丙,XH0001,2026-09-01\n"
                             "D1,丁,XH0002,2012-09-01\n");
    ASSERT_EQ(t.exitCode, 0) << t.out;
  }
  long long count(const std::string& where) {
    auto s = dir_.openDb();
    long long n = -1;
    *s << "SELECT COUNT(*) FROM training_records WHERE " + where, soci::into(n);
    return n;
  }
  static constexpr const char* kHeader =
      "staff_no,course_code,title,provider,level,category,hours,completed_on,certificate_no,"
      "external_ref\n";
};

struct EdgeCase {
  std::string name;
  std::string rows;  // after the header; the first row is good
  std::string expected;
};

// ctest lists the case by its name, not by its bytes (which hold pointers and change per run).
void PrintTo(const EdgeCase& c, std::ostream* os) { *os << c.name; }

class TrainingImportEdge : public Training, public ::testing::WithParamInterface<EdgeCase> {};

TEST_P(TrainingImportEdge, BadRowIsNamedAndNothingIsWritten) {
  const EdgeCase& c = GetParam();
  RunResult r =
      importText("training.records",
                 std::string(kHeader) +
                     "A1,,师德讲座,区教师发展中心,district,ethics,2,2027-03-01,,G1\n" + c.rows);
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_NE(r.out.find(c.expected), std::string::npos) << c.expected << "\n" << r.out;
  EXPECT_EQ(count("1 = 1"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TrainingImportEdge,
    ::testing::Values(
        EdgeCase{"unknown_staff_no", "Z9,,x,区教师发展中心,district,ethics,2,2027-03-01,,E1\n",
                 "line 3, field staff_no: unknown core.teachers staff_no 'Z9'"},
        EdgeCase{"zero_hours", "A1,,x,区教师发展中心,district,ethics,0,2027-03-01,,E1\n",
                 "line 3, field hours: must be between 0.1 and 200"},
        EdgeCase{"too_many_hours", "A1,,x,区教师发展中心,district,ethics,200.5,2027-03-01,,E1\n",
                 "line 3, field hours: must be between 0.1 and 200"},
        EdgeCase{"negative_hours", "A1,,x,区教师发展中心,district,ethics,-2,2027-03-01,,E1\n",
                 "line 3, field hours: '-2' is not a number of hours"},
        EdgeCase{"two_decimals", "A1,,x,区教师发展中心,district,ethics,1.25,2027-03-01,,E1\n",
                 "line 3, field hours: '1.25' has more than one decimal place"},
        EdgeCase{"future_date", "A1,,x,区教师发展中心,district,ethics,2,2027-07-01,,E1\n",
                 "line 3, field completed_on: is in the future"},
        EdgeCase{"before_hire", "B1,,x,区教师发展中心,district,ethics,2,2027-01-15,,E1\n",
                 "line 3, field completed_on: is before the teacher's hire date 2027-02-01"},
        EdgeCase{"unknown_level", "A1,,x,区教师发展中心,county,ethics,2,2027-03-01,,E1\n",
                 "line 3, field level: 'county' is not one of"},
        EdgeCase{"unknown_category", "A1,,x,区教师发展中心,district,cooking,2,2027-03-01,,E1\n",
                 "line 3, field category: 'cooking' is not one of"},
        EdgeCase{"duplicate_external_ref",
                 "C1,,x,区教师发展中心,district,ethics,2,2027-03-01,,G1\n",
                 "line 3, field external_ref: duplicates line 2 (same provider + external_ref)"},
        EdgeCase{"no_course_or_title", "A1,,,区教师发展中心,district,ethics,2,2027-03-01,,E1\n",
                 "line 3, field title: give a course_code or a title"}),
    [](const ::testing::TestParamInfo<EdgeCase>& info) { return info.param.name; });

TEST_F(Training, ChineseHeadersAndGb18030) {
  std::string csv =
      "工号,培训名称,培训机构,培训级别,培训类别,学时,完成日期,外部编号\r\n"
      "A1,班主任工作,市教科院,市级,学科教学,3.5,2027/4/1,M1\r\n";
  std::string f = dir_.file("gbk.csv");
  tdr::test::writeFile(f, tdr::test::toGb18030(csv));
  RunResult r = tdr("import", "training.records", f);
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_EQ(count("hours_x10 = 35 AND level = 'municipal' AND category = 'subject' AND "
                  "completed_on = '2027-04-01'"),
            1);
}

// A workbook as Excel writes one: shared strings, numbers, and date cells with a date format.
TEST_F(Training, XlsxWorkbookImports) {
  std::string path = dir_.file("hours.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "学时");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  const char* header[] = {"工号",     "培训名称", "培训机构", "培训级别",
                          "培训类别", "学时",     "完成日期", "外部编号"};
  for (int c = 0; c < 8; ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c], nullptr);
  lxw_datetime d1 = {2027, 3, 15, 0, 0, 0}, d2 = {2026, 12, 31, 0, 0, 0};
  struct Row {
    const char* staff;
    const char* title;
    double hours;
    lxw_datetime* when;
    const char* ref;
  } rows[] = {{"A1", "信息技术应用能力提升", 2.5, &d1, "X1"},
              {"C1", "心理健康教育", 12, &d2, "X2"}};
  for (int r = 0; r < 2; ++r) {
    auto row = static_cast<lxw_row_t>(r + 1);
    worksheet_write_string(ws, row, 0, rows[r].staff, nullptr);
    worksheet_write_string(ws, row, 1, rows[r].title, nullptr);
    worksheet_write_string(ws, row, 2, "市教科院", nullptr);
    worksheet_write_string(ws, row, 3, "市级", nullptr);
    worksheet_write_string(ws, row, 4, "it", nullptr);
    worksheet_write_number(ws, row, 5, rows[r].hours, nullptr);
    worksheet_write_datetime(ws, row, 6, rows[r].when, date);
    worksheet_write_string(ws, row, 7, rows[r].ref, nullptr);
  }
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  RunResult r = tdr("import", "training.records", path);
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("(XLSX)"), std::string::npos) << r.out;
  EXPECT_EQ(count("external_ref = 'X1' AND hours_x10 = 25 AND completed_on = '2027-03-15' AND "
                  "level = 'municipal' AND title = '信息技术应用能力提升'"),
            1);
  EXPECT_EQ(count("external_ref = 'X2' AND hours_x10 = 120 AND completed_on = '2026-12-31'"), 1);
  // Errors name the Excel row.
  lxw_workbook* bad = workbook_new(dir_.file("bad.xlsx").c_str());
  lxw_worksheet* bs = workbook_add_worksheet(bad, nullptr);
  for (int c = 0; c < 8; ++c)
    worksheet_write_string(bs, 0, static_cast<lxw_col_t>(c), header[c], nullptr);
  worksheet_write_string(bs, 4, 0, "A1", nullptr);
  worksheet_write_string(bs, 4, 1, "t", nullptr);
  worksheet_write_string(bs, 4, 2, "p", nullptr);
  worksheet_write_string(bs, 4, 3, "district", nullptr);
  worksheet_write_string(bs, 4, 4, "it", nullptr);
  worksheet_write_number(bs, 4, 5, 2.25, nullptr);
  worksheet_write_string(bs, 4, 6, "2027-01-05", nullptr);
  worksheet_write_string(bs, 4, 7, "B1", nullptr);
  ASSERT_EQ(workbook_close(bad), LXW_NO_ERROR);
  RunResult badRun = tdr("import", "training.records", dir_.file("bad.xlsx"));
  EXPECT_EQ(badRun.exitCode, 1);
  EXPECT_NE(badRun.out.find("line 5, field hours: '2.25' has more than one decimal place"),
            std::string::npos)
      << badRun.out;
  tdr::test::writeFile(dir_.file("old.xls"), std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
  RunResult legacy = tdr("import", "training.records", dir_.file("old.xls"));
  EXPECT_EQ(legacy.exitCode, 1);
  EXPECT_NE(legacy.err.find("legacy Excel 97-2003 .xls"), std::string::npos) << legacy.err;
}

TEST_F(Training, ReimportAddsNothingAndCorrectionUpdatesByProviderAndRef) {
  std::string csv = std::string(kHeader) +
                    "A1,,师德讲座,区教师发展中心,district,ethics,2,2027-03-01,,R1\n"
                    "A1,,心理健康,区教师发展中心,district,psychology,6,2027-03-02,,R2\n";
  ASSERT_EQ(importText("training.records", csv).exitCode, 0);
  RunResult again = importText("training.records", csv);
  EXPECT_NE(again.out.find("0 new, 0 changed, 2 unchanged"), std::string::npos) << again.out;
  std::string corrected = csv;
  corrected.replace(corrected.find(",6,"), 3, ",8,");
  RunResult fixed = importText("training.records", corrected);
  EXPECT_NE(fixed.out.find("0 new, 1 changed, 1 unchanged"), std::string::npos) << fixed.out;
  EXPECT_EQ(count("external_ref = 'R2' AND hours_x10 = 80"), 1);
  EXPECT_EQ(count("1 = 1"), 2);
  // Imported by the operator (an admin): approved on entry, source import? manual.
  EXPECT_EQ(count("status = 'approved'"), 2);
}

TEST_F(Training, TrainingCentreWritesOnlyItsOwnProvider) {
  setenv("TDR_TODAY", "2027-06-30", 1);  // this test imports in-process
  tdr::host::RuntimeOptions o;
  o.dbUrl = url_;
  o.pluginDir = tdr::test::builtinPluginsDir();
  tdr::host::Runtime rt(o);
  tdr::User centre;
  centre.login = "centre";
  centre.role = "training_center";
  centre.attributes["provider"] = "区教师发展中心";
  auto ctx = rt.context(rt.session(), centre);
  std::string f = dir_.file("centre.csv");
  tdr::test::writeFile(f, std::string(kHeader) +
                              "A1,,讲座,区教师发展中心,district,ethics,2,2027-03-01,,P1\n"
                              "A1,,讲座,别的机构,district,ethics,2,2027-03-01,,P2\n");
  tdr::host::CsvReader reader(f);
  tdr::host::ImportOptions io;
  io.partial = true;
  io.nationalIdKey = rt.nationalIdKey();
  auto report = tdr::host::importRows(
      *ctx, rt.registry(), rt.registry().requireRecordType("training.records"), reader, io);
  EXPECT_EQ(report.inserted, 1);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].field, "provider");
  EXPECT_NE(report.errors[0].reason.find("may only be your own: 区教师发展中心"), std::string::npos)
      << report.errors[0].reason;
  EXPECT_EQ(count("external_ref = 'P1' AND status = 'approved' AND source = 'import'"), 1);
}

TEST_F(Training, SchoolBasedHoursWaitForApprovalAndRejectionNeedsAReason) {
  ASSERT_EQ(importText("training.records",
                       std::string(kHeader) +
                           "A1,,校本教研,实验小学,school,research,3,2027-03-01,,S1\n"
                           "A1,,校本教研二,实验小学,school,research,4,2027-03-02,,S2\n")
                .exitCode,
            0);
  EXPECT_EQ(count("status = 'pending'"), 2);
  long long s1 = 0, s2 = 0;
  {
    auto s = dir_.openDb();
    *s << "SELECT id FROM training_records WHERE external_ref = 'S1'", soci::into(s1);
    *s << "SELECT id FROM training_records WHERE external_ref = 'S2'", soci::into(s2);
  }
  // Approve and reject are record actions on pending records (CLI: PLUGIN.RECORD.ACTION --id).
  RunResult approve = tdr("run", "training.records.approve", "--id", std::to_string(s1));
  EXPECT_EQ(approve.exitCode, 0) << approve.err;
  RunResult noReason = tdr("run", "training.records.reject", "--id", std::to_string(s2));
  EXPECT_EQ(noReason.exitCode, 1);
  EXPECT_NE(noReason.err.find("field 'reason'"), std::string::npos) << noReason.err;
  RunResult reject = tdr("run", "training.records.reject", "--id", std::to_string(s2), "--param",
                         "reason=证明材料不全");
  EXPECT_EQ(reject.exitCode, 0) << reject.err;
  EXPECT_EQ(count("status = 'approved'"), 1);
  EXPECT_EQ(count("status = 'rejected' AND reject_reason = '证明材料不全'"), 1);
  RunResult twice = tdr("run", "training.records.approve", "--id", std::to_string(s1));
  EXPECT_EQ(twice.exitCode, 1);
  EXPECT_NE(twice.err.find("is approved; 'approve' applies only when status is"), std::string::npos)
      << twice.err;
  // The status is read-only: setting it in a file is refused, naming the field.
  RunResult set =
      importText("training.records",
                 std::string(kHeader).substr(0, std::string(kHeader).size() - 1) + ",status\n" +
                     "A1,,校本教研三,实验小学,school,research,4,2027-03-02,,S3,approved\n");
  EXPECT_EQ(set.exitCode, 1);
  EXPECT_NE(set.out.find("field status: is read-only"), std::string::npos) << set.out << set.err;
}

// training.credit and training.withdraw are for plugins' code only (a studio's attendance):
// no user, not even an administrator, can credit hours through them (exactly once per source
// reference is tested through the studios plugin).
TEST_F(Training, CreditAndWithdrawAreForPluginsOnly) {
  for (const char* action : {"training.credit", "training.withdraw"}) {
    RunResult r = tdr("run", action, "--param", "source_ref=x1", "--param", "staff_no=A1",
                      "--param", "hours=200", "--param", "date=2027-05-01", "--param", "title=t");
    EXPECT_EQ(r.exitCode, 1) << action;
    EXPECT_NE(r.err.find("can only be called by plugins"), std::string::npos) << r.err;
  }
  EXPECT_EQ(count("1 = 1"), 0);
}

// Hand-computed: rules 360 per 2026-2030, 72 a year, 120 in the year of hiring. At the end of
// 2027: A (hired 2010) owes 144; B (hired 2027) 120; C (hired 2026) 120 + 72 = 192.
TEST_F(Training, TranscriptAndComplianceMatchHandComputedNumbers) {
  ASSERT_EQ(importText("training.records",
                       std::string(kHeader) +
                           "A1,,区级培训,区教师发展中心,district,ethics,60,2026-05-01,,T1\n"
                           "A1,,市级培训,市教科院,municipal,subject,40,2027-03-01,,T2\n"
                           "A1,,上周期培训,市教科院,municipal,subject,90,2025-03-01,,T3\n"
                           "B1,,新教师培训,区教师发展中心,district,subject,120,2027-05-01,,T4\n"
                           "C1,,区级培训,区教师发展中心,district,subject,150,2026-11-01,,T5\n"
                           "C1,,校本研修,实验小学,school,research,50,2027-04-01,,T6\n"
                           "D1,,区级培训,区教师发展中心,district,it,10,2027-04-01,,T7\n")
                .exitCode,
            0);
  long long t6 = 0;
  {
    auto s = dir_.openDb();
    *s << "SELECT id FROM training_records WHERE external_ref = 'T6'", soci::into(t6);
  }
  ASSERT_EQ(tdr("run", "training.records.approve", "--id", std::to_string(t6)).exitCode, 0);

  RunResult transcript =
      tdr("report", "training.transcript", "--param", "staff_no=A1", "--format", "csv");
  ASSERT_EQ(transcript.exitCode, 0) << transcript.err;
  for (const char* line :
       {"record,区级培训,2026-05-01,区教师发展中心,district,ethics,60,approved",
        "level,district,,,district,,60,approved", "level,municipal,,,municipal,,40,approved",
        "category,subject,,,,subject,40,approved", "summary,required,,,,,360,",
        "summary,done,,,,,100,", "summary,expected by the end of 2027,,,,,144,",
        "summary,behind,,,,,44,"})
    EXPECT_NE(transcript.out.find(line), std::string::npos) << line << "\n" << transcript.out;
  EXPECT_EQ(transcript.out.find("上周期培训"), std::string::npos) << "the 2025 record is outside";
  // In Chinese (the default) the declared codes read as their labels (SDK 2.2 reportChoices).
  RunResult zh = run({"report", "training.transcript", "--param", "staff_no=A1", "--format", "csv"},
                     {"TDR_LANG=zh"});
  ASSERT_EQ(zh.exitCode, 0) << zh.err;
  for (const char* line :
       {"学时记录,区级培训,2026-05-01,区教师发展中心,区县级,师德师风,60,已通过",
        "按级别合计,区县级,,,区县级,,60,已通过", "按类别合计,学科教学,,,,学科教学,40,已通过",
        "汇总,周期应完成,,,,,360,", "汇总,2027 年底应完成,,,,,144,", "汇总,进度落后,,,,,44,"})
    EXPECT_NE(zh.out.find(line), std::string::npos) << line << "\n" << zh.out;

  RunResult compliance = tdr("report", "training.compliance", "--param", "school=XH0001", "--param",
                             "year=2027", "--format", "csv");
  ASSERT_EQ(compliance.exitCode, 0) << compliance.err;
  // A: 100 of 144 (short 44). B: 120 of 120, C: 200 of 192: on track.
  EXPECT_NE(compliance.out.find("A1,甲,XH0001,100,144,44"), std::string::npos) << compliance.out;
  EXPECT_EQ(compliance.out.find("B1"), std::string::npos) << compliance.out;
  EXPECT_EQ(compliance.out.find("C1"), std::string::npos) << compliance.out;
  EXPECT_EQ(compliance.out.find("D1"), std::string::npos) << "D1 is at another school";

  // With school-based hours capped at 10% of the cycle (36 h), C counts 150 + 36 = 186 < 192.
  ASSERT_EQ(importText("training.rules", "key,value\nschool_based_cap_percent,10\n").exitCode, 0);
  RunResult capped = tdr("report", "training.compliance", "--param", "school=XH0001", "--param",
                         "year=2027", "--format", "csv");
  EXPECT_NE(capped.out.find("A1,甲,XH0001,100,144,44\r\nC1,丙,XH0001,186,192,6"), std::string::npos)
      << capped.out;

  RunResult providers = tdr("report", "training.providers", "--param", "from=2026-01-01", "--param",
                            "to=2027-12-31", "--format", "csv");
  EXPECT_NE(providers.out.find("区教师发展中心,4,4,340"), std::string::npos) << providers.out;
  EXPECT_NE(providers.out.find("实验小学,1,1,50"), std::string::npos) << providers.out;
  // Asked for 2026, both reports judge the end of 2026: A has 60 approved by then (the 2027
  // record comes later) of 72 expected (one year's pace), 12 behind — in the transcript and
  // in compliance alike.
  RunResult t2026 = tdr("report", "training.transcript", "--param", "staff_no=A1", "--param",
                        "year=2026", "--format", "csv");
  for (const char* line : {"summary,done,,,,,60,", "summary,expected by the end of 2026,,,,,72,",
                           "summary,behind,,,,,12,"})
    EXPECT_NE(t2026.out.find(line), std::string::npos) << line << "\n" << t2026.out;
  RunResult c2026 = tdr("report", "training.compliance", "--param", "school=XH0001", "--param",
                        "year=2026", "--format", "csv");
  EXPECT_NE(c2026.out.find("A1,甲,XH0001,60,72,12"), std::string::npos) << c2026.out;
  RunResult badParam = tdr("report", "training.compliance", "--param", "year=twenty");
  EXPECT_EQ(badParam.exitCode, 1);
}

}  // namespace
