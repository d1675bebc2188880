// The generic import/export engine through the real CLI on real SQLite files.
#include <Poco/StreamCopier.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fstream>
#include <sstream>

#include "test_support.h"

namespace {

using tdr::test::RunResult;
using tdr::test::runTdr;
using tdr::test::TempDir;
using tdr::test::writeFile;

class ImportExport : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = dir_.dbUrl();
    ASSERT_EQ(tdr("init").exitCode, 0);
    writeFile(dir_.file("schools.csv"), tdr::test::schoolsCsv());
    RunResult r = tdr("import", "core.schools", dir_.file("schools.csv"));
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  }

  template <typename... A>
  RunResult tdr(A... args) {
    return runTdr({"--db", url_, plugins_, args...}, env_);
  }
  RunResult importText(const std::string& type, const std::string& content,
                       const std::string& flag = "") {
    std::string f = dir_.file("in" + std::to_string(files_++) + ".csv");
    writeFile(f, content);
    return flag.empty() ? tdr("import", type, f) : tdr("import", type, f, flag);
  }
  long long count(const std::string& table, const std::string& where = "1=1") {
    auto s = dir_.openDb();
    long long n = -1;
    *s << "SELECT COUNT(*) FROM " + table + " WHERE " + where, soci::into(n);
    return n;
  }

  TempDir dir_;
  std::string url_;
  std::string plugins_ = "--plugins=" + tdr::test::noPluginsDir();
  std::vector<std::string> env_{"TDR_TODAY=2026-06-30"};
  int files_ = 0;
};

// Writes a workbook by hand (what a hostile or broken tool might send): the given worksheet XML
// and, when not empty, shared strings.
void writeXlsx(const std::string& path, const std::string& sheet,
               const std::string& sharedStrings = "") {
  std::ofstream out(path, std::ios::binary);
  Poco::Zip::Compress zip(out, true);
  auto add = [&](const std::string& name, const std::string& content) {
    std::istringstream in(content);
    zip.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX),
                Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_MAXIMUM);
  };
  add("xl/worksheets/sheet1.xml", sheet);
  if (!sharedStrings.empty()) add("xl/sharedStrings.xml", sharedStrings);
  zip.close();
}

std::string sheetXml(const std::string& rows) {
  return "<?xml version=\"1.0\"?><worksheet "
         "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
         rows + "</sheetData></worksheet>";
}

std::string inlineCell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

constexpr const char* kHeader =
    "staff_no,name,gender,birth_date,national_id,home_school,subject,title,hire_date\n";

TEST_F(ImportExport, HundredThousandTeachersImportedTwiceLeaveHundredThousandRows) {
  writeFile(dir_.file("t.csv"), tdr::test::teachersCsv(100000));
  RunResult first = tdr("import", "core.teachers", dir_.file("t.csv"));
  ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("100000 rows, 100000 new"), std::string::npos) << first.out;
  if (tdr::test::onPostgres()) {
    // The import ended with VACUUM, and the test server commits asynchronously: the pages are
    // all-visible (reports answer from covering indexes) only because the import's commit was
    // flushed before it.
    long long pages = 0, visible = 0;
    *dir_.openDb() << "SELECT relpages, relallvisible FROM pg_class WHERE relname = "
                      "'core_teachers'",
        soci::into(pages), soci::into(visible);
    EXPECT_GT(pages, 0);
    EXPECT_EQ(visible, pages) << "pages of the imported table marked all-visible";
  }
  RunResult second = tdr("import", "core.teachers", dir_.file("t.csv"));
  ASSERT_EQ(second.exitCode, 0) << second.out;
  EXPECT_NE(second.out.find("0 new, 0 changed, 100000 unchanged"), std::string::npos) << second.out;
  EXPECT_EQ(count("core_teachers"), 100000);
}

