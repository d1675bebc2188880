#include "rotation_reports.h"

#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/tdr.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "planner.h"
#include "policy.h"

namespace tdr::rotation {

namespace {

// The policy in force for `year`: its own row, else the latest earlier year's, else defaults.
Policy loadPolicy(soci::session& db, int year) {
  Policy p;
  int minYears = 0, terms = 0, termYears = 0, male = 0, female = 0, exempt = 0, leave = 0,
      quota = 0, backbone = 0, length = 0;
  std::string day;
  db << "SELECT COALESCE(min_years, 6), COALESCE(principal_terms, 2), "
        "COALESCE(principal_term_years, 3), COALESCE(retirement_age_male, 60), "
        "COALESCE(retirement_age_female, 55), COALESCE(exempt_before_retirement, 5), "
        "COALESCE(exempt_on_leave, 1), COALESCE(quota_percent, 10), "
        "COALESCE(backbone_percent, 20), COALESCE(assignment_years, 3), "
        "COALESCE(reference_day, '08-31') FROM rotation_policies WHERE year <= :y "
        "ORDER BY year DESC LIMIT 1",
      soci::use(year), soci::into(minYears), soci::into(terms), soci::into(termYears),
      soci::into(male), soci::into(female), soci::into(exempt), soci::into(leave),
      soci::into(quota), soci::into(backbone), soci::into(length), soci::into(day);
  if (db.got_data()) {
    p.minYears = minYears;
    p.principalTerms = terms;
    p.principalTermYears = termYears;
    p.retirementAgeMale = male;
    p.retirementAgeFemale = female;
    p.exemptBeforeRetirement = exempt;
    p.exemptOnLeave = leave != 0;
    p.quotaPercent = quota;
    p.backbonePercent = backbone;
    p.assignmentYears = length;
    p.referenceDay = day;
  }
  p.year = year;
  return p;
}

struct SchoolRow {
  std::string code, name, stage;
  std::vector<long long> clusters;
};

struct TeacherRow {
  TeacherFacts facts;
  std::string name, subject, backboneLevel;
  long long school = 0;
  Eligibility eligibility;
};

// Everything the eligibility, quota and planning answers need, read in a handful of queries.
struct District {
  Policy policy;
  std::map<long long, SchoolRow> schools;
  std::vector<TeacherRow> teachers;
  std::set<long long> inBatch;             // teachers with an assignment in this batch
  std::map<long long, long long> rotated;  // home school -> teachers in this batch
  std::map<long long, long long> backboneRotated;
  std::map<long long, long long> hosting;  // host school -> teachers in this batch
  std::map<long long, long long> drafted;  // home school -> drafts of this year
};

long long schoolByCode(Context& ctx, const std::string& code) {
  long long id = 0;
  ctx.db() << "SELECT id FROM core_schools WHERE code = :c", soci::use(code), soci::into(id);
  if (!ctx.db().got_data())
    throw validationError(
        ctx.text("没有这所学校", "unknown school"),
        {{"school",
          ctx.text("没有学校代码为“" + code + "”的学校", "unknown school code '" + code + "'"),
          0}});
  return id;
}

// The school a request is about: the given code, the user's own school for school-scoped
// users (who may not ask about another), or none (the whole district).
std::optional<long long> schoolScope(Context& ctx, const std::string& code) {
  std::optional<long long> school;
  if (!code.empty()) school = schoolByCode(ctx, code);
  if (const auto& own = ctx.user().schoolId) {
    if (school && *school != *own)
      throw forbidden(ctx.text("只能查看本校", "you may only see your own school"));
    school = *own;
  }
  return school;
}

// The parameters of the batch actions: year (required) and school (optional; school-scoped
// users get their own), nothing else.
std::pair<int, std::optional<long long>> batchParams(Context& ctx, const JsonPtr& params) {
  Params p = actionParams(params);
  requireKnownParams(p, {"year", "school"});
  requiredParam(p, "year");
  return {yearParam(ctx, p), schoolScope(ctx, paramOr(p, "school", ""))};
}

District loadDistrict(Context& ctx, int year, std::optional<long long> school) {
  soci::session& db = ctx.db();
  District d;
  d.policy = loadPolicy(db, year);
  const std::string start = d.policy.batchStart();
  {
    long long id = 0;
    std::string code, name, stage;
    soci::statement st = (db.prepare << "SELECT id, code, name, stage FROM core_schools",
                          soci::into(id), soci::into(code), soci::into(name), soci::into(stage));
    st.execute();
    while (st.fetch()) d.schools[id] = {code, name, stage, {}};
    long long cluster = 0;
    soci::statement m = (db.prepare << "SELECT school_id, cluster_id FROM core_cluster_members",
                         soci::into(id), soci::into(cluster));
    m.execute();
    while (m.fetch()) d.schools[id].clusters.push_back(cluster);
  }
  std::set<long long> away;
  {
    long long teacher = 0;
    soci::statement st =
        (db.prepare << "SELECT DISTINCT teacher_id FROM rotation_assignments WHERE batch_year "
                       "<> :y AND status IN ('planned', 'active') AND start_on <= :s AND "
                       "COALESCE(actual_end, planned_end) >= :s2",
         soci::use(year), soci::use(start), soci::use(start), soci::into(teacher));
    st.execute();
    while (st.fetch()) away.insert(teacher);
  }
  {
    long long teacher = 0, home = 0, host = 0;
    std::string backbone;
    soci::statement st =
        (db.prepare << "SELECT a.teacher_id, a.home_school_id, a.host_school_id, "
                       "t.backbone_level FROM rotation_assignments a JOIN core_teachers t ON "
                       "t.id = a.teacher_id WHERE a.batch_year = :y AND a.status IN "
                       "('planned', 'active', 'completed')",
         soci::use(year), soci::into(teacher), soci::into(home), soci::into(host),
         soci::into(backbone));
    st.execute();
    while (st.fetch()) {
      if (!d.inBatch.insert(teacher).second) continue;
      ++d.rotated[home];
      if (backbone != "none") ++d.backboneRotated[home];
      ++d.hosting[host];
    }
    long long n = 0;
    soci::statement dr =
        (db.prepare << "SELECT t.home_school_id, COUNT(*) FROM rotation_drafts d JOIN "
                       "core_teachers t ON t.id = d.teacher_id WHERE d.batch_year = :y GROUP BY "
                       "t.home_school_id",
         soci::use(year), soci::into(home), soci::into(n));
    dr.execute();
    while (dr.fetch()) d.drafted[home] = n;
  }
  TeacherRow row;
  long long schoolFilter = school.value_or(0);
  soci::statement st =
      (db.prepare << "SELECT id, staff_no, name, COALESCE(gender, ''), COALESCE(birth_date, ''), "
                     "COALESCE(at_school_since, hire_date, ''), COALESCE(post, 'teacher'), "
                     "status, COALESCE(subject, ''), backbone_level, home_school_id FROM "
                     "core_teachers WHERE status IN ('active', 'leave') AND (:s = 0 OR "
                     "home_school_id = :s2) ORDER BY staff_no",
       soci::use(schoolFilter), soci::use(schoolFilter), soci::into(row.facts.id),
       soci::into(row.facts.staffNo), soci::into(row.name), soci::into(row.facts.gender),
       soci::into(row.facts.birthDate), soci::into(row.facts.since), soci::into(row.facts.post),
       soci::into(row.facts.status), soci::into(row.subject), soci::into(row.backboneLevel),
       soci::into(row.school));
  st.execute();
  while (st.fetch()) {
    row.facts.onAssignment = away.count(row.facts.id) != 0;
    row.eligibility = eligibility(d.policy, row.facts);
    d.teachers.push_back(row);
  }
  return d;
}

}  // namespace

std::string overlappingAssignment(Context& ctx, long long teacherId, long long selfId,
                                  const std::string& start, const std::string& end) {
  std::string status, from, until, host;
  ctx.db() << "SELECT a.status, a.start_on, COALESCE(a.actual_end, a.planned_end), s.code FROM "
              "rotation_assignments a JOIN core_schools s ON s.id = a.host_school_id WHERE "
              "a.teacher_id = :t AND a.id <> :self AND a.status IN ('planned', 'active') AND "
              "a.start_on <= :e AND COALESCE(a.actual_end, a.planned_end) >= :s ORDER BY "
              "a.start_on LIMIT 1",
      soci::use(teacherId), soci::use(selfId), soci::use(end), soci::use(start), soci::into(status),
      soci::into(from), soci::into(until), soci::into(host);
  if (!ctx.db().got_data()) return {};
  return ctx.text(std::string(status == "active" ? "在岗" : "计划") + "的交流（" + from + " 至 " +
                      until + "，到 " + host + "）",
                  status + " assignment " + from + ".." + until + " to " + host);
}

ReportTable eligibleReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"year", "school", "exempt"});
  int year = yearParam(ctx, params);
  auto school = schoolScope(ctx, paramOr(params, "school", ""));
  std::string exempt = paramOr(params, "exempt", "false");
  if (exempt != "true" && exempt != "false")
    throw validationError(ctx.text("exempt 只能是 true 或 false", "exempt must be true or false"),
                          {{"exempt", ctx.text("不是 true 或 false", "not true/false"), 0}});
  District d = loadDistrict(ctx, year, school);
  ReportTable t;
  t.columns = {"staff_no", "name",  "school", "subject", "post",
               "backbone", "since", "years",  "basis",   "exemption"};
  for (const auto& r : d.teachers) {
    const Eligibility& e = r.eligibility;
    if (e.basis.empty() || (!e.eligible && exempt == "false")) continue;
    t.rows.push_back({Value{r.facts.staffNo}, Value{r.name}, Value{d.schools[r.school].code},
                      Value{r.subject}, Value{r.facts.post}, Value{r.backboneLevel},
                      Value{r.facts.since}, Value{static_cast<long long>(e.years)}, Value{e.basis},
                      e.exemption.empty() ? Value{} : Value{e.exemption}});
  }
  return t;
}

