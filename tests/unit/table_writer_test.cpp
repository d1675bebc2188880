#include "io/table_writer.h"

#include <gtest/gtest.h>
#include <tdr/error.h>

#include <sstream>

#include "util/json.h"

namespace {

using tdr::host::TableWriter;

TEST(TableWriter, CsvQuotesOnlyWhatNeedsIt) {
  std::ostringstream out;
  TableWriter w(out, TableWriter::Format::kCsv, {"a", "b"});
  w.row({"plain", "with, comma"});
  w.row({"say \"hi\"", "two\nlines"});
  w.finish();
  EXPECT_EQ(out.str(), "a,b\r\nplain,\"with, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
}

TEST(TableWriter, JsonEscapesAndTypesNumbers) {
  std::ostringstream out;
  TableWriter w(out, TableWriter::Format::kJson, {"name", "hours"});
  w.row({"张\"三\"\n", "2.5"}, {false, true});
  w.row({"", "3"}, {false, true});
  w.finish();
  EXPECT_EQ(out.str(),
            "[\n  {\"name\": \"张\\\"三\\\"\\n\", \"hours\": 2.5},\n"
            "  {\"name\": null, \"hours\": 3}\n]\n");
}

TEST(TableWriter, JsonStringsAreAlwaysUtf8) {
  using tdr::host::jsonString;
  const std::string bad = "\xEF\xBF\xBD";  // U+FFFD
  EXPECT_EQ(jsonString("张三\n"), "\"张三\\n\"");
  // A lone continuation byte, a cut-off sequence, an overlong slash, a surrogate, a 0xFF byte.
  EXPECT_EQ(jsonString(std::string("a\x80") + "b"), "\"a" + bad + "b\"");
  EXPECT_EQ(jsonString("\xE5\xBC"), "\"" + bad + bad + "\"");
  EXPECT_EQ(jsonString("\xC0\xAF"), "\"" + bad + bad + "\"");
  EXPECT_EQ(jsonString("\xED\xA0\x80"), "\"" + bad + bad + bad + "\"");
  EXPECT_EQ(jsonString(std::string("\xFF") + "张"), "\"" + bad + "张\"");
}

TEST(TableWriter, EmptyJsonIsAnEmptyArrayAndBadFormatsAreNamed) {
  std::ostringstream out;
  TableWriter w(out, TableWriter::Format::kJson, {"x"});
  w.finish();
  EXPECT_EQ(out.str(), "[]\n");
  EXPECT_THROW(TableWriter::parseFormat("xml", "--format"), tdr::Error);
}

}  // namespace
