#include "training_reports.h"

#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/context.h>
#include <tdr/error.h>
#include <tdr/params.h>

#include <algorithm>

#include "training_rules.h"

namespace tdr::training {

namespace {

std::string hours(long long x10) { return formatScaledDecimal(x10, 1); }

struct Teacher {
  long long id = 0;
  std::string staffNo, name, hireDate;
  long long schoolId = 0;
};

// A teacher the user may see: school-scoped users only their school's.
Teacher findTeacher(Context& ctx, const std::string& staffNo) {
  Teacher t;
  soci::indicator hireInd = soci::i_null;
  ctx.db() << "SELECT id, staff_no, name, hire_date, home_school_id FROM core_teachers "
              "WHERE staff_no = :s",
      soci::use(staffNo), soci::into(t.id), soci::into(t.staffNo), soci::into(t.name),
      soci::into(t.hireDate, hireInd), soci::into(t.schoolId);
  if (!ctx.db().got_data() || (ctx.user().schoolId && *ctx.user().schoolId != t.schoolId))
    throw notFound(ctx.text("没有工号为“" + staffNo + "”的教师",
                            "no teacher with staff_no '" + staffNo + "'"));
  if (hireInd != soci::i_ok) t.hireDate.clear();
  return t;
}

}  // namespace

ReportTable transcript(Context& ctx, const Params& params) {
  requireKnownParams(params, {"staff_no", "year"});
  auto staff = params.find("staff_no");
  if (staff == params.end())
    throw validationError(ctx.text("请给出工号", "staff_no is required"),
                          {{"staff_no", ctx.text("必填", "required"), 0}});
  Teacher t = findTeacher(ctx, staff->second);
  Rules rules = loadRules(ctx.db());
  int year = yearParam(ctx, params);
  Cycle cycle = cycleOf(rules, year);

  ReportTable out;
  out.columns = {"section", "item", "date", "provider", "level", "category", "hours", "status"};
  std::string date, title, provider, level, category, status;
  long long x10 = 0;
  soci::indicator titleInd;
  std::map<std::string, long long> byLevel, byCategory;
  long long total = 0, schoolBased = 0;
  // "Expected by" and "done" are as of the end of the year asked (this year by default), the
  // same as the compliance report for that year (docs/training.md).
  const int asOf = std::min(year, cycle.last);
  const std::string asOfEnd = std::to_string(asOf) + "-12-31";
  const std::string from = cycle.from(), to = cycle.to();  // bound by reference: must outlive st
  soci::statement st =
      (ctx.db().prepare << "SELECT completed_on, title, provider, level, category, hours_x10, "
                           "status FROM training_records WHERE teacher_id = :t AND completed_on "
                           "BETWEEN :f AND :to ORDER BY completed_on, id",
       soci::use(t.id), soci::use(from), soci::use(to), soci::into(date),
       soci::into(title, titleInd), soci::into(provider), soci::into(level), soci::into(category),
       soci::into(x10), soci::into(status));
  st.execute();
  while (st.fetch()) {
    out.rows.push_back({Value{"record"}, Value{titleInd == soci::i_ok ? title : ""}, Value{date},
                        Value{provider}, Value{level}, Value{category}, Value{hours(x10)},
                        Value{status}});
    if (status != "approved" || date > asOfEnd) continue;
    byLevel[level] += x10;
    byCategory[category] += x10;
    total += x10;
    if (level == "school") schoolBased += x10;
  }
  for (const auto& [l, h] : byLevel)
    out.rows.push_back({Value{"level"}, Value{l}, Value{}, Value{}, Value{l}, Value{},
                        Value{hours(h)}, Value{"approved"}});
  for (const auto& [c, h] : byCategory)
    out.rows.push_back({Value{"category"}, Value{c}, Value{}, Value{}, Value{}, Value{c},
                        Value{hours(h)}, Value{"approved"}});
  long long done = countable(rules, total, schoolBased);
  long long required = expectedByEndOf(rules, cycle.last, t.hireDate);
  long long expected = expectedByEndOf(rules, asOf, t.hireDate);
  auto summary = [&](const std::string& item, const Value& v) {
    out.rows.push_back(
        {Value{"summary"}, Value{item}, Value{}, Value{}, Value{}, Value{}, v, Value{}});
  };
  summary(ctx.text("周期 " + cycle.name(), "cycle " + cycle.name()), Value{});
  summary("required", Value{hours(required)});
  summary("done", Value{hours(done)});
  summary(ctx.text(std::to_string(asOf) + " 年底应完成",
                   "expected by the end of " + std::to_string(asOf)),
          Value{hours(expected)});
  summary(done >= expected ? "on track" : "behind", Value{hours(std::max(0LL, expected - done))});
  return out;
}

ReportTable compliance(Context& ctx, const Params& params) {
  requireKnownParams(params, {"school", "cluster", "year"});
  Rules rules = loadRules(ctx.db());
  int year = yearParam(ctx, params);
  Cycle cycle = cycleOf(rules, year);
  std::string to = std::to_string(year) + "-12-31";
  std::string where = "t.status = 'active'";
  std::string scopeValue;
  auto school = params.find("school"), cluster = params.find("cluster");
  if (school != params.end() && cluster != params.end())
    throw validationError(ctx.text("学校和集群只能给一个", "give school or cluster, not both"),
                          {{"cluster", ctx.text("与学校冲突", "conflicts"), 0}});
  if (school != params.end()) {
    where += " AND s.code = :scope";
    scopeValue = school->second;
  } else if (cluster != params.end()) {
    where +=
        " AND s.id IN (SELECT m.school_id FROM core_cluster_members m JOIN core_clusters c "
        "ON c.id = m.cluster_id WHERE c.code = :scope)";
    scopeValue = cluster->second;
  }
  if (ctx.user().schoolId) where += " AND s.id = " + std::to_string(*ctx.user().schoolId);

  ReportTable out;
  out.columns = {"staff_no", "name", "school", "done_hours", "expected_hours", "shortfall_hours"};
  std::string staffNo, name, code, hire;
  soci::indicator hireInd;
  long long total = 0, schoolBased = 0;
  std::string sql =
      "SELECT t.staff_no, t.name, s.code, t.hire_date, COALESCE(SUM(r.hours_x10), 0), "
      "COALESCE(SUM(CASE WHEN r.level = 'school' THEN r.hours_x10 ELSE 0 END), 0) "
      "FROM core_teachers t JOIN core_schools s ON s.id = t.home_school_id "
      "LEFT JOIN training_records r ON r.teacher_id = t.id AND r.status = 'approved' "
      "AND r.completed_on BETWEEN :f AND :to WHERE " +
      where + " GROUP BY t.id, t.staff_no, t.name, s.code, t.hire_date";
  soci::statement st(ctx.db());
  std::string from = cycle.from();
  st.exchange(soci::use(from));
  st.exchange(soci::use(to));
  if (!scopeValue.empty()) st.exchange(soci::use(scopeValue));
  st.exchange(soci::into(staffNo));
  st.exchange(soci::into(name));
  st.exchange(soci::into(code));
  st.exchange(soci::into(hire, hireInd));
  st.exchange(soci::into(total));
  st.exchange(soci::into(schoolBased));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  struct Behind {
    std::string staffNo, name, school;
    long long done, expected;
  };
  std::vector<Behind> behind;
  st.execute();
  while (st.fetch()) {
    long long done = countable(rules, total, schoolBased);
    long long expected = expectedByEndOf(rules, year, hireInd == soci::i_ok ? hire : "");
    if (done < expected) behind.push_back({staffNo, name, code, done, expected});
  }
  std::sort(behind.begin(), behind.end(), [](const Behind& a, const Behind& b) {
    long long sa = a.expected - a.done, sb = b.expected - b.done;
    return sa != sb ? sa > sb : a.staffNo < b.staffNo;
  });
  for (const auto& b : behind)
    out.rows.push_back({Value{b.staffNo}, Value{b.name}, Value{b.school}, Value{hours(b.done)},
                        Value{hours(b.expected)}, Value{hours(b.expected - b.done)}});
  return out;
}

JsonPtr behind(Context& ctx, const JsonPtr& params) {
  Params p = actionParams(params);
  requireKnownParams(p, {"school", "year"});
  requiredParam(p, "school");
  ReportTable t = compliance(ctx, p);
  JsonPtr out(new Json);
  JsonArray::Ptr list(new JsonArray);
  for (const auto& row : t.rows) {
    JsonPtr j(new Json);
    j->set("staff_no", toText(row[0]));
    j->set("shortfall_hours", toText(row[5]));
    list->add(j);
  }
  out->set("behind", list);
  return out;
}

ReportTable providers(Context& ctx, const Params& params) {
  requireKnownParams(params, {"from", "to"});
  std::string year = ctx.today().substr(0, 4);
  std::string from = dateParam(params, "from", year + "-01-01");
  std::string to = dateParam(params, "to", year + "-12-31");
  ReportTable out;
  out.columns = {"provider", "records", "teachers", "hours"};
  std::string provider;
  long long records = 0, teachers = 0, x10 = 0;
  std::string scope = ctx.user().schoolId
                          ? " AND teacher_id IN (SELECT id FROM core_teachers WHERE "
                            "home_school_id = " +
                                std::to_string(*ctx.user().schoolId) + ")"
                          : "";
  soci::statement st =
      (ctx.db().prepare << "SELECT provider, COUNT(*), COUNT(DISTINCT teacher_id), "
                           "SUM(hours_x10) FROM training_records WHERE status = 'approved' AND "
                           "completed_on BETWEEN :f AND :t" +
                               scope + " GROUP BY provider ORDER BY provider",
       soci::use(from), soci::use(to), soci::into(provider), soci::into(records),
       soci::into(teachers), soci::into(x10));
  st.execute();
  while (st.fetch())
    out.rows.push_back({Value{provider}, Value{records}, Value{teachers}, Value{hours(x10)}});
  return out;
}

namespace {

PortfolioData portfolio(Context& ctx, long long teacherId) {
  Rules rules = loadRules(ctx.db());
  int year = std::stoi(ctx.today().substr(0, 4));
  Cycle cycle = cycleOf(rules, year);
  std::string hire;
  soci::indicator hireInd = soci::i_null;
  ctx.db() << "SELECT hire_date FROM core_teachers WHERE id = :id", soci::use(teacherId),
      soci::into(hire, hireInd);
  long long total = 0, schoolBased = 0;
  std::string from = cycle.from(), to = cycle.to();
  ctx.db() << "SELECT COALESCE(SUM(hours_x10), 0), COALESCE(SUM(CASE WHEN level = 'school' "
              "THEN hours_x10 ELSE 0 END), 0) FROM training_records WHERE teacher_id = :t AND "
              "status = 'approved' AND completed_on BETWEEN :f AND :to",
      soci::use(teacherId), soci::use(from), soci::use(to), soci::into(total),
      soci::into(schoolBased);
  std::string hireDate = hireInd == soci::i_ok ? hire : "";
  long long done = countable(rules, total, schoolBased);
  long long expected = expectedByEndOf(rules, year, hireDate);
  PortfolioData out;
  out.facts.set("cycle", Value{cycle.name()});
  out.facts.set("done_hours", Value{done});
  out.facts.set("expected_hours", Value{expected});
  out.facts.set("required_hours", Value{expectedByEndOf(rules, cycle.last, hireDate)});
  out.facts.set("on_track", Value{done >= expected ? 1LL : 0LL});
  std::string date, title, provider, status;
  long long x10 = 0;
  soci::indicator titleInd;
  soci::statement st =
      (ctx.db().prepare << "SELECT completed_on, title, provider, hours_x10, status FROM "
                           "training_records WHERE teacher_id = :t ORDER BY completed_on DESC, "
                           "id DESC LIMIT 5",
       soci::use(teacherId), soci::into(date), soci::into(title, titleInd), soci::into(provider),
       soci::into(x10), soci::into(status));
  st.execute();
  while (st.fetch())
    out.rows.push_back({Value{date}, titleInd == soci::i_ok ? Value{title} : Value{},
                        Value{provider}, Value{x10}, Value{status}});
  return out;
}

}  // namespace

Field statusField() {
  return Field::choice("status", "审核状态",
                       {{"pending", "待审核"}, {"approved", "已通过"}, {"rejected", "已驳回"}});
}

PortfolioSpec portfolioSection() {
  PortfolioSpec s;
  s.name = "hours";
  s.title = "继续教育学时";
  s.capability = "training:read";
  s.facts = {Field::text("cycle", "培训周期"), Field::hoursX10("done_hours", "本周期已完成学时"),
             Field::hoursX10("expected_hours", "到今年年底应完成学时"),
             Field::hoursX10("required_hours", "本周期要求学时"),
             Field::boolean("on_track", "进度达标")};
  s.progress = {"done_hours", "expected_hours", "required_hours"};
  s.tableTitle = "最近 5 条学时记录";
  s.columns = {Field::date("completed_on", "完成日期"), Field::text("title", "培训项目"),
               Field::text("provider", "培训机构"), Field::hoursX10("hours", "学时"),
               statusField()};
  s.fn = portfolio;
  return s;
}

}  // namespace tdr::training