namespace {
// Per school: the eligible teachers, the eligible backbone teachers, and the backbone teachers
// it has to send at all (eligible, or in this batch already).
struct Counts {
  long long eligible = 0, backbone = 0, backboneAvailable = 0;
};
std::map<long long, Counts> eligibleCounts(const District& d) {
  std::map<long long, Counts> n;
  for (const auto& r : d.teachers) {
    const bool backbone = r.backboneLevel != "none";
    if (r.eligibility.eligible) {
      ++n[r.school].eligible;
      if (backbone) ++n[r.school].backbone;
    }
    if (backbone && (r.eligibility.eligible || d.inBatch.count(r.facts.id)))
      ++n[r.school].backboneAvailable;
  }
  return n;
}
long long at(const std::map<long long, long long>& m, long long k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}
}  // namespace

ReportTable quotaReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"year", "school"});
  int year = yearParam(ctx, params);
  auto school = schoolScope(ctx, paramOr(params, "school", ""));
  District d = loadDistrict(ctx, year, school);
  auto counts = eligibleCounts(d);
  ReportTable t;
  t.columns = {"school",
               "name",
               "eligible",
               "eligible_backbone",
               "required",
               "rotated",
               "backbone_rotated",
               "backbone_required",
               "shortfall",
               "backbone_shortfall",
               "drafted",
               "met",
               "note"};
  std::vector<std::pair<std::string, long long>> order;
  for (const auto& [id, s] : d.schools)
    if (!school || *school == id) order.push_back({s.code, id});
  std::sort(order.begin(), order.end());
  for (const auto& [code, id] : order) {
    const Counts& c = counts[id];
    Quota q = quotaOf(d.policy, c.eligible, at(d.rotated, id), at(d.backboneRotated, id),
                      c.backboneAvailable);
    std::string note;
    if (q.backboneCapped()) {
      const std::string wanted = std::to_string(q.backboneWanted),
                        have = std::to_string(c.backboneAvailable);
      note = ctx.text("骨干教师不足：按比例应交流骨干 " + wanted + " 人，本校可交流骨干只有 " +
                          have + " 人，按 " + have + " 人计",
                      "too few backbone teachers: the share asks for " + wanted +
                          ", the school has " + have + " to send; counted as " + have);
    }
    t.rows.push_back({Value{code}, Value{d.schools[id].name}, Value{q.eligible}, Value{c.backbone},
                      Value{q.required}, Value{q.rotated}, Value{q.backboneRotated},
                      Value{q.backboneRequired}, Value{q.shortfall}, Value{q.backboneShortfall},
                      Value{at(d.drafted, id)}, Value{q.met() ? 1LL : 0LL},
                      note.empty() ? Value{} : Value{note}});
  }
  return t;
}

