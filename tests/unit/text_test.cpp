// The text helpers of the util layer: the request language and money for people.
#include "util/text.h"

#include <gtest/gtest.h>

namespace {

using namespace tdr::host;

TEST(Text, YuanHaveExactlyTwoDecimals) {
  EXPECT_EQ(yuanText(0), "0.00");
  EXPECT_EQ(yuanText(5), "0.05");
  EXPECT_EQ(yuanText(300000), "3000.00");
  EXPECT_EQ(yuanText(12345678), "123456.78");
  EXPECT_EQ(yuanText(-5), "-0.05");
  EXPECT_EQ(yuanText(-120), "-1.20");
}

TEST(Text, EnglishOnlyWhenAskedFirst) {
  EXPECT_EQ(languageFrom(""), "zh");
  EXPECT_EQ(languageFrom("zh-CN,zh;q=0.9"), "zh");
  EXPECT_EQ(languageFrom("en-US,en;q=0.9"), "en");
  LanguageScope en("en");
  EXPECT_EQ(tr("中文", "English"), "English");
}

}  // namespace
