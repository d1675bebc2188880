#include "policy.h"

#include <tdr/checks.h>

#include <algorithm>
#include <cstdlib>

namespace tdr::rotation {

std::string Policy::referenceDate() const { return std::to_string(year) + "-" + referenceDay; }
std::string Policy::batchStart() const { return addDays(referenceDate(), 1); }
std::string Policy::batchEnd() const {
  return addDays(addMonths(batchStart(), 12 * assignmentYears), -1);
}

int yearsCompleted(const std::string& from, const std::string& to) {
  if (from.size() != 10 || to.size() != 10 || to < from) return 0;
  int years = std::atoi(to.substr(0, 4).c_str()) - std::atoi(from.substr(0, 4).c_str());
  if (addMonths(from, 12 * years) > to) --years;
  return std::max(years, 0);
}

long long percentUp(long long n, int percent) { return (n * percent + 99) / 100; }

Eligibility eligibility(const Policy& p, const TeacherFacts& t) {
  Eligibility e;
  const std::string ref = p.referenceDate();
  e.years = t.since.empty() ? 0 : yearsCompleted(t.since, ref);
  if (t.post == "support" || t.since.empty()) return e;  // 教辅 staff do not rotate
  bool principal = t.post == "principal" || t.post == "vice_principal";
  int needed = principal ? p.principalTerms * p.principalTermYears : p.minYears;
  if (e.years < needed) return e;
  e.basis = principal ? "principal" : "teacher";
  if (t.status == "leave" && p.exemptOnLeave) {
    e.exemption = "on_leave";
  } else if (t.status != "active" && t.status != "leave") {
    e.basis.clear();
    return e;
  } else if (t.onAssignment) {
    e.exemption = "on_assignment";
  } else if (!t.birthDate.empty()) {
    int age = t.gender == "F" ? p.retirementAgeFemale : p.retirementAgeMale;
    if (addMonths(t.birthDate, 12 * (age - p.exemptBeforeRetirement)) <= ref)
      e.exemption = "near_retirement";
  }
  e.eligible = e.exemption.empty();
  return e;
}

Quota quotaOf(const Policy& p, long long eligible, long long rotated, long long backboneRotated,
              long long backboneAvailable) {
  Quota q;
  q.eligible = eligible;
  q.required = percentUp(eligible, p.quotaPercent);
  q.rotated = rotated;
  q.backboneRotated = backboneRotated;
  q.backboneWanted = percentUp(std::max(rotated, q.required), p.backbonePercent);
  q.backboneRequired =
      backboneAvailable < 0 ? q.backboneWanted : std::min(q.backboneWanted, backboneAvailable);
  q.shortfall = std::max(0LL, q.required - rotated);
  q.backboneShortfall = std::max(0LL, q.backboneRequired - backboneRotated);
  return q;
}

}  // namespace tdr::rotation