ReportTable historyReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"staff_no"});
  std::string staff = paramOr(params, "staff_no", "");
  if (staff.empty())
    throw validationError(ctx.text("请给出工号", "staff_no is required"),
                          {{"staff_no", ctx.text("必填", "required"), 0}});
  long long teacher = 0, home = 0;
  ctx.db() << "SELECT id, home_school_id FROM core_teachers WHERE staff_no = :s", soci::use(staff),
      soci::into(teacher), soci::into(home);
  if (!ctx.db().got_data() || (ctx.user().schoolId && *ctx.user().schoolId != home))
    throw validationError(
        ctx.text("没有这位教师", "unknown teacher"),
        {{"staff_no",
          ctx.text("没有工号为“" + staff + "”的教师", "unknown staff_no '" + staff + "'"), 0}});
  ReportTable t;
  t.columns = {"batch_year", "kind",        "home_school", "host_school",
               "start_on",   "planned_end", "actual_end",  "status"};
  long long batch = 0;
  std::string kind, homeCode, hostCode, start, planned, actual, status;
  soci::indicator actualInd;
  soci::statement st =
      (ctx.db().prepare << "SELECT a.batch_year, a.kind, h.code, s.code, a.start_on, "
                           "a.planned_end, a.actual_end, a.status FROM rotation_assignments a "
                           "JOIN core_schools h ON h.id = a.home_school_id JOIN core_schools s "
                           "ON s.id = a.host_school_id WHERE a.teacher_id = :t ORDER BY "
                           "a.start_on",
       soci::use(teacher), soci::into(batch), soci::into(kind), soci::into(homeCode),
       soci::into(hostCode), soci::into(start), soci::into(planned), soci::into(actual, actualInd),
       soci::into(status));
  st.execute();
  while (st.fetch())
    t.rows.push_back({Value{batch}, Value{kind}, Value{homeCode}, Value{hostCode}, Value{start},
                      Value{planned}, actualInd == soci::i_ok ? Value{actual} : Value{},
                      Value{status}});
  return t;
}

