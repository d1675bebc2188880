#include "veto.h"

#include <tdr/checks.h>

#include <algorithm>

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

bool parsePurpose(const std::string& s, Purpose& out) {
  if (s.empty())
    out = Purpose::kAny;
  else if (s == "pay")
    out = Purpose::kPay;
  else if (s == "honours")
    out = Purpose::kHonours;
  else if (s == "promotion")
    out = Purpose::kPromotion;
  else
    return false;
  return true;
}

VetoRule VetoPolicy::rule(Purpose p) const {
  switch (p) {
    case Purpose::kPay:
      return pay;
    case Purpose::kHonours:
      return honours;
    case Purpose::kPromotion:
      return promotion;
    case Purpose::kAny:
      break;
  }
  VetoRule r;
  for (const VetoRule& x : {pay, honours, promotion}) {
    r.appraisalYears = std::max(r.appraisalYears, x.appraisalYears);
    r.sanctionMonths = std::max(r.sanctionMonths, x.sanctionMonths);
  }
  return r;
}

VetoFact appraisalFact(int year, const VetoRule& rule) {
  return {VetoFact::kAppraisalUnqualified, std::to_string(year) + "-01-01",
          std::to_string(year + rule.appraisalYears) + "-12-31"};
}

VetoFact sanctionFact(const std::string& from, const std::string& until, const VetoRule& rule) {
  // A dismissal (9999-12-31) vetoes for good whatever the rule adds.
  if (rule.sanctionMonths == 0 || until >= "9999") return {VetoFact::kSanction, from, until};
  // A warning in effect through 2024-07-09 with 6 months more vetoes through 2025-01-09.
  return {VetoFact::kSanction, from, addMonths(until, rule.sanctionMonths)};
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

int vetoedMonths(const std::vector<VetoFact>& facts, const std::string& from,
                 const std::string& to) {
  int n = 0;
  for (std::string month = from.substr(0, 7) + "-01"; month <= to; month = addMonths(month, 1)) {
    const std::string end = addDays(addMonths(month, 1), -1);
    if (vetoDuring(facts, std::max(month, from), std::min(end, to)).vetoed) ++n;
  }
  return n;
}

}  // namespace tdr::ethics