TEST_F(ImportExport, OneBadRowInTenThousandWritesNothingAndNamesRowAndField) {
  std::string csv = tdr::test::teachersCsv(10000);
  // Corrupt the check digit of the national ID on the row of T0005000 (file line 5001).
  auto pos = csv.find("T0005000,");
  auto idStart = csv.find(",3201", pos) + 1;
  char& check = csv[idStart + 17];
  check = check == '1' ? '2' : '1';
  RunResult r = importText("core.teachers", csv);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("line 5001, field national_id: is not a valid national ID number"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 rejected"), std::string::npos);
  EXPECT_NE(r.err.find("nothing written"), std::string::npos);
  EXPECT_EQ(count("core_teachers"), 0);

  RunResult partial = importText("core.teachers", csv, "--partial");
  EXPECT_EQ(partial.exitCode, 1) << "rejected rows make the exit code 1 even with --partial";
  EXPECT_NE(partial.out.find("9999 new"), std::string::npos) << partial.out;
  EXPECT_EQ(count("core_teachers"), 9999);
}

TEST_F(ImportExport, Gb18030FileWithChineseHeadersImports) {
  std::string csv =
      "工号,姓名,性别,出生日期,身份证号,所在学校,任教学科,职称,骨干级别\r\n"
      "T0000001,张三,男,1985/7/4," +
      tdr::test::nationalIdFromBody("32010519850704123") +
      ",XH0001,语文,一级教师,区级骨干\r\n"
      "T0000002,李四,女,1990-01-02,,XH0002,数学,高级教师,无\r\n";
  std::string f = dir_.file("gbk.csv");
  writeFile(f, tdr::test::toGb18030(csv));
  RunResult r = tdr("import", "core.teachers", f);
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("(GB18030)"), std::string::npos) << r.out;
  RunResult json =
      tdr("export", "core.teachers", "--format", "json", "--where", "staff_no=T0000001");
  EXPECT_NE(json.out.find("\"name\": \"张三\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"gender\": \"M\""), std::string::npos);
  EXPECT_NE(json.out.find("\"birth_date\": \"1985-07-04\""), std::string::npos);
  EXPECT_NE(json.out.find("\"title\": \"first\""), std::string::npos);
  EXPECT_NE(json.out.find("\"backbone_level\": \"district\""), std::string::npos);
}

