#pragma once

#include <tdr/tdr.h>

#include <map>
#include <string>
#include <vector>

#include "compute.h"

namespace tdr::perfpay {

/// The kinds of allowance (津贴) a teacher may hold in a scheme year.
extern const std::vector<Choice> kAllowanceKinds;

/// The label of choice `value` ("" labels as itself).
std::string label(const std::vector<Choice>& choices, const std::string& value);

/// One school's scheme of a year as the plugin works with it.
struct SchemeRow {
  long long id = 0;
  long long school = 0;
  std::string code;
  int year = 0;
  std::string status;
  Scheme params;  ///< filled by schemesOf
};

// Every school's teachers for a year with their inputs, allowances and vetoes, read in a few
// queries for the whole request (a district's computation does not query school by school).
struct Inputs {
  std::map<long long, std::vector<Teacher>> bySchool;
  std::map<long long, std::vector<FieldError>> problems;  // per school
};

/// The scheme named by the parameters `school` and `year`; the caller's own school only.
SchemeRow requireScheme(Context& ctx, const Params& p);

/// The months of `year` a teacher hired on `hireDate` is paid for when the inputs do not say:
/// 12 when hired before the year, 0 after it; in the year, from the month of hire when hired
/// by its 15th, else from the next month ("2025-09-10" → 4, "2025-10-20" → 2).
int monthsServed(const std::string& hireDate, int year);

/// Every school's teachers of `year` (of one school when `onlySchool`) with their inputs,
/// allowances and ethics vetoes.
Inputs loadInputs(Context& ctx, int year, long long onlySchool);

/// The optional factors of one scheme, from their plugins: teachers behind on training hours,
/// months away on rotation.
void applyFactors(Context& ctx, const SchemeRow& s, std::vector<Teacher>& teachers);

}  // namespace tdr::perfpay
