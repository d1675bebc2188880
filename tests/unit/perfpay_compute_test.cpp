// Performance-pay arithmetic: largest-remainder apportionment, and the sheet as a property over
// thousands of random schemes (exact sum, no negative line, order does not matter).
#include <gtest/gtest.h>
#include <tdr/error.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "compute.h"

namespace {

using namespace tdr::perfpay;

long long sum(const std::vector<long long>& v) { return std::accumulate(v.begin(), v.end(), 0LL); }

TEST(PerfpayApportion, LargestRemainderTiesToTheEarlier) {
  EXPECT_EQ(apportion(100, {1, 1, 1}), (std::vector<long long>{34, 33, 33}));
  EXPECT_EQ(apportion(10, {0, 5, 5}), (std::vector<long long>{0, 5, 5}));
  EXPECT_EQ(apportion(7, {2, 3, 5}), (std::vector<long long>{1, 2, 4}));  // 1.4 2.1 3.5
  EXPECT_EQ(apportion(0, {1, 2}), (std::vector<long long>{0, 0}));
  EXPECT_EQ(apportion(5, {0, 0}), (std::vector<long long>{0, 0}));
  // Big numbers do not overflow: 10^12 fen over weights near 10^13.
  auto big = apportion(1000000000000LL, {9999999999999LL, 1LL, 3333333333333LL});
  EXPECT_EQ(sum(big), 1000000000000LL);
}

TEST(PerfpayCompute, VetoedTeachersIncentiveGoesToTheOthers) {
  Scheme s;
  s.poolFen = 1000000;  // 10,000.00
  s.basicPercent = 50;
  s.frontlinePercent = 100;
  std::vector<Teacher> t(3);
  for (int i = 0; i < 3; ++i) {
    t[i].staffNo = "T" + std::to_string(i);
    t[i].standardFen = 100000;
  }
  t[1].vetoed = true;
  Sheet sheet = computeSheet(s, t);
  EXPECT_EQ(sheet.lines[0].basicFen, 166667);
  EXPECT_EQ(sheet.lines[1].basicFen, 166667);
  EXPECT_EQ(sheet.lines[2].basicFen, 166666);
  EXPECT_EQ(sheet.lines[1].incentiveFen, 0);
  EXPECT_EQ(sheet.lines[0].incentiveFen, 250000);
  EXPECT_EQ(sheet.lines[2].incentiveFen, 250000);
  EXPECT_NE(sheet.lines[1].explanation.find("一票否决"), std::string::npos);
  s.vetoZeroesIncentive = false;
  sheet = computeSheet(s, t);
  EXPECT_EQ(sheet.lines[0].incentiveFen, 166667);  // 5000.00 / 3: ties to the smaller staff_no
  EXPECT_EQ(sheet.lines[1].incentiveFen, 166667);
  EXPECT_EQ(sheet.lines[2].incentiveFen, 166666);
}

TEST(PerfpayCompute, InputsThatCannotReconcileAreErrors) {
  Scheme s;
  s.chinese = false;  // the English messages; Chinese by default
  s.poolFen = 100000;
  std::vector<Teacher> t(2);
  t[0].staffNo = "A";
  t[0].standardFen = 1000;
  t[1].staffNo = "B";
  t[1].standardFen = 1000;
  t[0].allowanceFen = 40000;  // 400.00 of the 300.00 left after the basic 700.00
  try {
    computeSheet(s, t);
    FAIL() << "allowances over the pool";
  } catch (const tdr::Error& e) {
    EXPECT_NE(std::string(e.what()).find("allowances exceed the pool"), std::string::npos);
    ASSERT_EQ(e.details().size(), 1u);
    EXPECT_EQ(e.details()[0].field, "pool");
  }
  s.chinese = true;
  try {
    computeSheet(s, t);
    FAIL() << "allowances over the pool";
  } catch (const tdr::Error& e) {
    EXPECT_NE(std::string(e.what()).find("津贴超出了总额"), std::string::npos) << e.what();
    EXPECT_NE(e.details()[0].reason.find("岗位津贴 400.00"), std::string::npos)
        << e.details()[0].reason;
  }
  s.chinese = false;
  t[0].allowanceFen = 0;
  t[0].vetoed = t[1].vetoed = true;
  try {
    computeSheet(s, t);
    FAIL() << "everyone vetoed";
  } catch (const tdr::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no teacher is eligible"), std::string::npos);
  }
  EXPECT_THROW(computeSheet(s, {}), tdr::Error);
}

TEST(PerfpayCompute, ReconcilesToTheFenForThousandsOfRandomSchemes) {
  std::mt19937_64 rng(20251231);
  auto between = [&](long long lo, long long hi) {
    return lo + static_cast<long long>(rng() % static_cast<unsigned long long>(hi - lo + 1));
  };
  int errors = 0;
  for (int round = 0; round < 3000; ++round) {
    Scheme s;
    s.poolFen = between(1, 2000000000);
    s.basicPercent = static_cast<int>(between(0, 100));
    s.frontlinePercent = static_cast<int>(between(100, 300));
    s.vetoZeroesIncentive = between(0, 1);
    s.trainingFactorPercent = static_cast<int>(between(0, 100));
    s.rotationMonthlyFen = between(0, 3) == 0 ? between(1, 100000) : 0;
    std::vector<Teacher> teachers(static_cast<std::size_t>(between(1, 60)));
    for (std::size_t i = 0; i < teachers.size(); ++i) {
      Teacher& t = teachers[i];
      t.staffNo = "T" + std::to_string(between(0, 999999)) + "-" + std::to_string(i);
      t.months = static_cast<int>(between(0, 12));
      t.standardFen = between(0, 500000);
      t.score = static_cast<int>(between(0, 100));
      t.workloadPercent = static_cast<int>(between(0, 300));
      t.frontline = between(0, 1);
      t.headTeacherMonths = static_cast<int>(between(0, 12));
      t.allowanceFen = between(0, 9) == 0 ? between(0, 2000000) : 0;
      t.rotationMonths = static_cast<int>(between(0, 12));
      t.vetoed = between(0, 9) == 0;
      t.behindTraining = between(0, 4) == 0;
    }
    Sheet a;
    try {
      a = computeSheet(s, teachers);
    } catch (const tdr::Error&) {
      ++errors;  // allowances over the pool, nobody eligible: refused, never a wrong sheet
      continue;
    }
    long long total = 0;
    for (const auto& l : a.lines) {
      ASSERT_GE(l.basicFen, 0);
      ASSERT_GE(l.incentiveFen, 0);
      ASSERT_GE(l.totalFen, 0);
      ASSERT_EQ(l.totalFen, l.basicFen + l.allowanceFen + l.rotationFen + l.incentiveFen);
      if (l.vetoed && s.vetoZeroesIncentive) {
        ASSERT_EQ(l.incentiveFen, 0);
      }
      total += l.totalFen;
    }
    ASSERT_EQ(total, s.poolFen) << "round " << round;
    std::shuffle(teachers.begin(), teachers.end(), rng);
    Sheet b = computeSheet(s, teachers);
    ASSERT_EQ(a.lines.size(), b.lines.size());
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
      ASSERT_EQ(a.lines[i].staffNo, b.lines[i].staffNo);
      ASSERT_EQ(a.lines[i].totalFen, b.lines[i].totalFen);
      ASSERT_EQ(a.lines[i].explanation, b.lines[i].explanation);
    }
  }
  EXPECT_LT(errors, 1500) << "most random schemes must compute";
}

TEST(PerfpayCompute, YuanIsExact) {
  EXPECT_EQ(yuan(0), "0.00");
  EXPECT_EQ(yuan(5), "0.05");
  EXPECT_EQ(yuan(123456), "1234.56");
  EXPECT_EQ(yuan(-150), "-1.50");
}

}  // namespace