TEST_F(ImportExport, QuotedFieldsWithCommasQuotesAndNewlinesRoundTrip) {
  std::string csv =
      std::string("\xEF\xBB\xBF") + kHeader +
      "T1,\"欧阳, 娜\",F,1980-01-01,,XH0001,\"语文 \"\"阅读\"\"\",first,2003-09-01\r\n"
      "T2,\"王\n明\",M,1981-01-01,,XH0002,数学,second,2004-09-01\r\n";
  RunResult r = importText("core.teachers", csv);
  ASSERT_EQ(r.exitCode, 0) << r.out;
  RunResult out = tdr("export", "core.teachers");
  EXPECT_NE(out.out.find("T1,\"欧阳, 娜\",F"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("\"语文 \"\"阅读\"\"\""), std::string::npos);
  EXPECT_NE(out.out.find("\"王\n明\""), std::string::npos);
  // The export is itself an import file: re-importing it changes nothing.
  std::string f = dir_.file("export.csv");
  ASSERT_EQ(tdr("export", "core.teachers", "--out", f).exitCode, 0);
  RunResult again = tdr("import", "core.teachers", f);
  EXPECT_EQ(again.exitCode, 0) << again.out;
  EXPECT_NE(again.out.find("2 unchanged"), std::string::npos) << again.out;
}

TEST_F(ImportExport, NationalIdIsStoredProtectedAndExportedMasked) {
  std::string id = tdr::test::nationalIdFromBody("32010519850704123");
  RunResult r = importText("core.teachers", std::string(kHeader) + "T1,张三,M,1985-07-04," + id +
                                                ",XH0001,语文,first,2008-09-01\n");
  ASSERT_EQ(r.exitCode, 0) << r.out;
  std::string raw =
      tdr::test::readFile(dir_.file("tdr.db")) + tdr::test::readFile(dir_.file("tdr.db-wal"));
  EXPECT_EQ(raw.find(id), std::string::npos) << "the full ID must not be stored";
  EXPECT_EQ(raw.find(id.substr(0, 14)), std::string::npos);
  RunResult out = tdr("export", "core.teachers");
  EXPECT_NE(out.out.find("**************" + id.substr(14)), std::string::npos) << out.out;
  EXPECT_EQ(out.out.find(id), std::string::npos);
  // The same ID for another teacher is refused, in the file or against the database.
  RunResult dup = importText("core.teachers", std::string(kHeader) + "T2,李四,M,1985-07-04," + id +
                                                  ",XH0001,语文,first,2008-09-01\n");
  EXPECT_EQ(dup.exitCode, 1);
  EXPECT_NE(dup.out.find("field national_id: is already used by another record"), std::string::npos)
      << dup.out;
}

TEST_F(ImportExport, NationalIdTailIsKeptSealedAndAnEarlierClearTailIsSealedOnOpen) {
  std::string id = tdr::test::nationalIdFromBody("32010519850704123");
  RunResult r = importText("core.teachers", std::string(kHeader) + "T1,张三,M,1985-07-04," + id +
                                                ",XH0001,语文,first,2008-09-01\n");
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto tail = [&] {
    auto s = dir_.openDb();
    std::string v;
    *s << "SELECT national_id_last4 FROM core_teachers WHERE staff_no = 'T1'", soci::into(v);
    return v;
  };
  // Birth date in clear + sequence and check digits would leave only the region to guess.
  std::string stored = tail();
  EXPECT_EQ(stored.rfind("e1:", 0), 0u) << stored;
  EXPECT_EQ(stored.find(id.substr(14)), std::string::npos) << stored;
  EXPECT_NE(tdr("export", "core.teachers").out.find("**************" + id.substr(14)),
            std::string::npos);
  // A database an earlier release wrote (tail in clear) is sealed the next time it is opened.
  {
    auto s = dir_.openDb();
    std::string clear = id.substr(14);
    *s << "UPDATE core_teachers SET national_id_last4 = :t", soci::use(clear);
  }
  RunResult out = tdr("export", "core.teachers");
  EXPECT_NE(out.out.find("**************" + id.substr(14)), std::string::npos) << out.out;
  EXPECT_EQ(tail(), stored);
  // Under another key the tail cannot be opened: shown fully masked, never as other digits.
  std::vector<std::string> otherKey = env_;
  otherKey.push_back("TDR_ID_KEY=" + std::string(64, 'a'));
  RunResult other = runTdr({"--db", url_, plugins_, "export", "core.teachers"}, otherKey);
  EXPECT_NE(other.out.find(std::string(18, '*')), std::string::npos) << other.out;
}

TEST_F(ImportExport, ProblemsAreReportedInChineseWithLabelsByDefault) {
  std::vector<std::string> zh = env_;
  zh.push_back("TDR_LANG=zh");
  std::string f = dir_.file("zh.csv");
  writeFile(f,
            "staff_no,name,gender,home_school,hire_date\n"
            "N1,甲,x,XH0001,2020-01-01\nN2,乙,M,ZZ99,2020/13/01\n");
  RunResult r = runTdr({"--db", url_, plugins_, "import", "core.teachers", f}, zh);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("第 2 行 性别：'x' 不是可选值（"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("第 3 行 所在学校：没有学校代码为 'ZZ99' 的学校"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("第 3 行 参加工作日期：'2020/13/01' 不是日期"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("没有写入任何内容"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("gender"), std::string::npos) << "no field codes: " << r.out;
  writeFile(f, "staff_no,name,shoe\nN1,甲,4\n");
  RunResult header = runTdr({"--db", url_, plugins_, "import", "core.teachers", f}, zh);
  EXPECT_NE(header.err.find("表头不符合教师的格式"), std::string::npos) << header.err;
  EXPECT_NE(header.err.find("缺少必填列（所在学校）"), std::string::npos) << header.err;
  EXPECT_EQ(count("core_teachers"), 0);
}

TEST_F(ImportExport, HeaderProblemsAreNamedAndNothingIsRead) {
  RunResult unknown =
      importText("core.teachers", "staff_no,name,home_school,shoe_size\nT1,a,XH0001,42\n");
  EXPECT_EQ(unknown.exitCode, 1);
  EXPECT_NE(unknown.err.find("field 'shoe_size': unknown column"), std::string::npos)
      << unknown.err;
  RunResult missing = importText("core.teachers", "staff_no,name\nT1,a\n");
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("field 'home_school': required column is missing"), std::string::npos)
      << missing.err;
  RunResult twice = importText("core.teachers", "staff_no,工号,name,home_school\nT1,T1,a,XH0001\n");
  EXPECT_EQ(twice.exitCode, 1);
  EXPECT_NE(twice.err.find("column appears twice"), std::string::npos) << twice.err;
  EXPECT_EQ(count("core_teachers"), 0);
}

TEST_F(ImportExport, EveryBadRowIsReportedWithLineFieldAndReason) {
  std::string csv = std::string(kHeader) +
                    "T1,张三,M,1985-07-04,,XH9999,语文,first,2008-09-01\n"   // line 2
                    "T2,李四,X,1985-07-04,,XH0001,语文,first,2008-09-01\n"   // line 3
                    "T3,王五,M,1985-02-30,,XH0001,语文,first,2008-09-01\n"   // line 4
                    "T4,赵六,M,1985-07-04,,XH0001,语文,first,1990-09-01\n"   // line 5
                    "T5,钱七,M,1985-07-04,,XH0001,语文,first,2008-09-01\n"   // line 6
                    "T5,钱七,M,1985-07-04,,XH0001,语文,first,2008-09-01\n"   // line 7
                    "T6,孙八,M,1985-07-04,,XH0001,语文\n"                    // line 8
                    "T7,,M,1985-07-04,,XH0001,语文,first,2008-09-01\n"       // line 9
                    "T8,周九,M,1985-07-04,,XH0001,语文,first,2030-09-01\n";  // line 10
  RunResult r = importText("core.teachers", csv);
  EXPECT_EQ(r.exitCode, 1);
  for (const char* expected :
       {"line 2, field home_school: unknown core.schools code 'XH9999'",
        "line 3, field gender: 'X' is not one of: F (女), M (男)",
        "line 4, field birth_date: '1985-02-30' is not a date",
        "line 5, field hire_date: is less than 16 years after birth_date",
        "line 7, field staff_no: duplicates line 6", "line 8: has 7 fields, the header has 9",
        "line 9, field name: is required", "line 10, field hire_date: is in the future"})
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  EXPECT_NE(r.out.find("8 rejected"), std::string::npos) << r.out;
  EXPECT_EQ(count("core_teachers"), 0);
}

TEST_F(ImportExport, DryRunValidatesButWritesNothing) {
  RunResult r = importText("core.teachers", tdr::test::teachersCsv(50), "--dry-run");
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("50 new"), std::string::npos);
  EXPECT_NE(r.out.find("dry run: nothing written"), std::string::npos);
  EXPECT_EQ(count("core_teachers"), 0);
}

TEST_F(ImportExport, CorrectedReimportUpdatesByNaturalKey) {
  ASSERT_EQ(importText("core.teachers", tdr::test::teachersCsv(20)).exitCode, 0);
  std::string fixed = tdr::test::teachersCsv(20);
  auto pos = fixed.find("T0000007,");
  fixed.replace(fixed.find(",first,", pos), 7, ",senior,");
  RunResult r = importText("core.teachers", fixed);
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("0 new, 1 changed, 19 unchanged"), std::string::npos) << r.out;
  EXPECT_EQ(count("core_teachers", "staff_no = 'T0000007' AND title = 'senior'"), 1);
  EXPECT_EQ(count("core_teachers"), 20);
}

TEST_F(ImportExport, ExportFiltersAndFormats) {
  ASSERT_EQ(importText("core.teachers", tdr::test::teachersCsv(50)).exitCode, 0);
  RunResult school = tdr("export", "core.teachers", "--where", "home_school=XH0002");
  EXPECT_EQ(school.exitCode, 0);
  EXPECT_EQ(std::count(school.out.begin(), school.out.end(), '\n'), 11);  // header + 10
  RunResult json = tdr("export", "core.schools", "--format", "json", "--where", "stage=小学");
  EXPECT_NE(json.out.find("\"code\": \"XH0001\""), std::string::npos) << json.out;
  EXPECT_EQ(json.out.find("XH0003"), std::string::npos);
  RunResult bad = tdr("export", "core.teachers", "--where", "shoe=1");
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.err.find("has no field 'shoe'"), std::string::npos);
  RunResult badValue = tdr("export", "core.teachers", "--where", "hire_date=yesterday");
  EXPECT_EQ(badValue.exitCode, 1);
  EXPECT_NE(badValue.err.find("is not a date"), std::string::npos) << badValue.err;
  std::string out = dir_.file("teachers.json");
  ASSERT_EQ(tdr("export", "core.teachers", "--format", "json", "--out", out).exitCode, 0);
  EXPECT_EQ(tdr::test::readFile(out).substr(0, 3), "[\n ");
}

