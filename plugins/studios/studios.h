#pragma once

#include <tdr/registrar.h>

#include <optional>
#include <string>

namespace tdr::studios {

/// What the rules and reports need to know about a studio.
struct Studio {
  long long id = 0;
  std::string code, name, level, status, cycleStart, cycleEnd, hostStaffNo;
  long long host = 0;
  long long capacity = 0;
};

std::optional<Studio> studioById(Context& ctx, long long id);

/// Reports: activity summary per studio and cycle, member hours, outputs; the portfolio.
ReportTable summaryReport(Context& ctx, const Params& params);
ReportTable memberHoursReport(Context& ctx, const Params& params);
ReportTable outputsReport(Context& ctx, const Params& params);
PortfolioData portfolio(Context& ctx, long long teacherId);

}  // namespace tdr::studios
