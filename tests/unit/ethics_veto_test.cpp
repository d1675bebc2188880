// The one-vote veto's rules, as a truth table over sanction boundaries and appraisals.
#include <gtest/gtest.h>

#include "veto.h"

namespace {

using tdr::ethics::effectUntil;
using tdr::ethics::Veto;
using tdr::ethics::VetoFact;
using tdr::ethics::vetoOn;

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

}  // namespace
