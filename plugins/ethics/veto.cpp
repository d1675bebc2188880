#include "veto.h"

#include <tdr/checks.h>

namespace tdr::ethics {

int sanctionMonths(const std::string& handling) {
  if (handling == "warning") return 6;
  if (handling == "demerit") return 12;
  if (handling == "demotion" || handling == "removal") return 24;
  if (handling == "dismissal") return -1;
  return 0;
}

std::string effectUntil(const std::string& handling, const std::string& start) {
  int months = sanctionMonths(handling);
  if (months == 0 || start.empty()) return {};
  if (months < 0) return "9999-12-31";
  // A six-month warning from 2024-01-10 keeps effect through 2024-07-09.
  return addDays(addMonths(start, months), -1);
}

Veto vetoOn(const std::vector<VetoFact>& facts, const std::string& date) {
  return vetoDuring(facts, date, date);
}

Veto vetoDuring(const std::vector<VetoFact>& facts, const std::string& from,
                const std::string& to) {
  Veto v;
  bool appraisal = false, sanction = false;
  for (const auto& f : facts) {
    if (to < f.from || from > f.until) continue;
    v.vetoed = true;
    if (f.until > v.until) v.until = f.until;
    (f.kind == VetoFact::kAppraisalUnqualified ? appraisal : sanction) = true;
  }
  if (appraisal) v.reasons.push_back("appraisal_unqualified");
  if (sanction) v.reasons.push_back("sanction_in_effect");
  return v;
}

}  // namespace tdr::ethics
