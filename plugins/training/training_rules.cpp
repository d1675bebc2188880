#include "training_rules.h"

#include <soci/soci.h>

#include <algorithm>

namespace tdr::training {

Rules loadRules(soci::session& s) {
  Rules r;
  std::string key;
  long long value = 0;
  soci::statement st =
      (s.prepare << "SELECT key, value FROM training_rules", soci::into(key), soci::into(value));
  st.execute();
  while (st.fetch()) {
    if (key == "cycle_start_year") r.cycleStartYear = static_cast<int>(value);
    if (key == "cycle_years" && value > 0) r.cycleYears = static_cast<int>(value);
    if (key == "cycle_hours_x10") r.cycleHoursX10 = value;
    if (key == "pace_x10") r.paceX10 = value;
    if (key == "probation_x10") r.probationX10 = value;
    if (key == "school_based_cap_percent") r.schoolBasedCapPercent = static_cast<int>(value);
  }
  return r;
}

std::string Cycle::from() const { return std::to_string(first) + "-01-01"; }
std::string Cycle::to() const { return std::to_string(last) + "-12-31"; }
std::string Cycle::name() const { return std::to_string(first) + "-" + std::to_string(last); }

Cycle cycleOf(const Rules& r, int year) {
  int offset = year - r.cycleStartYear;
  int index = offset >= 0 ? offset / r.cycleYears : -((-offset + r.cycleYears - 1) / r.cycleYears);
  Cycle c;
  c.first = r.cycleStartYear + index * r.cycleYears;
  c.last = c.first + r.cycleYears - 1;
  return c;
}

long long expectedByEndOf(const Rules& r, int year, const std::string& hireDate) {
  Cycle c = cycleOf(r, year);
  int hireYear = hireDate.size() >= 4 ? std::stoi(hireDate.substr(0, 4)) : 0;
  if (hireYear > year) return 0;
  long long expected = 0;
  for (int y = std::max(c.first, hireYear); y <= year; ++y)
    expected += y == hireYear ? r.probationX10 : r.paceX10;
  return std::min(expected, r.cycleHoursX10);
}

long long countable(const Rules& r, long long totalX10, long long schoolBasedX10) {
  if (r.schoolBasedCapPercent <= 0) return totalX10;
  long long cap = r.cycleHoursX10 * r.schoolBasedCapPercent / 100;
  return totalX10 - schoolBasedX10 + std::min(schoolBasedX10, cap);
}

}  // namespace tdr::training
