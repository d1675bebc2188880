// Master-teacher studios (名师工作室): studios, members, activities, attendance credited to
// training hours exactly once through training.credit, outputs and the end-of-cycle
// evaluation. Built only on the public SDK.
#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

#include "studios.h"

namespace tdr::studios {

namespace {

const std::vector<Choice> kLevels = {
    {"municipal", "市级"}, {"district", "区级"}, {"school", "校级"}};
const std::vector<Choice> kKinds = {{"lecture", "专题讲座"},
                                    {"demonstration", "示范课"},
                                    {"outreach", "送教下乡"},
                                    {"research", "课题研究"},
                                    {"workshop", "研修活动"}};
const std::vector<Choice> kEvaluations = {
    {"excellent", "优秀"}, {"qualified", "合格"}, {"unqualified", "不合格"}};
const std::vector<Choice> kStudioStates = {
    {"active", "运行中"}, {"completed", "已结业"}, {"dissolved", "已撤销"}};
const std::vector<Choice> kRoles = {
    {"core", "核心成员"}, {"apprentice", "学员"}, {"host", "主持人"}};

// The portfolio section: the teacher's studios, their part in each and the hours earned.
PortfolioSpec portfolioSection() {
  PortfolioSpec s;
  s.name = "studios";
  s.title = "名师工作室";
  s.capability = "studios:read";
  s.tableTitle = "参加的工作室";
  s.columns = {Field::text("studio", "工作室编号"), Field::text("name", "工作室名称"),
               Field::choice("role", "身份", kRoles),
               Field::choice("status", "状态", kStudioStates),
               Field::hoursX10("hours", "获得学时")};
  s.fn = portfolio;
  return s;
}

long long rule(Context& ctx, const std::string& key, long long fallback) {
  long long v = fallback;
  ctx.db() << "SELECT value FROM studios_rules WHERE key = :k", soci::use(key), soci::into(v);
  return ctx.db().got_data() ? v : fallback;
}

std::string staffNo(Context& ctx, long long teacher) {
  return toText(ctx.recordField("core.teachers", teacher, "staff_no"));
}

// Users who may not manage every studio (studio hosts, login = their staff_no) manage only the
// studio they host.
void requireOwner(Context& ctx, const Studio& s) {
  if (!ctx.can("studios:manage_all") && ctx.user().login != s.hostStaffNo)
    throw forbidden(ctx.text(
        "工作室 " + s.code + " 的主持人是 " + s.hostStaffNo + "；主持人只能管理自己的工作室",
        "studio " + s.code + " is hosted by " + s.hostStaffNo +
            "; a studio host manages only their own studio"));
}

void requireActiveTeacher(Context& ctx, long long teacher, const char* field,
                          std::vector<FieldError>& errors) {
  std::string status = toText(ctx.recordField("core.teachers", teacher, "status"));
  if (status != "active")
    errors.push_back({field, staffNo(ctx, teacher) + " is not an active teacher (" + status + ")"});
}

// --- studios ---

void prepareStudio(Context& ctx, Record& r, const Record*) {
  std::string evaluation = r.text("evaluation").value_or("");
  r.set("status", Value{evaluation == "unqualified" ? "dissolved"
                        : evaluation.empty()        ? "active"
                                                    : "completed"});
  if (!evaluation.empty() && isNull(r.get("evaluated_on")))
    r.set("evaluated_on", Value{ctx.today()});
  if (evaluation.empty()) r.set("evaluated_on", Value{});
}

void validateStudio(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto host = r.integer("host");
  if (!ctx.can("studios:manage_all")) {
    // A host runs their studio; setting one up, its school, host, funding and the end-of-cycle
    // evaluation are the district's (HR's) decisions.
    auto stored = r.id() ? ctx.find("studios.studios", r.id()) : std::nullopt;
    if (!stored) {
      errors.push_back({"code", ctx.text("只有区级管理人员可以设立工作室",
                                         "only the district sets up studios")});
      return;
    }
    for (const char* f : {"host", "school", "funding", "evaluation", "evaluated_on"})
      if (stored->get(f) != r.get(f))
        errors.push_back(
            {f, ctx.text("只有区级管理人员可以更改", "only the district may change it")});
    if (host && staffNo(ctx, *host) != ctx.user().login)
      throw forbidden(
          ctx.text("主持人只能管理自己的工作室", "a studio host manages only their own studio"));
    if (!errors.empty()) return;
  }
  std::string start = r.text("cycle_start").value_or(""), end = r.text("cycle_end").value_or("");
  if (!start.empty() && !end.empty() && end <= start)
    errors.push_back({"cycle_end", ctx.text("必须晚于周期开始日期 " + start,
                                            "must be after cycle_start " + start)});
  if (!r.text("evaluation").value_or("").empty() && end > ctx.today())
    errors.push_back(
        {"evaluation", ctx.text("在周期结束时评定（周期到 " + end + " 结束）",
                                "is given at the end of the cycle (it ends " + end + ")")});
  if (!host) return;
  if (r.text("status").value_or("") == "active") {
    requireActiveTeacher(ctx, *host, "host", errors);
    long long max = rule(ctx, "max_hosted", 1), hosted = 0, self = r.id();
    std::string other;
    soci::statement st = (ctx.db().prepare << "SELECT code FROM studios_studios WHERE "
                                              "host_teacher_id = :h AND status = 'active' AND "
                                              "id <> :id ORDER BY code",
                          soci::use(*host), soci::use(self), soci::into(other));
    st.execute();
    std::string names;
    while (st.fetch()) {
      ++hosted;
      names += (names.empty() ? "" : ", ") + other;
    }
    if (hosted >= max)
      errors.push_back({"host", ctx.text(staffNo(ctx, *host) + " 已主持在运行的工作室 " + names +
                                             "（最多 " + std::to_string(max) + " 个）",
                                         staffNo(ctx, *host) + " already hosts active studio " +
                                             names + " (at most " + std::to_string(max) + ")")});
  }
}

// A studio's status as a Chinese phrase ("已撤销（考核不合格）").
std::string statusText(const std::string& status) {
  return status == "dissolved"   ? "已撤销（考核不合格）"
         : status == "completed" ? "已结业"
         : status == "active"    ? "运行中"
                                 : "状态为 " + status;
}

// --- members ---

void validateMember(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto studioId = r.integer("studio");
  auto teacher = r.integer("staff_no");
  if (!studioId || !teacher) return;
  auto s = studioById(ctx, *studioId);
  if (!s) return;
  requireOwner(ctx, *s);
  std::string joined = r.text("joined_on").value_or(""), left = r.text("left_on").value_or("");
  if (!left.empty() && left < joined)
    errors.push_back(
        {"left_on", ctx.text("早于加入日期 " + joined, "is before joined_on " + joined)});
  if (!left.empty()) return;  // leaving is always possible
  if (s->status != "active")
    errors.push_back(
        {"studio", ctx.text("工作室 " + s->code + statusText(s->status) + "，不能再加入成员",
                            "studio " + s->code + " is " + s->status +
                                (s->status == "dissolved" ? " (evaluated 不合格)" : "") +
                                ": no new members")});
  if (*teacher == s->host)
    errors.push_back(
        {"staff_no", ctx.text("是工作室主持人，不是成员", "is the studio's host, not a member")});
  requireActiveTeacher(ctx, *teacher, "staff_no", errors);
  long long self = r.id(), members = 0;
  ctx.db() << "SELECT COUNT(*) FROM studios_members WHERE studio_id = :s AND left_on IS NULL AND "
              "id <> :id",
      soci::use(*studioId), soci::use(self), soci::into(members);
  if (members >= s->capacity)
    errors.push_back({"studio", ctx.text("工作室 " + s->code + " 已满（容量 " +
                                             std::to_string(s->capacity) + " 人）",
                                         "studio " + s->code + " is full (capacity " +
                                             std::to_string(s->capacity) + ")")});
  if (r.text("role").value_or("") == "apprentice") {
    long long max = rule(ctx, "max_apprenticeships", 1), n = 0;
    ctx.db() << "SELECT COUNT(*) FROM studios_members m JOIN studios_studios s ON s.id = "
                "m.studio_id WHERE m.teacher_id = :t AND m.role = 'apprentice' AND m.left_on IS "
                "NULL AND s.status = 'active' AND m.id <> :id",
        soci::use(*teacher), soci::use(self), soci::into(n);
    if (n >= max)
      errors.push_back(
          {"staff_no",
           ctx.text(staffNo(ctx, *teacher) + " 已是 " + std::to_string(n) +
                        " 个在运行工作室的学员（最多 " + std::to_string(max) + " 个）",
                    staffNo(ctx, *teacher) + " is already an apprentice in " + std::to_string(n) +
                        " active studio(s) (at most " + std::to_string(max) + ")")});
  }
}

// --- activities ---

void validateActivity(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto studioId = r.integer("studio");
  if (!studioId) return;
  auto s = studioById(ctx, *studioId);
  if (!s) return;
  requireOwner(ctx, *s);
  if (!r.id() && s->status != "active")
    errors.push_back(
        {"studio", ctx.text("工作室 " + s->code + statusText(s->status) + "，不能再开展活动",
                            "studio " + s->code + " is " + s->status +
                                (s->status == "dissolved" ? " (evaluated 不合格)" : "") +
                                ": no new activities")});
  std::string held = r.text("held_on").value_or("");
  if (!held.empty() && (held < s->cycleStart || held > s->cycleEnd))
    errors.push_back(
        {"held_on",
         ctx.text("不在工作室周期 " + s->cycleStart + " 至 " + s->cycleEnd + " 内",
                  "is outside the studio's cycle " + s->cycleStart + ".." + s->cycleEnd)});
}

// --- attendance ---

struct ActivityRow {
  long long studio = 0;
  std::string code, heldOn;
};

std::optional<ActivityRow> activityById(Context& ctx, long long id) {
  ActivityRow a;
  ctx.db() << "SELECT studio_id, code, held_on FROM studios_activities WHERE id = :id",
      soci::use(id), soci::into(a.studio), soci::into(a.code), soci::into(a.heldOn);
  if (!ctx.db().got_data()) return std::nullopt;
  return a;
}

void validateAttendance(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto activityId = r.integer("activity");
  auto teacher = r.integer("staff_no");
  if (!activityId || !teacher) return;
  auto a = activityById(ctx, *activityId);
  if (!a) return;
  auto s = studioById(ctx, a->studio);
  if (!s) return;
  requireOwner(ctx, *s);
  if (a->heldOn > ctx.today()) {
    errors.push_back({"activity", ctx.text(a->code + " 在 " + a->heldOn + " 举行，还没有举行",
                                           a->code + " is on " + a->heldOn + ", not held yet")});
    return;
  }
  if (*teacher == s->host) return;  // the host attends their own studio's activities
  long long member = 0;
  ctx.db() << "SELECT COUNT(*) FROM studios_members WHERE studio_id = :s AND teacher_id = :t AND "
              "joined_on <= :d AND (left_on IS NULL OR left_on >= :d2)",
      soci::use(a->studio), soci::use(*teacher), soci::use(a->heldOn), soci::use(a->heldOn),
      soci::into(member);
  if (!member)
    errors.push_back({"staff_no", ctx.text(staffNo(ctx, *teacher) + " 在 " + a->heldOn +
                                               " 不是工作室 " + s->code + " 的成员",
                                           staffNo(ctx, *teacher) + " was not a member of studio " +
                                               s->code + " on " + a->heldOn)});
}

// Credits (or corrects) the training hours of one attendance; exactly once per attendance.
void creditAttendance(Context& ctx, long long attendanceId) {
  std::string staff, held, title, studioName, level, kind;
  long long x10 = 0;
  ctx.db() << "SELECT t.staff_no, a.held_on, a.title, s.name, s.level, a.kind, a.hours_x10 FROM "
              "studios_attendance x JOIN studios_activities a ON a.id = x.activity_id JOIN "
              "studios_studios s ON s.id = a.studio_id JOIN core_teachers t ON t.id = "
              "x.teacher_id WHERE x.id = :id",
      soci::use(attendanceId), soci::into(staff), soci::into(held), soci::into(title),
      soci::into(studioName), soci::into(level), soci::into(kind), soci::into(x10);
  if (!ctx.db().got_data()) return;
  JsonPtr p(new Json);
  p->set("source_ref", "attendance:" + std::to_string(attendanceId));
  p->set("staff_no", staff);
  p->set("hours", formatScaledDecimal(x10, 1));
  p->set("date", held);
  p->set("title", studioName + "·" + title);
  p->set("level", level);
  p->set("category", kind == "research" ? "research" : "subject");
  ctx.call("training.credit", p);
}

void attendanceSaved(Context& ctx, const JsonPtr& e) {
  creditAttendance(ctx, e->getValue<long long>("id"));
}

void withdraw(Context& ctx, long long attendanceId) {
  JsonPtr p(new Json);
  p->set("source_ref", "attendance:" + std::to_string(attendanceId));
  ctx.call("training.withdraw", p);
}

// A studio host may delete only their own studio's rows; deleting attendance withdraws its
// credit.
long long studioOfDeleted(Context& ctx, const std::string& type, const JsonPtr& before) {
  if (type == "studios.attendance") {
    auto a = activityById(ctx, before->getValue<long long>("activity"));
    return a ? a->studio : 0;
  }
  return before->has("studio") ? before->getValue<long long>("studio") : 0;
}

void rowDeleted(Context& ctx, const JsonPtr& e) {
  std::string type = e->getValue<std::string>("type");
  auto before = e->getObject("before");
  if (auto s = studioById(ctx, studioOfDeleted(ctx, type, before))) requireOwner(ctx, *s);
  if (type == "studios.attendance") withdraw(ctx, e->getValue<long long>("id"));
}

// Changed hours or date of an activity correct every attendee's credit.
void activitySaved(Context& ctx, const JsonPtr& e) {
  if (e->getValue<std::string>("change") != "update") return;
  long long activity = e->getValue<long long>("id"), id = 0;
  std::vector<long long> ids;
  soci::statement st = (ctx.db().prepare << "SELECT id FROM studios_attendance WHERE "
                                            "activity_id = :a ORDER BY id",
                        soci::use(activity), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  for (long long a : ids) creditAttendance(ctx, a);
}

void validateOutput(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto studioId = r.integer("studio");
  if (!studioId) return;
  auto s = studioById(ctx, *studioId);
  if (!s) return;
  requireOwner(ctx, *s);
  if (auto d = r.text("produced_on"); d && *d > ctx.today())
    errors.push_back({"produced_on", ctx.text("不能晚于今天", "is in the future")});
}

class StudiosPlugin : public Plugin {
 public:
  // The plugin's whole surface, declared in one place and read top to bottom: a long function
  // on purpose (a list, not logic; the logic is in the functions it names).
  void registerWith(Registrar& r) override {
    r.describe("名师工作室", "工作室、成员、活动和成果，活动学时记入继续教育");
    r.dependsOn("training", ">=1.0");
    r.role({"studio_host",
            "工作室主持人",
            "名师工作室主持人（登录名为本人工号）：管理自己的工作室",
            RoleScope::kDistrict,
            {},
            {"core:read", "training:read"}});
    r.capability("studios:read", "查看工作室、成员、活动和成果",
                 {"hr_officer", "school_admin", "studio_host", "training_center"});
    r.capability("studios:write", "管理工作室（主持人：只限自己的工作室）",
                 {"hr_officer", "studio_host"});
    r.capability("studios:manage_all", "管理所有工作室：设立、经费、期满考核", {"hr_officer"});

    RecordType studios;
    studios.name = "studios";
    studios.label = "名师工作室";
    studios.table = "studios_studios";
    studios.fields = {
        Field::text("code", "工作室编号").required().unique().maxLength(40),
        Field::text("name", "工作室名称").required().maxLength(100),
        Field::choice("level", "级别", kLevels).required(),
        Field::reference("host", "主持人工号", "core.teachers")
            .required()
            .column("host_teacher_id"),
        Field::text("subject", "学科").maxLength(30),
        Field::reference("school", "所在学校", "core.schools").required(),
        Field::date("cycle_start", "周期开始").required(),
        Field::date("cycle_end", "周期结束").required(),
        Field::money("funding", "年度经费(元)").range(0, 100000000000).column("funding_fen"),
        Field::integer("capacity", "成员上限").range(1, 200),
        Field::choice("status", "状态", kStudioStates).readOnly(),
        Field::choice("evaluation", "期满考核", kEvaluations),
        Field::date("evaluated_on", "考核日期"),
    };
    studios.naturalKey = {"code"};
    studios.schoolField = "school";
    studios.teacherField = "host";
    studios.prepare = prepareStudio;
    studios.validate = validateStudio;
    r.recordType(std::move(studios));
    r.recordTitle("studios", "name");

    RecordType members;
    members.name = "members";
    members.label = "工作室成员";
    members.table = "studios_members";
    members.fields = {
        Field::reference("studio", "工作室编号", "studios.studios").required().column("studio_id"),
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::choice("role", "身份", {kRoles[0], kRoles[1]}).required(),
        Field::date("joined_on", "加入日期").required(),
        Field::date("left_on", "退出日期"),
    };
    members.naturalKey = {"studio", "staff_no"};
    members.schoolField = "studio";
    members.teacherField = "staff_no";
    members.prepare = nullptr;
    members.validate = validateMember;
    r.recordType(std::move(members));

    RecordType activities;
    activities.name = "activities";
    activities.label = "工作室活动";
    activities.table = "studios_activities";
    activities.fields = {
        Field::text("code", "活动编号").required().unique().maxLength(40),
        Field::reference("studio", "工作室编号", "studios.studios").required().column("studio_id"),
        Field::choice("kind", "活动类型", kKinds).required(),
        Field::text("title", "活动主题").required().maxLength(200),
        Field::date("held_on", "活动日期").required(),
        Field::hoursX10("hours", "认定学时").required().range(1, 2000).column("hours_x10"),
        Field::text("place", "地点").maxLength(100),
    };
    activities.naturalKey = {"code"};
    activities.schoolField = "studio";
    activities.prepare = nullptr;
    activities.validate = validateActivity;
    r.recordType(std::move(activities));
    r.recordTitle("activities", "title");

    RecordType attendance;
    attendance.name = "attendance";
    attendance.label = "活动考勤";
    attendance.table = "studios_attendance";
    attendance.fields = {
        Field::reference("activity", "活动编号", "studios.activities")
            .required()
            .column("activity_id"),
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
    };
    attendance.naturalKey = {"activity", "staff_no"};
    attendance.schoolField = "activity";
    attendance.teacherField = "staff_no";
    attendance.prepare = nullptr;
    attendance.validate = validateAttendance;
    r.recordType(std::move(attendance));

    RecordType outputs;
    outputs.name = "outputs";
    outputs.label = "工作室成果";
    outputs.table = "studios_outputs";
    outputs.fields = {
        Field::text("code", "成果编号").required().unique().maxLength(40),
        Field::reference("studio", "工作室编号", "studios.studios").required().column("studio_id"),
        Field::choice(
            "kind", "成果类型",
            {{"paper", "论文"}, {"lesson", "课例"}, {"award", "获奖"}, {"project", "课题"}})
            .required(),
        Field::text("title", "成果名称").required().maxLength(200),
        Field::reference("staff_no", "第一作者工号", "core.teachers").column("teacher_id"),
        Field::date("produced_on", "取得日期").required(),
        Field::choice("level", "级别",
                      {{"national", "国家级"},
                       {"provincial", "省级"},
                       {"municipal", "市级"},
                       {"district", "区级"},
                       {"school", "校级"}}),
    };
    outputs.naturalKey = {"code"};
    outputs.schoolField = "studio";
    outputs.teacherField = "staff_no";
    outputs.prepare = nullptr;
    outputs.validate = validateOutput;
    r.recordType(std::move(outputs));

    RecordType rules;
    rules.name = "rules";
    rules.label = "工作室规则";
    rules.table = "studios_rules";
    rules.fields = {
        Field::choice(
            "key", "规则",
            {{"max_hosted", "每人主持工作室上限"}, {"max_apprenticeships", "每人参加学员上限"}})
            .required()
            .unique(),
        Field::integer("value", "值").required().range(1, 10),
    };
    rules.naturalKey = {"key"};
    rules.writeCapability = "studios:manage_all";
    r.recordType(std::move(rules));

    r.subscribe("studios.attendance.saved", attendanceSaved);
    r.subscribe("studios.activities.saved", activitySaved);
    for (const char* t :
         {"studios.attendance", "studios.members", "studios.activities", "studios.outputs"})
      r.subscribe(std::string(t) + ".deleted", rowDeleted);
    Field studioCode = Field::text("studio", "工作室编号").maxLength(40);
    Field from = Field::date("from", "开始日期"), to = Field::date("to", "结束日期");
    ReportSpec summary{"summary",
                       "工作室概况",
                       "各工作室的成员、活动、学时和成果",
                       "studios:read",
                       {studioCode, from, to},
                       {{"studio", "工作室编号"},
                        {"name", "工作室名称"},
                        {"level", "级别"},
                        {"host", "主持人"},
                        {"cycle", "周期"},
                        {"status", "状态"},
                        {"core", "核心成员", FieldType::kInteger},
                        {"apprentices", "学员", FieldType::kInteger},
                        {"activities", "活动", FieldType::kInteger},
                        {"hours", "活动学时", FieldType::kHoursX10},
                        {"attendances", "参加人次", FieldType::kInteger},
                        {"credited_hours", "记入学时", FieldType::kHoursX10},
                        {"outputs", "成果", FieldType::kInteger},
                        {"evaluation", "期满考核"}},
                       summaryReport};
    r.report(summary);
    ReportSpec memberHours{"member_hours",
                           "成员学时",
                           "一个工作室每位成员的参加次数和学时",
                           "studios:read",
                           {Field(studioCode).required(), from, to},
                           {{"staff_no", "工号"},
                            {"name", "姓名"},
                            {"role", "身份"},
                            {"joined_on", "加入日期", FieldType::kDate},
                            {"left_on", "退出日期", FieldType::kDate},
                            {"attended", "参加次数", FieldType::kInteger},
                            {"hours", "学时", FieldType::kHoursX10}},
                           memberHoursReport};
    r.report(memberHours);
    ReportSpec outputsSpec{"outputs",
                           "工作室成果",
                           "论文、课例、获奖和课题",
                           "studios:read",
                           {studioCode, from, to},
                           {{"studio", "工作室编号"},
                            {"code", "成果编号"},
                            {"kind", "类型"},
                            {"title", "名称"},
                            {"author", "作者工号"},
                            {"produced_on", "日期", FieldType::kDate},
                            {"level", "级别"}},
                           outputsReport};
    r.report(outputsSpec);
    r.portfolio(portfolioSection());
  }
};

}  // namespace

std::optional<Studio> studioById(Context& ctx, long long id) {
  Studio s;
  ctx.db() << "SELECT s.id, s.code, s.name, s.level, s.status, s.cycle_start, s.cycle_end, "
              "t.staff_no, s.host_teacher_id, s.capacity FROM studios_studios s JOIN "
              "core_teachers t ON t.id = s.host_teacher_id WHERE s.id = :id",
      soci::use(id), soci::into(s.id), soci::into(s.code), soci::into(s.name), soci::into(s.level),
      soci::into(s.status), soci::into(s.cycleStart), soci::into(s.cycleEnd),
      soci::into(s.hostStaffNo), soci::into(s.host), soci::into(s.capacity);
  if (!ctx.db().got_data()) return std::nullopt;
  return s;
}

}  // namespace tdr::studios

TDR_PLUGIN(tdr::studios::StudiosPlugin, "studios", "1.0.0")
