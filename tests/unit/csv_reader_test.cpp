#include "io/csv_reader.h"

#include <gtest/gtest.h>
#include <tdr/error.h>

#include "test_support.h"

namespace {

using tdr::host::CsvReader;

std::vector<std::vector<std::string>> readAll(const std::string& path,
                                              std::vector<long long>* lines = nullptr) {
  CsvReader r(path);
  std::vector<std::vector<std::string>> rows{r.header()};
  std::vector<std::string> cells;
  long long line = 0;
  while (r.next(cells, line)) {
    rows.push_back(cells);
    if (lines) lines->push_back(line);
  }
  return rows;
}

class CsvReaderTest : public ::testing::Test {
 protected:
  std::string write(const std::string& content) {
    std::string p = dir_.file("f" + std::to_string(n_++) + ".csv");
    tdr::test::writeFile(p, content);
    return p;
  }
  tdr::test::TempDir dir_;
  int n_ = 0;
};

TEST_F(CsvReaderTest, QuotedFieldsKeepCommasQuotesAndNewlines) {
  std::vector<long long> lines;
  auto rows = readAll(
      write("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\r\nlast,row\r\n"), &lines);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1][0], "x, y");
  EXPECT_EQ(rows[1][1], "say \"hi\"");
  EXPECT_EQ(rows[2][0], "two\nlines");
  EXPECT_EQ(rows[3][1], "row");
  // Line numbers are where each record starts, counting embedded newlines.
  EXPECT_EQ(lines, (std::vector<long long>{2, 3, 5}));
}

TEST_F(CsvReaderTest, Utf8BomIsDroppedAndReported) {
  CsvReader r(write("\xEF\xBB\xBFstaff_no,name\nT1,张三\n"));
  EXPECT_EQ(r.header()[0], "staff_no");
  EXPECT_EQ(r.encoding(), "UTF-8 (BOM)");
}

TEST_F(CsvReaderTest, Gb18030IsDetectedAndConverted) {
  std::string p = write(tdr::test::toGb18030("工号,姓名\nT1,张三\nT2,李四\n"));
  CsvReader r(p);
  EXPECT_EQ(r.encoding(), "GB18030");
  EXPECT_EQ(r.header()[0], "工号");
  std::vector<std::string> cells;
  long long line = 0;
  ASSERT_TRUE(r.next(cells, line));
  EXPECT_EQ(cells[1], "张三");
}

TEST_F(CsvReaderTest, LargeGb18030FileDecodesAcrossChunkBoundaries) {
  std::string text = "工号,姓名\n";
  for (int i = 0; i < 20000; ++i) text += "T" + std::to_string(i) + ",张三丰教师\n";
  auto rows = readAll(write(tdr::test::toGb18030(text)));
  ASSERT_EQ(rows.size(), 20001u);
  for (const auto& r : rows) ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(rows[19999][1], "张三丰教师");
}

TEST_F(CsvReaderTest, MissingFinalNewlineAndLoneLastField) {
  auto rows = readAll(write("a,b\n1,"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", ""}));
}

TEST_F(CsvReaderTest, UnclosedQuoteNamesTheLine) {
  CsvReader r(write("a,b\n1,2\n\"open,3\n"));
  std::vector<std::string> cells;
  long long line = 0;
  ASSERT_TRUE(r.next(cells, line));
  try {
    r.next(cells, line);
    FAIL() << "expected an error";
  } catch (const tdr::Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
}

TEST_F(CsvReaderTest, EmptyFileAndUtf16AreRefusedWithTheFileName) {
  std::string empty = write("");
  EXPECT_THROW(CsvReader{empty}, tdr::Error);
  std::string utf16 =
      write(std::string("\xFF\xFE"
                        "a\0,\0b\0",
                        8));
  try {
    CsvReader r(utf16);
    FAIL();
  } catch (const tdr::Error& e) {
    EXPECT_NE(std::string(e.what()).find("UTF-16"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(utf16), std::string::npos);
  }
  EXPECT_THROW(CsvReader{dir_.file("missing.csv")}, tdr::Error);
}

}  // namespace
