#pragma once

#include <tdr/tdr.h>

namespace tdr::perfpay {

/// perfpay.sheet {school, year, headers}: every line of a scheme, with a total row.
ReportTable sheetReport(Context& ctx, const Params& params);

/// The perfpay portfolio section: a teacher's slips of the published and locked schemes.
PortfolioData portfolio(Context& ctx, long long teacher);

}  // namespace tdr::perfpay