ReportTable whereReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"date", "school"});
  std::string date = dateParam(params, "date", ctx.today());
  auto school = schoolScope(ctx, paramOr(params, "school", ""));
  long long filter = school.value_or(0);
  ReportTable t;
  t.columns = {"staff_no", "name", "home_school", "working_school", "kind"};
  std::string staff, name, home, working, kind;
  soci::indicator kindInd;
  // An assignment that was not cancelled places the teacher at the host school for its days.
  soci::statement st =
      (ctx.db().prepare << "SELECT t.staff_no, t.name, h.code, COALESCE(w.code, h.code), "
                           "a.kind FROM core_teachers t JOIN core_schools h ON h.id = "
                           "t.home_school_id LEFT JOIN rotation_assignments a ON a.teacher_id = "
                           "t.id AND a.status <> 'cancelled' AND a.start_on <= :d AND "
                           "COALESCE(a.actual_end, a.planned_end) >= :d2 LEFT JOIN core_schools "
                           "w ON w.id = a.host_school_id WHERE t.status IN ('active', 'leave') "
                           "AND (:s = 0 OR t.home_school_id = :s2 OR a.host_school_id = :s3) "
                           "ORDER BY t.staff_no",
       soci::use(date), soci::use(date), soci::use(filter), soci::use(filter), soci::use(filter),
       soci::into(staff), soci::into(name), soci::into(home), soci::into(working),
       soci::into(kind, kindInd));
  st.execute();
  while (st.fetch())
    t.rows.push_back({Value{staff}, Value{name}, Value{home}, Value{working},
                      kindInd == soci::i_ok ? Value{kind} : Value{}});
  return t;
}