TEST_F(ImportExport, XlsxExportIsARealWorkbook) {
  ASSERT_EQ(importText("core.teachers", tdr::test::teachersCsv(30)).exitCode, 0);
  std::string out = dir_.file("teachers.xlsx");
  RunResult r = tdr("export", "core.teachers", "--format", "xlsx", "--out", out);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::ifstream in(out, std::ios::binary);
  Poco::Zip::ZipArchive archive(in);
  auto sheet = archive.findHeader("xl/worksheets/sheet1.xml");
  ASSERT_NE(sheet, archive.headerEnd()) << "no worksheet in the XLSX file";
  in.clear();
  Poco::Zip::ZipInputStream zip(in, sheet->second);
  std::string xml;
  Poco::StreamCopier::copyToString(zip, xml);
  // Constant-memory mode writes strings inline in the sheet; hours are numbers.
  EXPECT_NE(xml.find("T0000001"), std::string::npos);
  EXPECT_NE(xml.find("staff_no"), std::string::npos);
}

TEST_F(ImportExport, PluginRecordsUseTheSameEngine) {
  plugins_ = "--plugins=" + tdr::test::testPluginsDir() + "/mixed";
  ASSERT_EQ(tdr("init").exitCode, 0);
  ASSERT_EQ(importText("core.teachers", tdr::test::teachersCsv(3)).exitCode, 0);
  RunResult bad = importText("notes.notes",
                             "教师工号,标题,学时,日期\n"
                             "T0000001,班主任培训,2.55,2026-01-05\n"
                             "T0000009,师德讲座,3,2026-01-05\n"
                             "T0000002,心理健康,0,2026-01-05\n"
                             "T0000003,信息技术,1.5,2027-01-05\n");
  EXPECT_EQ(bad.exitCode, 1);
  for (const char* expected : {"line 2, field hours: '2.55' has more than one decimal place",
                               "line 3, field teacher: unknown core.teachers staff_no 'T0000009'",
                               "line 4, field hours: must be between 0.1 and 200",
                               "line 5, field noted_on: is in the future"})
    EXPECT_NE(bad.out.find(expected), std::string::npos) << expected << "\n" << bad.out;
  RunResult good = importText("notes.notes",
                              "teacher,title,hours,noted_on\nT0000001,班主任培训,2.5,2026-01-05\n");
  ASSERT_EQ(good.exitCode, 0) << good.out;
  EXPECT_EQ(count("notes_notes", "hours = 25"), 1);
  RunResult out = tdr("export", "notes.notes", "--format", "json");
  EXPECT_NE(out.out.find("\"teacher\": \"T0000001\""), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("\"hours\": 2.5"), std::string::npos) << out.out;
  // Reports and actions from the command line.
  RunResult report = tdr("report", "notes.summary", "--format", "csv");
  EXPECT_EQ(report.exitCode, 0) << report.err;
  EXPECT_NE(report.out.find("notes,hours_x10\r\n1,25"), std::string::npos) << report.out;
  RunResult run = tdr("run", "notes.count");
  EXPECT_EQ(run.exitCode, 0) << run.err;
  EXPECT_NE(run.out.find("\"notes\": 1"), std::string::npos) << run.out;
  EXPECT_EQ(tdr("run", "notes.nothing").exitCode, 1);
  EXPECT_EQ(tdr("report", "notes.summary", "--param", "oops").exitCode, 2);
}

}  // namespace

