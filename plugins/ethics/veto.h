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

/// One fact that can veto: an unqualified appraisal of a year, or a confirmed sanction.
struct VetoFact {
  enum Kind { kAppraisalUnqualified, kSanction } kind;
  std::string from;   ///< first day it vetoes
  std::string until;  ///< last day it vetoes
};

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

}  // namespace tdr::ethics
