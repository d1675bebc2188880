// Rotation eligibility boundaries, quota arithmetic and the planner, on in-memory facts.
#include <gtest/gtest.h>

#include "planner.h"
#include "policy.h"

namespace {

using namespace tdr::rotation;

Policy policy2025() {
  Policy p;
  p.year = 2025;  // years are counted up to 2025-08-31
  return p;
}

TeacherFacts teacher(const std::string& since, const std::string& post = "teacher") {
  TeacherFacts t;
  t.staffNo = "T1";
  t.since = since;
  t.post = post;
  t.status = "active";
  t.gender = "M";
  t.birthDate = "1985-05-05";
  return t;
}

TEST(RotationPolicy, YearsCountFullAnniversariesWithLeapDaysOnTheTwentyEighth) {
  EXPECT_EQ(yearsCompleted("2019-08-31", "2025-08-31"), 6);
  EXPECT_EQ(yearsCompleted("2019-09-01", "2025-08-31"), 5);
  EXPECT_EQ(yearsCompleted("2016-02-29", "2022-02-28"), 6);
  EXPECT_EQ(yearsCompleted("2016-02-29", "2022-02-27"), 5);
  EXPECT_EQ(yearsCompleted("2016-02-29", "2024-02-28"), 7);  // 2024 has a 29th
  EXPECT_EQ(yearsCompleted("2016-02-29", "2024-02-29"), 8);
  EXPECT_EQ(yearsCompleted("2026-01-01", "2025-08-31"), 0);
}

TEST(RotationPolicy, ExactlySixYearsIsEligibleOneDayLessIsNot) {
  Policy p = policy2025();
  EXPECT_TRUE(eligibility(p, teacher("2019-08-31")).eligible);
  EXPECT_EQ(eligibility(p, teacher("2019-08-31")).years, 6);
  EXPECT_FALSE(eligibility(p, teacher("2019-09-01")).eligible);
  // A reference day of 02-28 on a leap-day arrival: the sixth anniversary is 2025-02-28.
  p.referenceDay = "02-28";
  EXPECT_TRUE(eligibility(p, teacher("2019-02-28")).eligible);
  p.year = 2022;
  EXPECT_TRUE(eligibility(p, teacher("2016-02-29")).eligible);
  p.referenceDay = "02-27";
  EXPECT_FALSE(eligibility(p, teacher("2016-02-29")).eligible);
}

TEST(RotationPolicy, PrincipalsRotateAfterTwoTermsAndSupportStaffNever) {
  Policy p = policy2025();
  p.principalTermYears = 4;  // two terms = 8 years
  EXPECT_FALSE(eligibility(p, teacher("2018-09-01", "principal")).eligible);
  EXPECT_TRUE(eligibility(p, teacher("2017-08-31", "principal")).eligible);
  EXPECT_EQ(eligibility(p, teacher("2017-08-31", "vice_principal")).basis, "principal");
  EXPECT_TRUE(eligibility(p, teacher("2018-09-01", "director")).eligible);
  EXPECT_FALSE(eligibility(p, teacher("2000-09-01", "support")).eligible);
}

TEST(RotationPolicy, ExemptionsNearRetirementOnLeaveAndAlreadyAway) {
  Policy p = policy2025();
  TeacherFacts t = teacher("2010-09-01");
  t.gender = "F";
  t.birthDate = "1975-08-31";  // 50 on 2025-08-31: within 5 years of 55
  EXPECT_EQ(eligibility(p, t).exemption, "near_retirement");
  t.birthDate = "1975-09-01";
  EXPECT_TRUE(eligibility(p, t).eligible);
  t.gender = "M";
  t.birthDate = "1970-08-31";  // 55: within 5 of 60
  EXPECT_EQ(eligibility(p, t).exemption, "near_retirement");
  t.birthDate = "1980-01-01";
  t.status = "leave";
  EXPECT_EQ(eligibility(p, t).exemption, "on_leave");
  p.exemptOnLeave = false;
  EXPECT_TRUE(eligibility(p, t).eligible);
  t.status = "retired";
  EXPECT_FALSE(eligibility(p, t).eligible);
  EXPECT_EQ(eligibility(p, t).basis, "");
  t.status = "active";
  t.onAssignment = true;
  EXPECT_EQ(eligibility(p, t).exemption, "on_assignment");
}

TEST(RotationPolicy, QuotasRoundUp) {
  Policy p = policy2025();
  EXPECT_EQ(percentUp(11, 10), 2);
  EXPECT_EQ(percentUp(10, 10), 1);
  EXPECT_EQ(percentUp(0, 10), 0);
  EXPECT_EQ(percentUp(1, 10), 1);
  EXPECT_EQ(percentUp(20, 10), 2);
  EXPECT_EQ(percentUp(21, 10), 3);
  Quota q = quotaOf(p, 11, 1, 0);
  EXPECT_EQ(q.required, 2);
  EXPECT_EQ(q.shortfall, 1);
  EXPECT_EQ(q.backboneRequired, 1);  // 20% of 2, up
  EXPECT_EQ(q.backboneShortfall, 1);
  EXPECT_FALSE(q.met());
  q = quotaOf(p, 11, 6, 1);  // 20% of 6 = 1.2 -> 2 backbone
  EXPECT_EQ(q.shortfall, 0);
  EXPECT_EQ(q.backboneRequired, 2);
  EXPECT_EQ(q.backboneShortfall, 1);
  EXPECT_TRUE(quotaOf(p, 0, 0, 0).met());
  // Capped by the backbone teachers the school has: 10 eligible, 1 rotated, none of them
  // backbone and none left -> ⌈20% × max(1, 1)⌉ = 1 wanted, min(1, 0) = 0 required, met.
  q = quotaOf(p, 10, 1, 0, 0);
  EXPECT_EQ(q.backboneWanted, 1);
  EXPECT_EQ(q.backboneRequired, 0);
  EXPECT_TRUE(q.backboneCapped());
  EXPECT_TRUE(q.met());
  // 30 eligible -> 3 required; 20% of 6 rotated -> 2 wanted; 1 backbone to send -> 1.
  q = quotaOf(p, 30, 6, 1, 1);
  EXPECT_EQ(q.backboneRequired, 1);
  EXPECT_EQ(q.backboneShortfall, 0);
  EXPECT_TRUE(q.backboneCapped());
  EXPECT_FALSE(quotaOf(p, 30, 6, 1, 5).backboneCapped());
}

PlanSchool school(long long id, const std::string& code, const std::string& stage,
                  std::vector<long long> clusters = {}) {
  PlanSchool s;
  s.id = id;
  s.code = code;
  s.stage = stage;
  s.clusters = std::move(clusters);
  return s;
}

TEST(RotationPlanner, MeetsQuotaWithBackboneFirstThenSubjectsInTurn) {
  Policy p = policy2025();
  std::vector<PlanSchool> schools = {school(1, "A", "primary", {7}), school(2, "B", "primary"),
                                     school(3, "C", "primary", {7}), school(4, "D", "junior")};
  schools[0].quota = quotaOf(p, 21, 0, 0);  // needs 3, 1 of them backbone
  std::vector<Candidate> c;
  auto add = [&](long long id, const std::string& staff, const std::string& since,
                 const std::string& subject, bool backbone) {
    c.push_back({id, 1, staff, since, subject, backbone, false});
  };
  add(10, "T10", "2001-09-01", "语文", false);
  add(11, "T11", "2002-09-01", "语文", false);
  add(12, "T12", "2003-09-01", "数学", false);
  add(13, "T13", "2010-09-01", "英语", true);
  add(14, "T14", "2004-09-01", "语文", false);
  auto out = planBatch(p, schools, c);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].teacherId, 13);  // the backbone share first
  EXPECT_EQ(out[0].basis, "backbone");
  EXPECT_EQ(out[1].teacherId, 10);  // then the longest-serving of the subject picked least
  EXPECT_EQ(out[2].teacherId, 12);  // 数学 before a second 语文
  // Same stage, fewest received so far, the home school's cluster on a tie: C, B, C.
  EXPECT_EQ(out[0].host, 3);
  EXPECT_EQ(out[0].kind, "cluster_flow");
  EXPECT_EQ(out[1].host, 2);
  EXPECT_EQ(out[1].kind, "exchange");
  EXPECT_EQ(out[2].host, 3);
  for (const auto& o : out) EXPECT_NE(o.host, 4) << "never to another stage while one exists";
  // Deterministic whatever the input order.
  std::reverse(c.begin(), c.end());
  auto again = planBatch(p, schools, c);
  ASSERT_EQ(again.size(), out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(again[i].teacherId, out[i].teacherId);
    EXPECT_EQ(again[i].host, out[i].host);
  }
}

TEST(RotationPlanner, TakesOnlyWhatIsMissingAndStopsWhenCandidatesRunOut) {
  Policy p = policy2025();
  std::vector<PlanSchool> schools = {school(1, "A", "primary"), school(2, "B", "primary")};
  schools[0].quota = quotaOf(p, 30, 2, 1);  // needs 3, has 2 (1 backbone)
  schools[1].quota = quotaOf(p, 50, 0, 0);  // needs 5, only 2 candidates
  std::vector<Candidate> c = {{1, 1, "A1", "2000-01-01", "x", false, false},
                              {2, 1, "A2", "2000-01-02", "x", false, false},
                              {3, 2, "B1", "2000-01-01", "x", false, true},
                              {4, 2, "B2", "2000-01-02", "y", true, false}};
  auto out = planBatch(p, schools, c);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].teacherId, 1);
  EXPECT_EQ(out[1].teacherId, 4);  // B's backbone share first
  EXPECT_EQ(out[2].teacherId, 3);
  EXPECT_EQ(out[2].kind, "cadre");
}

}  // namespace
