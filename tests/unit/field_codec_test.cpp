#include "records/field_codec.h"

#include <gtest/gtest.h>

namespace {

using tdr::host::normaliseDate;
using tdr::host::trimCell;

TEST(FieldCodec, SpreadsheetDateSpellingsNormalise) {
  EXPECT_EQ(normaliseDate("2024-03-05"), "2024-03-05");
  EXPECT_EQ(normaliseDate("2024/3/5"), "2024-03-05");
  EXPECT_EQ(normaliseDate("2024-3-15"), "2024-03-15");
  EXPECT_EQ(normaliseDate("2024.12.01"), "2024-12-01");
  EXPECT_EQ(normaliseDate("2024/2/30"), "");
  EXPECT_EQ(normaliseDate("2024/03-05"), "");
  EXPECT_EQ(normaliseDate("5/3/2024"), "");
  EXPECT_EQ(normaliseDate("yesterday"), "");
}

TEST(FieldCodec, TrimRemovesAsciiAndFullWidthSpaces) {
  EXPECT_EQ(trimCell("  张三\t"), "张三");
  EXPECT_EQ(trimCell("\xE3\x80\x80张三\xE3\x80\x80"), "张三");
  EXPECT_EQ(trimCell("a b"), "a b");
  EXPECT_EQ(trimCell("   "), "");
}

}  // namespace