JsonPtr planAction(Context& ctx, const JsonPtr& params) {
  auto [year, school] = batchParams(ctx, params);
  District d = loadDistrict(ctx, year, std::nullopt);
  auto counts = eligibleCounts(d);
  std::vector<PlanSchool> schools;
  for (const auto& [id, s] : d.schools) {
    PlanSchool ps;
    ps.id = id;
    ps.code = s.code;
    ps.stage = s.stage;
    ps.clusters = s.clusters;
    ps.hosting = at(d.hosting, id);
    // Schools outside the request keep their quota out of the plan but still receive.
    long long eligible = !school || *school == id ? counts[id].eligible : 0;
    ps.quota = quotaOf(d.policy, eligible, at(d.rotated, id), at(d.backboneRotated, id),
                       counts[id].backboneAvailable);
    if (school && *school != id) ps.quota = Quota{};
    schools.push_back(ps);
  }
  std::vector<Candidate> candidates;
  for (const auto& r : d.teachers) {
    if (!r.eligibility.eligible || d.inBatch.count(r.facts.id)) continue;
    if (school && r.school != *school) continue;
    candidates.push_back({r.facts.id, r.school, r.facts.staffNo, r.facts.since, r.subject,
                          r.backboneLevel != "none", r.eligibility.basis == "principal"});
  }
  auto proposals = planBatch(d.policy, schools, candidates);
  soci::session& db = ctx.db();
  long long filter = school.value_or(0);
  db << "DELETE FROM rotation_drafts WHERE batch_year = :y AND (:s = 0 OR teacher_id IN (SELECT "
        "id FROM core_teachers WHERE home_school_id = :s2))",
      soci::use(year), soci::use(filter), soci::use(filter);
  std::string start = d.policy.batchStart(), end = d.policy.batchEnd();
  Proposal p;
  soci::statement ins =
      (db.prepare << "INSERT INTO rotation_drafts (batch_year, teacher_id, kind, host_school_id, "
                     "start_on, planned_end, basis) VALUES (:y, :t, :k, :h, :s, :e, :b)",
       soci::use(year), soci::use(p.teacherId), soci::use(p.kind), soci::use(p.host),
       soci::use(start), soci::use(end), soci::use(p.basis));
  std::map<long long, long long> perSchool;
  for (const auto& proposal : proposals) {
    p = proposal;
    ins.execute(true);
    ++perSchool[p.home];
  }
  JsonPtr out(new Json);
  out->set("year", year);
  out->set("drafted", static_cast<long long>(proposals.size()));
  out->set("start_on", start);
  out->set("planned_end", end);
  JsonArray::Ptr rows(new JsonArray);
  for (const auto& s : schools) {
    if (school && *school != s.id) continue;
    long long planned = at(perSchool, s.id);
    JsonPtr row(new Json);
    row->set("school", s.code);
    row->set("required", s.quota.required);
    row->set("already", s.quota.rotated);
    row->set("drafted", planned);
    row->set("met", s.quota.rotated + planned >= s.quota.required);
    rows->add(row);
  }
  out->set("schools", rows);
  return out;
}

JsonPtr confirmDraft(Context& ctx, const Record& draft, const JsonPtr&) {
  const Value teacher = draft.get("staff_no");
  Record a;
  a.set("staff_no", teacher);
  a.set("kind", draft.get("kind"));
  a.set("home_school",
        ctx.recordField("core.teachers", draft.integer("staff_no").value_or(0), "home_school"));
  a.set("host_school", draft.get("host_school"));
  a.set("start_on", draft.get("start_on"));
  a.set("planned_end", draft.get("planned_end"));
  a.set("status", Value{"planned"});
  a.set("batch_year", draft.get("batch_year"));
  // Through the context: the assignment's own rules (another school, no overlap, an active
  // teacher), record events and the audit log apply as for any posting entered by hand.
  const long long id = ctx.save("rotation.assignments", a);
  ctx.remove("rotation.drafts", draft.id());
  JsonPtr out(new Json);
  out->set("assignment_id", id);
  out->set("staff_no", toText(ctx.recordField("core.teachers",
                                              draft.integer("staff_no").value_or(0), "staff_no")));
  return out;
}

