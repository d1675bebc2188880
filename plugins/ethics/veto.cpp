#include "veto.h"

#include <cstdio>
#include <cstdlib>

namespace tdr::ethics {

int sanctionMonths(const std::string& handling) {
  if (handling == "warning") return 6;
  if (handling == "demerit") return 12;
  if (handling == "demotion" || handling == "removal") return 24;
  if (handling == "dismissal") return -1;
  return 0;
}

std::string addMonths(const std::string& date, int months) {
  int y = std::atoi(date.substr(0, 4).c_str()), m = std::atoi(date.substr(5, 2).c_str()),
      d = std::atoi(date.substr(8, 2).c_str());
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
  if (d > max) d = max;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

namespace {
std::string dayBefore(const std::string& date) {
  int y = std::atoi(date.substr(0, 4).c_str()), m = std::atoi(date.substr(5, 2).c_str()),
      d = std::atoi(date.substr(8, 2).c_str());
  if (d > 1) {
    --d;
  } else {
    if (--m == 0) {
      m = 12;
      --y;
    }
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    d = kDays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}
}  // namespace

std::string effectUntil(const std::string& handling, const std::string& start) {
  int months = sanctionMonths(handling);
  if (months == 0 || start.empty()) return {};
  if (months < 0) return "9999-12-31";
  // A six-month warning from 2024-01-10 keeps effect through 2024-07-09.
  return dayBefore(addMonths(start, months));
}

Veto vetoOn(const std::vector<VetoFact>& facts, const std::string& date) {
  Veto v;
  bool appraisal = false, sanction = false;
  for (const auto& f : facts) {
    if (date < f.from || date > f.until) continue;
    v.vetoed = true;
    if (f.until > v.until) v.until = f.until;
    (f.kind == VetoFact::kAppraisalUnqualified ? appraisal : sanction) = true;
  }
  if (appraisal) v.reasons.push_back("appraisal_unqualified");
  if (sanction) v.reasons.push_back("sanction_in_effect");
  return v;
}

}  // namespace tdr::ethics
