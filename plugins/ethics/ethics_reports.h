#pragma once

#include <tdr/tdr.h>

namespace tdr::ethics {

/// 典型案例通报: the violations confirmed and circulated in a period.
ReportTable disclosures(Context& ctx, const Params& p);
/// 违规统计: confirmed violations of a year by school and guideline.
ReportTable violations(Context& ctx, const Params& p);
/// Appraisal grades of a year by school.
ReportTable appraisalDistribution(Context& ctx, const Params& p);
/// Background checks (入职查询) due or overdue.
ReportTable checksDue(Context& ctx, const Params& p);
/// Sanctions of confirmed violations whose period ends within `days` (default 30) of `date`.
ReportTable sanctionsEnding(Context& ctx, const Params& p);

}  // namespace tdr::ethics
