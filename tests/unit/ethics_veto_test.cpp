// The one-vote veto's rules, as a truth table over sanction boundaries and appraisals.
#include <gtest/gtest.h>

#include "veto.h"

namespace {

using tdr::ethics::appraisalFact;
using tdr::ethics::effectUntil;
using tdr::ethics::parsePurpose;
using tdr::ethics::Purpose;
using tdr::ethics::sanctionFact;
using tdr::ethics::Veto;
using tdr::ethics::vetoedMonths;
using tdr::ethics::VetoFact;
using tdr::ethics::vetoOn;
using tdr::ethics::VetoPolicy;
using tdr::ethics::VetoRule;

TEST(EthicsVeto, SanctionPeriodsFollowTheRegulations) {
  EXPECT_EQ(effectUntil("warning", "2024-01-10"), "2024-07-09");    // 警告 6 months
  EXPECT_EQ(effectUntil("demerit", "2024-01-10"), "2025-01-09");    // 记过 12
  EXPECT_EQ(effectUntil("demotion", "2024-01-10"), "2026-01-09");   // 降低岗位等级 24
  EXPECT_EQ(effectUntil("removal", "2024-03-01"), "2026-02-28");    // 撤职 24
  EXPECT_EQ(effectUntil("dismissal", "2024-03-01"), "9999-12-31");  // 开除
  EXPECT_EQ(effectUntil("warning", "2023-08-31"), "2024-02-28");    // day clamped, then -1
  EXPECT_EQ(effectUntil("warning", "2023-08-31").size(), 10u);
  EXPECT_EQ(effectUntil("criticism", "2024-01-10"), "");  // no sanction
  EXPECT_EQ(effectUntil("disqualified", "2024-01-10"), "");
}

struct Row {
  std::string date;
  bool vetoed;
  std::string until;
  std::vector<std::string> reasons;
};

TEST(EthicsVeto, TruthTable) {
  std::vector<VetoFact> facts = {
      {VetoFact::kSanction, "2024-01-10", "2024-07-09"},              // a warning
      {VetoFact::kAppraisalUnqualified, "2025-01-01", "2026-12-31"},  // 不合格 in 2025
  };
  std::vector<Row> table = {
      {"2024-01-09", false, "", {}},                                  // the day before
      {"2024-01-10", true, "2024-07-09", {"sanction_in_effect"}},     // first day
      {"2024-07-09", true, "2024-07-09", {"sanction_in_effect"}},     // last day
      {"2024-07-10", false, "", {}},                                  // expired
      {"2025-06-30", true, "2026-12-31", {"appraisal_unqualified"}},  // the appraisal year
      {"2026-12-31", true, "2026-12-31", {"appraisal_unqualified"}},  // and the next
      {"2027-01-01", false, "", {}},
  };
  for (const auto& row : table) {
    Veto v = vetoOn(facts, row.date);
    EXPECT_EQ(v.vetoed, row.vetoed) << row.date;
    EXPECT_EQ(v.until, row.until) << row.date;
    EXPECT_EQ(v.reasons, row.reasons) << row.date;
  }
  facts.push_back({VetoFact::kSanction, "2025-05-01", "2027-04-30"});  // 记过 overlapping
  Veto both = vetoOn(facts, "2025-06-30");
  EXPECT_EQ(both.until, "2027-04-30");
  EXPECT_EQ(both.reasons,
            (std::vector<std::string>{"appraisal_unqualified", "sanction_in_effect"}));
  EXPECT_FALSE(vetoOn({}, "2025-06-30").vetoed);
}

TEST(EthicsVeto, RulesByPurposeAndTheBroadestWhenUnsaid) {
  VetoPolicy defaults;
  EXPECT_EQ(defaults.rule(Purpose::kPay).appraisalYears, 0);
  EXPECT_EQ(defaults.rule(Purpose::kHonours).appraisalYears, 1);
  EXPECT_EQ(defaults.rule(Purpose::kPromotion).appraisalYears, 1);
  VetoPolicy p;
  p.pay.sanctionMonths = 3;
  p.promotion.appraisalYears = 2;
  VetoRule any = p.rule(Purpose::kAny);
  EXPECT_EQ(any.appraisalYears, 2);
  EXPECT_EQ(any.sanctionMonths, 3);
  Purpose out = Purpose::kAny;
  EXPECT_TRUE(parsePurpose("honours", out));
  EXPECT_EQ(out, Purpose::kHonours);
  EXPECT_TRUE(parsePurpose("", out));
  EXPECT_EQ(out, Purpose::kAny);
  EXPECT_FALSE(parsePurpose("salary", out));
}

TEST(EthicsVeto, FactsUnderARule) {
  // 2024 不合格: pay (0 years) through 2024-12-31; honours (1) through 2025-12-31.
  EXPECT_EQ(appraisalFact(2024, {0, 0}).until, "2024-12-31");
  EXPECT_EQ(appraisalFact(2024, {1, 0}).until, "2025-12-31");
  EXPECT_EQ(appraisalFact(2024, {1, 0}).from, "2024-01-01");
  // A warning in effect 2024-01-10..2024-07-09; 6 months more: through 2025-01-09.
  EXPECT_EQ(sanctionFact("2024-01-10", "2024-07-09", {0, 0}).until, "2024-07-09");
  EXPECT_EQ(sanctionFact("2024-01-10", "2024-07-09", {0, 6}).until, "2025-01-09");
  EXPECT_EQ(sanctionFact("2024-01-10", "9999-12-31", {0, 6}).until, "9999-12-31");
  EXPECT_FALSE(vetoOn({appraisalFact(2024, {0, 0})}, "2025-01-01").vetoed);
  EXPECT_TRUE(vetoOn({appraisalFact(2024, {1, 0})}, "2025-01-01").vetoed);
}

TEST(EthicsVeto, VetoedMonthsOfAPeriod) {
  // A warning from 2025-03-01 in effect through 2025-08-31: March to August, 6 months of 2025.
  VetoFact warning = sanctionFact("2025-03-01", "2025-08-31", {0, 0});
  EXPECT_EQ(vetoedMonths({warning}, "2025-01-01", "2025-12-31"), 6);
  // One day of a month is enough: 2025-03-31 through 2025-04-01 touches two months.
  EXPECT_EQ(
      vetoedMonths({sanctionFact("2025-03-31", "2025-04-01", {0, 0})}, "2025-01-01", "2025-12-31"),
      2);
  EXPECT_EQ(vetoedMonths({appraisalFact(2025, {0, 0})}, "2025-01-01", "2025-12-31"), 12);
  EXPECT_EQ(vetoedMonths({}, "2025-01-01", "2025-12-31"), 0);
}

}  // namespace
