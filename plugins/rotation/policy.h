#pragma once

#include <string>
#include <vector>

namespace tdr::rotation {

/// A year's rotation policy (rotation.policies, else the latest earlier year's, else these
/// defaults from 《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》).
struct Policy {
  int year = 0;
  int minYears = 6;            ///< continuous years at the current school
  int principalTerms = 2;      ///< principals: terms at one school
  int principalTermYears = 3;  ///< ... of this many years
  int retirementAgeMale = 60;  ///< statutory retirement ages
  int retirementAgeFemale = 55;
  int exemptBeforeRetirement = 5;      ///< exempt within this many years of retirement age
  bool exemptOnLeave = true;           ///< teachers on leave are exempt
  int quotaPercent = 10;               ///< rotated >= this % of the eligible, rounded up
  int backbonePercent = 20;            ///< backbone teachers >= this % of those rotated, rounded up
  int assignmentYears = 3;             ///< length of a planned assignment
  std::string referenceDay = "08-31";  ///< MM-DD: years are counted up to this day of the year

  std::string referenceDate() const;
  /// The day after the reference date: when the year's batch starts.
  std::string batchStart() const;
  /// The last day of an assignment starting on batchStart().
  std::string batchEnd() const;
};

/// What eligibility needs to know about a teacher.
struct TeacherFacts {
  long long id = 0;
  std::string staffNo;
  std::string gender;     ///< "F", "M" or ""
  std::string birthDate;  ///< "" when unknown
  std::string since;      ///< at_school_since, else hire_date; "" when unknown
  std::string post;
  std::string status;
  bool onAssignment = false;  ///< already away on an earlier batch's assignment
};

/// Full years from `from` to `to` (an anniversary that falls on a missing 29 February is the
/// 28th, as Chinese law counts periods); 0 when `to` is earlier.
int yearsCompleted(const std::string& from, const std::string& to);

/// ceil(n * percent / 100) in integers: 10% of 11 eligible is 2.
long long percentUp(long long n, int percent);

struct Eligibility {
  bool eligible = false;
  std::string basis;      ///< "teacher" (years at school) or "principal" (terms)
  std::string exemption;  ///< "near_retirement", "on_leave", "on_assignment" or ""
  int years = 0;          ///< years completed at the school by the reference date
};

/// Whether a teacher must rotate in the policy's year, and why (or why not).
Eligibility eligibility(const Policy& p, const TeacherFacts& t);

/// One school's quota for a year.
struct Quota {
  long long eligible = 0;
  long long required = 0;  ///< percentUp(eligible, quotaPercent)
  long long rotated = 0;   ///< planned, active or completed in the year's batch
  long long backboneRotated = 0;
  /// percentUp(max(rotated, required), backbonePercent), capped by the backbone teachers the
  /// school has to send (eligible or already in the batch): a school without them can still
  /// meet its quota.
  long long backboneRequired = 0;
  long long backboneWanted = 0;  ///< the share before the cap
  bool backboneCapped() const { return backboneRequired < backboneWanted; }
  long long shortfall = 0;
  long long backboneShortfall = 0;
  bool met() const { return shortfall == 0 && backboneShortfall == 0; }
};
/// `backboneAvailable` < 0: no cap.
Quota quotaOf(const Policy& p, long long eligible, long long rotated, long long backboneRotated,
              long long backboneAvailable = -1);

}  // namespace tdr::rotation
