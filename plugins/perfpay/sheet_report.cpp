// The pay sheet (工资表) of a scheme and a teacher's pay slips (工资条) in their portfolio.
#include "sheet_report.h"

#include <soci/soci.h>
#include <tdr/checks.h>

#include "inputs.h"

namespace tdr::perfpay {

ReportTable sheetReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"school", "year", "headers"});
  std::string headers = paramOr(params, "headers", "zh");
  if (headers != "zh" && headers != "en")
    throw validationError(ctx.text("表头只能是 zh 或 en", "headers must be zh or en"),
                          {{"headers", ctx.text("不是 zh 或 en", "not zh/en")}});
  SchemeRow s = requireScheme(ctx, params);
  ReportTable t;
  t.columns = {"staff_no", "name",      "months", "basic",  "allowances",
               "rotation", "incentive", "total",  "vetoed", "explanation"};
  std::string staff, name, explanation;
  long long months = 0, basic = 0, allowance = 0, rotation = 0, incentive = 0, total = 0,
            vetoed = 0;
  soci::statement st =
      (ctx.db().prepare << "SELECT t.staff_no, t.name, l.months, l.basic_fen, l.allowance_fen, "
                           "l.rotation_fen, l.incentive_fen, l.total_fen, l.vetoed, "
                           "l.explanation FROM perfpay_lines l JOIN core_teachers t ON t.id = "
                           "l.teacher_id WHERE l.scheme_id = :s ORDER BY t.staff_no",
       soci::use(s.id), soci::into(staff), soci::into(name), soci::into(months), soci::into(basic),
       soci::into(allowance), soci::into(rotation), soci::into(incentive), soci::into(total),
       soci::into(vetoed), soci::into(explanation));
  st.execute();
  // Money in fen (the host writes yuan, as numbers in XLSX); a last row totals each column.
  long long sums[5] = {0, 0, 0, 0, 0};
  while (st.fetch()) {
    t.rows.push_back({Value{staff}, Value{name}, Value{months}, Value{basic}, Value{allowance},
                      Value{rotation}, Value{incentive}, Value{total},
                      Value{vetoed ? (headers == "zh" ? "是" : "yes") : ""}, Value{explanation}});
    long long parts[5] = {basic, allowance, rotation, incentive, total};
    for (int i = 0; i < 5; ++i) sums[i] += parts[i];
  }
  t.rows.push_back({Value{headers == "zh" ? "合计" : "total"}, Value{}, Value{}, Value{sums[0]},
                    Value{sums[1]}, Value{sums[2]}, Value{sums[3]}, Value{sums[4]}, Value{},
                    Value{}});
  return t;
}

// A teacher sees their own line once the scheme is published; HR and school administrators see
// every computed line.
PortfolioData portfolio(Context& ctx, long long teacher) {
  bool teacherView = ctx.user().scope == RoleScope::kOwnRecords;
  PortfolioData out;
  int year = 0;
  std::string status, explanation;
  long long basic = 0, allowance = 0, rotation = 0, incentive = 0, total = 0;
  soci::statement st =
      (ctx.db().prepare << "SELECT p.year, p.status, l.basic_fen, l.allowance_fen, "
                           "l.rotation_fen, l.incentive_fen, l.total_fen, l.explanation FROM "
                           "perfpay_lines l JOIN perfpay_schemes p ON p.id = l.scheme_id WHERE "
                           "l.teacher_id = :t ORDER BY p.year DESC",
       soci::use(teacher), soci::into(year), soci::into(status), soci::into(basic),
       soci::into(allowance), soci::into(rotation), soci::into(incentive), soci::into(total),
       soci::into(explanation));
  st.execute();
  while (st.fetch()) {
    if (teacherView && status != "published" && status != "locked") continue;
    out.rows.push_back({Value{static_cast<long long>(year)}, Value{status}, Value{basic},
                        Value{allowance}, Value{rotation}, Value{incentive}, Value{total},
                        Value{explanation}});
  }
  return out;
}

}  // namespace tdr::perfpay
