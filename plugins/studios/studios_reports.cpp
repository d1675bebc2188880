#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/tdr.h>

#include "studios.h"

namespace tdr::studios {

namespace {

std::string hours(long long x10) { return formatScaledDecimal(x10, 1); }

// The studio named by the `studio` parameter (a code), if given.
std::optional<Studio> studioParam(Context& ctx, const Params& p, bool required) {
  std::string code = paramOr(p, "studio", "");
  if (code.empty()) {
    if (required)
      throw validationError(ctx.text("请给出工作室", "studio is required"),
                            {{"studio", ctx.text("必填", "required")}});
    return std::nullopt;
  }
  long long id = 0;
  ctx.db() << "SELECT id FROM studios_studios WHERE code = :c", soci::use(code), soci::into(id);
  if (!ctx.db().got_data())
    throw validationError(ctx.text("没有这个工作室", "unknown studio"),
                          {{"studio", ctx.text("没有代码为“" + code + "”的工作室",
                                               "unknown studio code '" + code + "'")}});
  return studioById(ctx, id);
}

}  // namespace

// Per studio: members, activities and the hours they offered, attendance and hours credited,
// outputs — within the studio's cycle, or the period given.
ReportTable summaryReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"studio", "from", "to"});
  auto studio = studioParam(ctx, params, false);
  std::string from = dateParam(params, "from", "1900-01-01");
  std::string to = dateParam(params, "to", "2199-12-31");
  long long filter = studio ? studio->id : 0;
  long long scope = ctx.user().schoolId.value_or(0);
  ReportTable t;
  t.columns = {"studio",      "name",           "level",       "host",       "cycle",
               "status",      "core",           "apprentices", "activities", "hours",
               "attendances", "credited_hours", "outputs",     "evaluation"};
  std::string code, name, level, host, start, end, status, evaluation;
  soci::indicator evalInd;
  long long core = 0, apprentices = 0, activities = 0, offered = 0, attendances = 0, credited = 0,
            outputs = 0;
  soci::statement st =
      (ctx.db().prepare
           << "SELECT s.code, s.name, s.level, t.staff_no, s.cycle_start, s.cycle_end, s.status, "
              "(SELECT COUNT(*) FROM studios_members m WHERE m.studio_id = s.id AND m.role = "
              "'core' AND m.left_on IS NULL), (SELECT COUNT(*) FROM studios_members m WHERE "
              "m.studio_id = s.id AND m.role = 'apprentice' AND m.left_on IS NULL), (SELECT "
              "COUNT(*) FROM studios_activities a WHERE a.studio_id = s.id AND a.held_on BETWEEN "
              ":f1 AND :t1), (SELECT "
              "COALESCE(SUM(a.hours_x10), 0) FROM studios_activities a WHERE a.studio_id = s.id "
              "AND a.held_on BETWEEN :f2 AND :t2), (SELECT COUNT(*) FROM studios_attendance x "
              "JOIN studios_activities a ON a.id = x.activity_id WHERE a.studio_id = s.id AND "
              "a.held_on BETWEEN :f3 AND :t3), (SELECT COALESCE(SUM(a.hours_x10), 0) FROM "
              "studios_attendance x JOIN studios_activities a ON a.id = x.activity_id WHERE "
              "a.studio_id = s.id AND a.held_on BETWEEN :f4 AND :t4), (SELECT COUNT(*) FROM "
              "studios_outputs o WHERE o.studio_id = s.id AND o.produced_on BETWEEN :f5 AND "
              ":t5), s.evaluation FROM studios_studios s JOIN core_teachers t ON t.id = "
              "s.host_teacher_id WHERE (:id = 0 OR s.id = :id2) AND (:sc = 0 OR s.school_id = "
              ":sc2) ORDER BY s.code",
       soci::use(from), soci::use(to), soci::use(from), soci::use(to), soci::use(from),
       soci::use(to), soci::use(from), soci::use(to), soci::use(from), soci::use(to),
       soci::use(filter), soci::use(filter), soci::use(scope), soci::use(scope), soci::into(code),
       soci::into(name), soci::into(level), soci::into(host), soci::into(start), soci::into(end),
       soci::into(status), soci::into(core), soci::into(apprentices), soci::into(activities),
       soci::into(offered), soci::into(attendances), soci::into(credited), soci::into(outputs),
       soci::into(evaluation, evalInd));
  st.execute();
  while (st.fetch())
    t.rows.push_back({Value{code}, Value{name}, Value{level}, Value{host},
                      Value{start + ".." + end}, Value{status}, Value{core}, Value{apprentices},
                      Value{activities}, Value{hours(offered)}, Value{attendances},
                      Value{hours(credited)}, Value{outputs},
                      evalInd == soci::i_ok ? Value{evaluation} : Value{}});
  return t;
}

