// The ethics reports: public disclosures, violations, the appraisal distribution by school and
// background checks falling due, each limited to the caller's school when they have one.
#include "ethics_reports.h"

#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/tdr.h>

namespace tdr::ethics {

namespace {

// School-scoped users see their own school's rows only.
std::string schoolScope(Context& ctx) {
  return ctx.user().schoolId ? " AND s.id = " + std::to_string(*ctx.user().schoolId) : "";
}

// Typical cases disclosed (通报) in a period: what was disclosed, not the case file.
}  // namespace

ReportTable disclosures(Context& ctx, const Params& p) {
  requireKnownParams(p, {"from", "to"});
  std::string year = ctx.today().substr(0, 4);
  std::string from = dateParam(p, "from", year + "-01-01");
  std::string to = dateParam(p, "to", year + "-12-31");
  ReportTable t;
  t.columns = {"case_no", "school", "category", "occurred_on"};
  std::string caseNo, school, category, occurred;
  soci::statement st =
      (ctx.db().prepare << "SELECT e.case_no, s.name, e.category, e.occurred_on FROM "
                           "ethics_events e JOIN core_teachers t ON t.id = e.teacher_id JOIN "
                           "core_schools s ON s.id = t.home_school_id WHERE e.disclosed = 1 AND "
                           "e.kind = 'violation' AND e.status = 'confirmed' AND e.occurred_on "
                           "BETWEEN :f AND :t" +
                               schoolScope(ctx) + " ORDER BY e.occurred_on, e.case_no",
       soci::use(from), soci::use(to), soci::into(caseNo), soci::into(school), soci::into(category),
       soci::into(occurred));
  st.execute();
  while (st.fetch())
    t.rows.push_back({Value{caseNo}, Value{school}, Value{category}, Value{occurred}});
  return t;
}

// Confirmed violations of a year by school and guideline.
ReportTable violations(Context& ctx, const Params& p) {
  requireKnownParams(p, {"year"});
  std::string y = std::to_string(yearParam(ctx, p)), from = y + "-01-01", to = y + "-12-31";
  ReportTable t;
  t.columns = {"school", "category", "violations"};
  std::string code, category;
  long long n = 0;
  soci::statement st =
      (ctx.db().prepare << "SELECT s.code, e.category, COUNT(*) FROM ethics_events e JOIN "
                           "core_teachers t ON t.id = e.teacher_id JOIN core_schools s ON s.id = "
                           "t.home_school_id WHERE e.kind = 'violation' AND e.status = "
                           "'confirmed' AND e.occurred_on BETWEEN :f AND :t" +
                               schoolScope(ctx) +
                               " GROUP BY s.code, e.category ORDER BY s.code, e.category",
       soci::use(from), soci::use(to), soci::into(code), soci::into(category), soci::into(n));
  st.execute();
  while (st.fetch()) t.rows.push_back({Value{code}, Value{category}, Value{n}});
  return t;
}

// How a year's appraisal grades are distributed per school.
ReportTable appraisalDistribution(Context& ctx, const Params& p) {
  requireKnownParams(p, {"year"});
  long long year = yearParam(ctx, p);
  ReportTable t;
  t.columns = {"school", "excellent", "qualified", "basic", "unqualified"};
  std::string code;
  long long ex = 0, q = 0, b = 0, u = 0;
  soci::statement st =
      (ctx.db().prepare << "SELECT s.code, "
                           "SUM(CASE WHEN a.grade = 'excellent' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN a.grade = 'qualified' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN a.grade = 'basic' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN a.grade = 'unqualified' THEN 1 ELSE 0 END) "
                           "FROM ethics_appraisals a JOIN core_teachers t ON t.id = a.teacher_id "
                           "JOIN core_schools s ON s.id = t.home_school_id WHERE a.year = :y" +
                               schoolScope(ctx) + " GROUP BY s.code ORDER BY s.code",
       soci::use(year), soci::into(code), soci::into(ex), soci::into(q), soci::into(b),
       soci::into(u));
  st.execute();
  while (st.fetch()) t.rows.push_back({Value{code}, Value{ex}, Value{q}, Value{b}, Value{u}});
  return t;
}

// Active staff not checked in the 12 months before a date (default today).
ReportTable checksDue(Context& ctx, const Params& p) {
  requireKnownParams(p, {"date"});
  std::string date = dateParam(p, "date", ctx.today());
  std::string since = std::to_string(std::stoi(date.substr(0, 4)) - 1) + date.substr(4);
  ReportTable t;
  t.columns = {"staff_no", "name", "school", "last_checked_on"};
  std::string staff, name, school, last;
  soci::indicator lastInd;
  soci::statement st =
      (ctx.db().prepare << "SELECT t.staff_no, t.name, s.code, MAX(c.queried_on) FROM "
                           "core_teachers t JOIN core_schools s ON s.id = t.home_school_id LEFT "
                           "JOIN ethics_checks c ON c.teacher_id = t.id OR (c.national_id_hash "
                           "IS NOT NULL AND c.national_id_hash = t.national_id_hash) WHERE "
                           "t.status = 'active'" +
                               schoolScope(ctx) +
                               " GROUP BY t.id, t.staff_no, t.name, s.code HAVING "
                               "MAX(c.queried_on) IS NULL OR MAX(c.queried_on) <= :since "
                               "ORDER BY t.staff_no",
       soci::use(since), soci::into(staff), soci::into(name), soci::into(school),
       soci::into(last, lastInd));
  st.execute();
  while (st.fetch())
    t.rows.push_back(
        {Value{staff}, Value{name}, Value{school}, lastInd == soci::i_ok ? Value{last} : Value{}});
  return t;
}

ReportTable sanctionsEnding(Context& ctx, const Params& p) {
  requireKnownParams(p, {"date", "days"});
  std::string from = dateParam(p, "date", ctx.today());
  std::string to = addDays(from, std::stoi(paramOr(p, "days", "30")));
  ReportTable t;
  t.columns = {"case_no", "staff_no", "name", "school", "handling", "effect_until"};
  std::string caseNo, staff, name, school, handling, until;
  soci::statement st =
      (ctx.db().prepare << "SELECT e.case_no, t.staff_no, t.name, s.code, e.handling, "
                           "e.effect_until FROM ethics_events e JOIN core_teachers t ON t.id = "
                           "e.teacher_id JOIN core_schools s ON s.id = t.home_school_id WHERE "
                           "e.kind = 'violation' AND e.status = 'confirmed' AND e.effect_until "
                           "BETWEEN :f AND :t" +
                               schoolScope(ctx) + " ORDER BY e.effect_until, e.case_no",
       soci::use(from), soci::use(to), soci::into(caseNo), soci::into(staff), soci::into(name),
       soci::into(school), soci::into(handling), soci::into(until));
  st.execute();
  while (st.fetch())
    t.rows.push_back(
        {Value{caseNo}, Value{staff}, Value{name}, Value{school}, Value{handling}, Value{until}});
  return t;
}

}  // namespace tdr::ethics