namespace {

std::string teacherHeaderRow() {
  std::string row = "<row r=\"1\">", column = "A";
  std::istringstream names(
      "staff_no name gender birth_date national_id home_school subject title hire_date");
  for (std::string n; names >> n; ++column[0]) row += inlineCell(column + "1", n);
  return row + "</row>";
}

TEST_F(ImportExport, XlsxCellBeyondColumnXfdIsRefusedWithoutAllocating) {
  // 605 bytes that once made the reader allocate 410 MB-10 GB: one cell at column AAAAAA.
  std::string header = teacherHeaderRow();
  for (std::string ref : {"AAAAAA2", "XFE2", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZ2"}) {
    std::string f = dir_.file("wide.xlsx");
    writeXlsx(f, sheetXml(header + "<row r=\"2\">" + inlineCell(ref, "x") + "</row>"));
    RunResult r = tdr("import", "core.teachers", f);
    EXPECT_NE(r.exitCode, 0) << ref;
    EXPECT_NE(r.err.find("16,384 columns (XFD)"), std::string::npos) << ref << ": " << r.err;
    EXPECT_NE(r.err.find("wide.xlsx"), std::string::npos) << r.err;
  }
  EXPECT_EQ(count("core_teachers"), 0);
}

TEST_F(ImportExport, XlsxZipBombIsRefusedByItsInflationRatio) {
  // 40 MiB of whitespace between two rows deflates about 1000:1 — no worksheet does that.
  std::string header = teacherHeaderRow();
  std::string f = dir_.file("bomb.xlsx");
  writeXlsx(f, sheetXml(header + std::string(40u << 20, ' ')));
  EXPECT_LT(std::filesystem::file_size(f), 1u << 20);
  RunResult r = tdr("import", "core.teachers", f);
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("inflates to more than 200 times its compressed size"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("xl/worksheets/sheet1.xml"), std::string::npos) << r.err;
}

TEST_F(ImportExport, XlsxRowNumberAndSharedStringLimitsAreNamed) {
  std::string header = teacherHeaderRow();
  std::string f = dir_.file("tall.xlsx");
  writeXlsx(f, sheetXml(header + "<row r=\"1048577\">" + inlineCell("A1048577", "x") + "</row>"));
  RunResult r = tdr("import", "core.teachers", f);
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("beyond the limit of 1,048,576 rows"), std::string::npos) << r.err;
  // A shared-string table claiming more strings than the limit is refused before it is read.
  std::string sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
  std::string many;
  for (int i = 0; i < 2000001; ++i) many += "<si/>";
  writeXlsx(f, sheetXml(header), sst + many + "</sst>");
  r = tdr("import", "core.teachers", f);
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("shared"), std::string::npos) << r.err;
  EXPECT_EQ(count("core_teachers"), 0);
}