// A studio's members (and host) with the activities they attended and the hours credited.
ReportTable memberHoursReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"studio", "from", "to"});
  Studio s = *studioParam(ctx, params, true);
  std::string from = dateParam(params, "from", s.cycleStart);
  std::string to = dateParam(params, "to", s.cycleEnd);
  ReportTable t;
  t.columns = {"staff_no", "name", "role", "joined_on", "left_on", "attended", "hours"};
  std::string staff, name, role, joined, left;
  soci::indicator joinedInd, leftInd;
  long long attended = 0, x10 = 0;
  soci::statement st =
      (ctx.db().prepare
           << "SELECT t.staff_no, t.name, p.role, p.joined_on, p.left_on, (SELECT COUNT(*) FROM "
              "studios_attendance x JOIN studios_activities a ON a.id = x.activity_id WHERE "
              "x.teacher_id = t.id AND a.studio_id = :s1 AND a.held_on BETWEEN :f1 AND :t1), "
              "(SELECT COALESCE(SUM(a.hours_x10), 0) FROM studios_attendance x JOIN "
              "studios_activities a ON a.id = x.activity_id WHERE x.teacher_id = t.id AND "
              "a.studio_id = :s2 AND a.held_on BETWEEN :f2 AND :t2) FROM (SELECT teacher_id, "
              "role, joined_on, left_on FROM studios_members WHERE studio_id = :s3 UNION ALL "
              "SELECT host_teacher_id, 'host', cycle_start, NULL FROM studios_studios WHERE id = "
              ":s4) p JOIN core_teachers t ON t.id = p.teacher_id ORDER BY CASE p.role WHEN "
              "'host' THEN 0 WHEN 'core' THEN 1 ELSE 2 END, t.staff_no",
       soci::use(s.id), soci::use(from), soci::use(to), soci::use(s.id), soci::use(from),
       soci::use(to), soci::use(s.id), soci::use(s.id), soci::into(staff), soci::into(name),
       soci::into(role), soci::into(joined, joinedInd), soci::into(left, leftInd),
       soci::into(attended), soci::into(x10));
  st.execute();
  while (st.fetch())
    t.rows.push_back(
        {Value{staff}, Value{name}, Value{role}, joinedInd == soci::i_ok ? Value{joined} : Value{},
         leftInd == soci::i_ok ? Value{left} : Value{}, Value{attended}, Value{hours(x10)}});
  return t;
}

// Outputs (papers, lessons, awards, projects) of one studio or all, in a period.
ReportTable outputsReport(Context& ctx, const Params& params) {
  requireKnownParams(params, {"studio", "from", "to"});
  auto studio = studioParam(ctx, params, false);
  std::string from = dateParam(params, "from", "1900-01-01");
  std::string to = dateParam(params, "to", "2199-12-31");
  long long filter = studio ? studio->id : 0;
  ReportTable t;
  t.columns = {"studio", "code", "kind", "title", "author", "produced_on", "level"};
  std::string studioCode, code, kind, title, author, produced, level;
  soci::indicator authorInd, levelInd;
  soci::statement st =
      (ctx.db().prepare << "SELECT s.code, o.code, o.kind, o.title, t.staff_no, o.produced_on, "
                           "o.level FROM studios_outputs o JOIN studios_studios s ON s.id = "
                           "o.studio_id LEFT JOIN core_teachers t ON t.id = o.teacher_id WHERE "
                           "(:id = 0 OR s.id = :id2) AND o.produced_on BETWEEN :f AND :t ORDER "
                           "BY s.code, o.produced_on, o.code",
       soci::use(filter), soci::use(filter), soci::use(from), soci::use(to), soci::into(studioCode),
       soci::into(code), soci::into(kind), soci::into(title), soci::into(author, authorInd),
       soci::into(produced), soci::into(level, levelInd));
  st.execute();
  while (st.fetch())
    t.rows.push_back({Value{studioCode}, Value{code}, Value{kind}, Value{title},
                      authorInd == soci::i_ok ? Value{author} : Value{}, Value{produced},
                      levelInd == soci::i_ok ? Value{level} : Value{}});
  return t;
}

// The studios a teacher hosts or belongs to, with the hours their attendance earned.
PortfolioData portfolio(Context& ctx, long long teacherId) {
  PortfolioData out;
  std::string code, name, role, status;
  long long x10 = 0;
  soci::statement st =
      (ctx.db().prepare
           << "SELECT s.code, s.name, p.role, s.status, (SELECT COALESCE(SUM(a.hours_x10), 0) "
              "FROM studios_attendance x JOIN studios_activities a ON a.id = x.activity_id "
              "WHERE x.teacher_id = :t1 AND a.studio_id = s.id) FROM (SELECT studio_id, role "
              "FROM studios_members WHERE teacher_id = :t2 UNION ALL SELECT id, 'host' FROM "
              "studios_studios WHERE host_teacher_id = :t3) p JOIN studios_studios s ON s.id = "
              "p.studio_id ORDER BY s.code",
       soci::use(teacherId), soci::use(teacherId), soci::use(teacherId), soci::into(code),
       soci::into(name), soci::into(role), soci::into(status), soci::into(x10));
  st.execute();
  while (st.fetch())
    out.rows.push_back({Value{code}, Value{name}, Value{role}, Value{status}, Value{x10}});
  return out;
}

}  // namespace tdr::studios
