#pragma once

#include <string>
#include <vector>

namespace tdr::ethics {

/// How long a sanction keeps effect, in months (警告 6, 记过 12, 降低岗位等级/撤职 24);
/// -1 for 开除 (for good); 0 for handling that is no sanction (批评教育, 诫勉谈话, 通报批评,
/// 取消评优评先).
int sanctionMonths(const std::string& handling);

/// The last day a sanction imposed on `start` keeps effect ("9999-12-31" for dismissal, ""
/// when the handling is no sanction).
std::string effectUntil(const std::string& handling, const std::string& start);

/// What a veto is asked for: each purpose has its own periods (docs/ethics.md).
enum class Purpose { kAny, kPay, kHonours, kPromotion };

/// "pay", "honours", "promotion", or "" for any; false for anything else.
bool parsePurpose(const std::string& s, Purpose& out);

/// How long facts veto for one purpose: an unqualified appraisal of year Y through the end of
/// year Y + appraisalYears; a sanction through the end of its effect plus sanctionMonths.
struct VetoRule {
  int appraisalYears = 0;
  int sanctionMonths = 0;
};

/// A year's veto policy (ethics.policies), a rule per purpose. Without a policy row the
/// defaults hold: pay — the appraisal's own year, sanctions while in effect; honours and
/// promotion — the appraisal's year and the next, sanctions while in effect.
struct VetoPolicy {
  VetoRule pay{0, 0};
  VetoRule honours{1, 0};
  VetoRule promotion{1, 0};
  /// The rule for `p`; kAny (a caller that does not say) gets the broadest of the three.
  VetoRule rule(Purpose p) const;
};

/// One fact that can veto: an unqualified appraisal of a year, or a confirmed sanction.
struct VetoFact {
  enum Kind { kAppraisalUnqualified, kSanction } kind;
  std::string from;   ///< first day it vetoes
  std::string until;  ///< last day it vetoes
};

/// The fact of an unqualified appraisal of `year` under `rule`.
VetoFact appraisalFact(int year, const VetoRule& rule);
/// The fact of a sanction in effect from `from` through `until` under `rule`.
VetoFact sanctionFact(const std::string& from, const std::string& until, const VetoRule& rule);

/// The veto on `date`: whether any fact covers it, until when (the latest end among those that
/// cover it), and the reason codes, in a fixed order without duplicates.
struct Veto {
  bool vetoed = false;
  std::string until;
  std::vector<std::string> reasons;
};
Veto vetoOn(const std::vector<VetoFact>& facts, const std::string& date);

/// The veto on any day of [from, to]: as vetoOn, for every fact that covers one of those days.
Veto vetoDuring(const std::vector<VetoFact>& facts, const std::string& from, const std::string& to);

/// The calendar months of [from, to] with at least one vetoed day (a pay scheme that takes the
/// vetoed months only counts these).
int vetoedMonths(const std::vector<VetoFact>& facts, const std::string& from,
                 const std::string& to);

}  // namespace tdr::ethics