TEST_F(ImportExport, CsvLineAndCellLimitsAreNamedAndNothingIsWritten) {
  std::string longCell(200 * 1024, 'x');
  RunResult r = importText("core.teachers", std::string(kHeader) + "T1," + longCell + "\n");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("line 2 column 2 is longer than the limit of 32,767 characters"),
            std::string::npos)
      << r.err.substr(0, 300);
  std::string wide = std::string(kHeader);
  for (int i = 0; i < 16400; ++i) wide += ",";
  r = importText("core.teachers", wide + "\n");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("16,384 columns"), std::string::npos) << r.err.substr(0, 300);
  std::string longLine = std::string(kHeader) + "T1";
  for (int i = 0; i < 40; ++i) longLine += "," + std::string(120 * 1024, 'y');
  r = importText("core.teachers", longLine + "\n");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("line 2 is longer than the limit of 4 MiB"), std::string::npos)
      << r.err.substr(0, 300);
  EXPECT_EQ(count("core_teachers"), 0);
}

TEST_F(ImportExport, FormulaLookingCellsExportInertAndImportBackUnchanged) {
  std::string csv = std::string(kHeader) +
                    "T1,\"=HYPERLINK(\"\"http://x.example\"\",\"\"点我\"\")\",F,1980-01-01,,"
                    "XH0001,@SUM(A1),first,2003-09-01\n"
                    "T2,+张,M,1981-01-01,,XH0002,-数学,second,2004-09-01\n";
  RunResult r = importText("core.teachers", csv);
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  RunResult out = tdr("export", "core.teachers");
  ASSERT_EQ(out.exitCode, 0);
  EXPECT_NE(out.out.find("\"'=HYPERLINK("), std::string::npos) << out.out;
  EXPECT_NE(out.out.find(",'@SUM(A1),"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find(",'+张,"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find(",'-数学,"), std::string::npos) << out.out;
  EXPECT_EQ(out.out.find(",=HYPERLINK"), std::string::npos);
  // Dates and numbers are not touched; the stored value has no quote.
  EXPECT_NE(out.out.find("1980-01-01"), std::string::npos);
  auto s = dir_.openDb();
  std::string name;
  *s << "SELECT name FROM core_teachers WHERE staff_no = 'T1'", soci::into(name);
  EXPECT_EQ(name.substr(0, 11), "=HYPERLINK(");
  // The export imports back unchanged (the reader removes the quote it added).
  std::string f = dir_.file("export.csv");
  ASSERT_EQ(tdr("export", "core.teachers", "--out", f).exitCode, 0);
  RunResult again = tdr("import", "core.teachers", f);
  EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("2 unchanged"), std::string::npos) << again.out;
}

}  // namespace
