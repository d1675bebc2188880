#pragma once

#include <tdr/registrar.h>

namespace tdr::training {

/// A teacher's records in a cycle with totals by level and category, required, done and
/// expected hours, and whether they are on track. Params: staff_no, year (default this year).
ReportTable transcript(Context& ctx, const Params& params);

/// Teachers of a school, a cluster or the district who are behind pace at the end of a year,
/// with their shortfall. Params: school=CODE or cluster=CODE (neither: the whole district),
/// year (default this year).
ReportTable compliance(Context& ctx, const Params& params);

/// Action `training.behind` {school, year}: the school's teachers behind pace at the end of the
/// year, {"behind": [{"staff_no", "shortfall_hours"}]} (the performance-pay factor asks).
JsonPtr behind(Context& ctx, const JsonPtr& params);

/// Approved hours and teachers per provider in a period. Params: from, to (default this year).
ReportTable providers(Context& ctx, const Params& params);

/// 审核状态 (pending, approved, rejected): the records' field and the portfolio's column.
Field statusField();

/// The portfolio section: this cycle's progress and the latest records.
PortfolioSpec portfolioSection();

}  // namespace tdr::training
