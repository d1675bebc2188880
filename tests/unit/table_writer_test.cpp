#include "io/table_writer.h"

#include <gtest/gtest.h>
#include <tdr/error.h>

#include <sstream>

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

TEST(TableWriter, EmptyJsonIsAnEmptyArrayAndBadFormatsAreNamed) {
  std::ostringstream out;
  TableWriter w(out, TableWriter::Format::kJson, {"x"});
  w.finish();
  EXPECT_EQ(out.str(), "[]\n");
  EXPECT_THROW(TableWriter::parseFormat("xml", "--format"), tdr::Error);
}

}  // namespace