JsonPtr confirmAction(Context& ctx, const JsonPtr& params) {
  auto [year, school] = batchParams(ctx, params);
  long long filter = school.value_or(0);
  soci::session& db = ctx.db();
  struct Row {
    long long draft, teacher, home, host;
    std::string staff, kind, start, end, status;
  };
  std::vector<Row> rows;
  Row r;
  soci::statement st =
      (db.prepare << "SELECT d.id, d.teacher_id, t.home_school_id, d.host_school_id, "
                     "t.staff_no, d.kind, d.start_on, d.planned_end, t.status FROM "
                     "rotation_drafts d JOIN core_teachers t ON t.id = d.teacher_id WHERE "
                     "d.batch_year = :y AND (:s = 0 OR t.home_school_id = :s2) ORDER BY "
                     "t.staff_no",
       soci::use(year), soci::use(filter), soci::use(filter), soci::into(r.draft),
       soci::into(r.teacher), soci::into(r.home), soci::into(r.host), soci::into(r.staff),
       soci::into(r.kind), soci::into(r.start), soci::into(r.end), soci::into(r.status));
  st.execute();
  while (st.fetch()) rows.push_back(r);
  if (rows.empty())
    throw conflict(ctx.text(std::to_string(year) + " 年没有交流方案草稿",
                            "there are no drafts for " + std::to_string(year)));
  std::vector<FieldError> errors;
  for (const auto& row : rows) {
    std::string who = ctx.text(row.staff + " 的草稿：", "draft for " + row.staff + ": ");
    if (row.status != "active")
      errors.push_back({"staff_no", who + ctx.text("教师不在职", "the teacher is not active")});
    if (row.home == row.host)
      errors.push_back({"host_school", who + ctx.text("交流学校就是人事关系学校",
                                                      "host school is the home school")});
    if (row.end < row.start)
      errors.push_back({"planned_end", who + ctx.text("结束早于开始", "ends before it starts")});
    if (auto clash = overlappingAssignment(ctx, row.teacher, 0, row.start, row.end); !clash.empty())
      errors.push_back({"start_on", who + ctx.text("与该教师" + clash + "重叠",
                                                   "overlaps the teacher's " + clash)});
  }
  if (!errors.empty())
    throw validationError(ctx.text("草稿不能确认，没有创建任何交流记录",
                                   "the drafts cannot be confirmed; nothing was created"),
                          errors);
  for (const auto& row : rows)
    if (auto draft = ctx.find("rotation.drafts", row.draft)) confirmDraft(ctx, *draft, nullptr);
  JsonPtr out(new Json);
  out->set("year", year);
  out->set("created", static_cast<long long>(rows.size()));
  return out;
}

JsonPtr monthsAction(Context& ctx, const JsonPtr& params) {
  Params p = actionParams(params);
  requireKnownParams(p, {"year", "school"});
  int year = yearParam(ctx, p);
  long long school = *schoolScope(ctx, requiredParam(p, "school"));
  std::string from = std::to_string(year) + "-01-01", to = std::to_string(year) + "-12-31";
  std::string staff, start, end;
  std::map<std::string, int> months;
  soci::statement st =
      (ctx.db().prepare << "SELECT t.staff_no, a.start_on, COALESCE(a.actual_end, "
                           "a.planned_end) FROM rotation_assignments a JOIN core_teachers t ON "
                           "t.id = a.teacher_id WHERE a.home_school_id = :s AND a.status <> "
                           "'cancelled' AND a.start_on <= :to AND COALESCE(a.actual_end, "
                           "a.planned_end) >= :f",
       soci::use(school), soci::use(to), soci::use(from), soci::into(staff), soci::into(start),
       soci::into(end));
  st.execute();
  while (st.fetch())
    for (int m = 1; m <= 12; ++m) {
      std::string mid = std::to_string(year) + (m < 10 ? "-0" : "-") + std::to_string(m) + "-15";
      if (start <= mid && mid <= end) months[staff] = std::min(12, months[staff] + 1);
    }
  JsonPtr out(new Json), map(new Json);
  for (const auto& [s, n] : months) map->set(s, n);
  out->set("year", year);
  out->set("months", map);
  return out;
}

PortfolioData portfolio(Context& ctx, long long teacherId) {
  std::string staff;
  ctx.db() << "SELECT staff_no FROM core_teachers WHERE id = :t", soci::use(teacherId),
      soci::into(staff);
  Params p{{"staff_no", staff}};
  PortfolioData out;
  out.rows = historyReport(ctx, p).rows;
  std::string today = ctx.today(), working;
  ctx.db() << "SELECT COALESCE((SELECT s.code || ' ' || s.name FROM rotation_assignments a "
              "JOIN core_schools s ON s.id = a.host_school_id WHERE a.teacher_id = :t AND "
              "a.status <> 'cancelled' AND a.start_on <= :d AND COALESCE(a.actual_end, "
              "a.planned_end) >= :d2 LIMIT 1), (SELECT s.code || ' ' || s.name FROM core_teachers "
              "t JOIN core_schools s ON s.id = t.home_school_id WHERE t.id = :t2))",
      soci::use(teacherId), soci::use(today), soci::use(today), soci::use(teacherId),
      soci::into(working);
  out.facts.set("working_school", Value{working});
  return out;
}

}  // namespace tdr::rotation
