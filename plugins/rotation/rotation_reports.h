#pragma once

#include <tdr/registrar.h>

#include <string>

namespace tdr::rotation {

/// "planned assignment 2025-09-01..2028-08-31 to XH0002" when teacher `teacherId` has a planned
/// or active assignment other than `selfId` overlapping [start, end]; "" otherwise.
std::string overlappingAssignment(Context& ctx, long long teacherId, long long selfId,
                                  const std::string& start, const std::string& end);

/// Who must rotate in a year. Params: year (default this year), school=CODE (default the whole
/// district), exempt=true to list the exempt with their exemption as well.
ReportTable eligibleReport(Context& ctx, const Params& params);
/// Every school's quota for a year: eligible, required, rotated, backbone share, shortfall.
/// Params: year, school=CODE.
ReportTable quotaReport(Context& ctx, const Params& params);
/// A teacher's postings. Params: staff_no.
ReportTable historyReport(Context& ctx, const Params& params);
/// Who works where on a date: home school and working school. Params: date, school=CODE
/// (teachers whose home or working school it is).
ReportTable whereReport(Context& ctx, const Params& params);

/// Replaces the year's drafts (rotation.drafts) with a proposed batch meeting every school's
/// quota. Params: year (required), school=CODE (plan one school only).
JsonPtr planAction(Context& ctx, const JsonPtr& params);
/// Turns the year's drafts into planned assignments, all or none. Params: year, school=CODE.
JsonPtr confirmAction(Context& ctx, const JsonPtr& params);
/// Record action rotation.drafts.confirm: the draft becomes a planned assignment.
JsonPtr confirmDraft(Context& ctx, const Record& draft, const JsonPtr& params);

/// Action rotation.months {school, year}: for the school's teachers (home school), the months of
/// the year they worked elsewhere on an assignment that was not cancelled (a month counts when
/// the assignment covers its 15th): {"months": {"T0001": 4, ...}}. Performance pay asks.
JsonPtr monthsAction(Context& ctx, const JsonPtr& params);

/// The portfolio section's data: where the teacher works today (code and name) and their
/// postings (the history report's rows).
PortfolioData portfolio(Context& ctx, long long teacherId);

}  // namespace tdr::rotation
