#include <gtest/gtest.h>
#include <tdr/checks.h>
#include <tdr/record.h>

#include "test_support.h"

namespace {

TEST(Checks, DatesMustBeRealCalendarDays) {
  EXPECT_TRUE(tdr::isValidDate("2024-02-29"));
  EXPECT_FALSE(tdr::isValidDate("2023-02-29"));
  EXPECT_FALSE(tdr::isValidDate("1900-02-29"));
  EXPECT_TRUE(tdr::isValidDate("2000-02-29"));
  EXPECT_FALSE(tdr::isValidDate("2024-13-01"));
  EXPECT_FALSE(tdr::isValidDate("2024-04-31"));
  EXPECT_FALSE(tdr::isValidDate("2024/04/01"));
  EXPECT_FALSE(tdr::isValidDate("24-04-01"));
  EXPECT_FALSE(tdr::isValidDate(""));
}

TEST(Checks, NationalIdCheckDigitFollowsGb11643) {
  // The standard's own example number.
  EXPECT_TRUE(tdr::isValidNationalId("11010519491231002X"));
  EXPECT_TRUE(tdr::isValidNationalId("11010519491231002x"));
  EXPECT_FALSE(tdr::isValidNationalId("110105194912310021"));  // wrong check digit
  EXPECT_FALSE(tdr::isValidNationalId("11010519491331002X"));  // month 13
  EXPECT_FALSE(tdr::isValidNationalId("1101051949123100"));    // too short
  EXPECT_FALSE(tdr::isValidNationalId("11010519491231A02X"));  // letter in body
  std::string built = tdr::test::nationalIdFromBody("32010519850704123");
  EXPECT_TRUE(tdr::isValidNationalId(built));
}

TEST(Checks, Utf8ValidationRejectsMalformedAndOverlongSequences) {
  EXPECT_TRUE(tdr::isValidUtf8("教师 teacher"));
  EXPECT_FALSE(tdr::isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(tdr::isValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(tdr::isValidUtf8("\xE6\x95"));          // truncated
  EXPECT_FALSE(tdr::isValidUtf8("\xBD\xCC\xCA\xA6"));  // GBK bytes of 教师
}

TEST(Checks, ScaledDecimalsParseExactly) {
  long long v = 0;
  ASSERT_TRUE(tdr::parseScaledDecimal("2.5", 1, v));
  EXPECT_EQ(v, 25);
  ASSERT_TRUE(tdr::parseScaledDecimal("12", 1, v));
  EXPECT_EQ(v, 120);
  ASSERT_TRUE(tdr::parseScaledDecimal("1234.05", 2, v));
  EXPECT_EQ(v, 123405);
  EXPECT_FALSE(tdr::parseScaledDecimal("2.55", 1, v));
  EXPECT_FALSE(tdr::parseScaledDecimal("-1", 1, v));
  EXPECT_FALSE(tdr::parseScaledDecimal("1e3", 1, v));
  EXPECT_FALSE(tdr::parseScaledDecimal(".5", 1, v));
  EXPECT_FALSE(tdr::parseScaledDecimal("5.", 1, v));
  EXPECT_FALSE(tdr::parseScaledDecimal("99999999999999999999", 1, v));
}

TEST(Checks, ScaledDecimalsFormatWithoutTrailingZeros) {
  EXPECT_EQ(tdr::formatScaledDecimal(25, 1), "2.5");
  EXPECT_EQ(tdr::formatScaledDecimal(20, 1), "2");
  EXPECT_EQ(tdr::formatScaledDecimal(123405, 2), "1234.05");
  EXPECT_EQ(tdr::formatScaledDecimal(-150, 2), "-1.5");
}

}  // namespace

TEST(Checks, DateArithmeticClampsToTheMonthsLastDay) {
  EXPECT_EQ(tdr::addMonths("2024-01-31", 1), "2024-02-29");
  EXPECT_EQ(tdr::addMonths("2023-01-31", 1), "2023-02-28");
  EXPECT_EQ(tdr::addMonths("2016-02-29", 72), "2022-02-28");
  EXPECT_EQ(tdr::addMonths("2024-11-30", 2), "2025-01-30");
  EXPECT_EQ(tdr::addMonths("2025-03-15", -3), "2024-12-15");
  EXPECT_EQ(tdr::addDays("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(tdr::addDays("2023-12-31", 1), "2024-01-01");
  EXPECT_EQ(tdr::addDays("2024-03-01", -1), "2024-02-29");
  EXPECT_EQ(tdr::addDays("2025-01-01", -1), "2024-12-31");
  EXPECT_EQ(tdr::addDays("2025-01-01", 0), "2025-01-01");
}
