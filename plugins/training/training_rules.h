#pragma once

#include <string>

namespace soci {
class session;
}

namespace tdr::training {

/// The requirement rules, from training_rules (defaults: 360 学时 per 5-year cycle from 2021,
/// 72 a year, 120 in the probation year, no cap on school-based hours).
struct Rules {
  int cycleStartYear = 2021;
  int cycleYears = 5;
  long long cycleHoursX10 = 3600;
  long long paceX10 = 720;
  long long probationX10 = 1200;
  int schoolBasedCapPercent = 0;  ///< 0: school-based hours all count
};

Rules loadRules(soci::session& s);

/// A requirement cycle: years first..last.
struct Cycle {
  int first = 0;
  int last = 0;
  std::string from() const;  ///< "first-01-01"
  std::string to() const;    ///< "last-12-31"
  std::string name() const;  ///< "2021-2025"
};

/// The cycle that holds `year`.
Cycle cycleOf(const Rules& r, int year);

/// Hours (x10) a teacher hired on `hireDate` ("" = before the cycle) should have completed in
/// the cycle of `year` by the end of `year`: the pace for each year of the cycle the teacher
/// served, the probation hours in the year of hiring, capped at the cycle's hours.
long long expectedByEndOf(const Rules& r, int year, const std::string& hireDate);

/// Hours (x10) that count towards the requirement: school-based hours above the cap (a
/// percentage of the cycle's hours) do not.
long long countable(const Rules& r, long long totalX10, long long schoolBasedX10);

}  // namespace tdr::training
