// Teacher and principal exchange rotation (交流轮岗, 区管校聘): assignments, the yearly policy,
// eligibility, quotas and a planner HR officers edit and confirm. Built only on the public SDK.
#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

#include "rotation_reports.h"

namespace tdr::rotation {

namespace {

const std::vector<Choice> kKinds = {{"exchange", "交流"},
                                    {"support", "支教"},
                                    {"cluster_flow", "集群内流动"},
                                    {"cadre", "干部轮岗"}};
const std::vector<Choice> kAssignmentStates = {
    {"planned", "计划"}, {"active", "在岗"}, {"completed", "已结束"}, {"cancelled", "已取消"}};

// The portfolio section: where the teacher works today and every posting.
PortfolioSpec portfolioSection() {
  PortfolioSpec s;
  s.name = "postings";
  s.title = "交流轮岗";
  s.capability = "rotation:read";
  s.facts = {Field::text("working_school", "今天任职学校")};
  s.tableTitle = "交流经历";
  s.columns = {Field::integer("batch_year", "批次年度"),
               Field::choice("kind", "交流方式", kKinds),
               Field::text("home_school", "人事关系学校"),
               Field::text("host_school", "交流学校"),
               Field::date("start_on", "开始日期"),
               Field::date("planned_end", "计划结束日期"),
               Field::date("actual_end", "实际结束日期"),
               Field::choice("status", "状态", kAssignmentStates)};
  s.fn = portfolio;
  return s;
}

void prepareAssignment(Context& ctx, Record& r, const Record*) {
  if (isNull(r.get("home_school")))
    if (auto teacher = r.integer("staff_no"))
      r.set("home_school", ctx.recordField("core.teachers", *teacher, "home_school"));
  if (isNull(r.get("status"))) r.set("status", Value{"planned"});
  if (r.text("status").value_or("") == "completed" && isNull(r.get("actual_end")))
    r.set("actual_end", r.get("planned_end"));
}

// planned -> active -> completed; planned or active -> cancelled.
bool allowedTransition(const std::string& from, const std::string& to) {
  if (from == to) return true;
  if (from == "planned") return to == "active" || to == "cancelled";
  if (from == "active") return to == "completed" || to == "cancelled";
  return false;
}

// An assignment status's label.
std::string statusLabel(const std::string& code) {
  return code == "planned"     ? "计划"
         : code == "active"    ? "在岗"
         : code == "completed" ? "已结束"
         : code == "cancelled" ? "已取消"
                               : code;
}

void validateAssignment(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  std::string status = r.text("status").value_or("planned");
  if (r.id()) {
    Value stored = ctx.recordField("rotation.assignments", r.id(), "status");
    if (const auto* from = std::get_if<std::string>(&stored);
        from && !allowedTransition(*from, status))
      errors.push_back(
          {"status", ctx.text("不能从“" + statusLabel(*from) + "”改为“" + statusLabel(status) +
                                  "”（计划 → 在岗 → 已结束；计划或在岗 → 已取消）",
                              "cannot go from " + *from + " to " + status +
                                  " (planned -> active -> completed; planned or active -> "
                                  "cancelled)")});
  }
  auto home = r.integer("home_school"), host = r.integer("host_school");
  if (home && host && *home == *host)
    errors.push_back({"host_school", ctx.text("是该教师的人事关系学校，交流须到其他学校",
                                              "is the teacher's home school; a rotation goes "
                                              "elsewhere")});
  std::string start = r.text("start_on").value_or(""), planned = r.text("planned_end").value_or("");
  std::string actual = r.text("actual_end").value_or("");
  if (!start.empty() && !planned.empty() && planned < start)
    errors.push_back(
        {"planned_end", ctx.text("早于开始日期 " + start, "is before start_on " + start)});
  if (!start.empty() && !actual.empty() && actual < start)
    errors.push_back(
        {"actual_end", ctx.text("早于开始日期 " + start, "is before start_on " + start)});
  auto teacher = r.integer("staff_no");
  bool live = status == "planned" || status == "active";
  if (!teacher || !live || start.empty()) return;
  Value teacherStatus = ctx.recordField("core.teachers", *teacher, "status");
  if (const auto* s = std::get_if<std::string>(&teacherStatus); s && *s != "active")
    errors.push_back({"staff_no", ctx.text("该教师不在职（状态 " + *s + "）",
                                           "the teacher is not active (status " + *s + ")")});
  std::string end = actual.empty() ? planned : actual;
  if (auto clash = overlappingAssignment(ctx, *teacher, r.id(), start, end); !clash.empty())
    errors.push_back(
        {"start_on", ctx.text("与该教师" + clash + "重叠", "overlaps the teacher's " + clash)});
}

void validatePolicy(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto day = r.text("reference_day");
  if (day && !isValidDate("2001-" + *day))
    errors.push_back({"reference_day", ctx.text("应为一年中的某天，写作 MM-DD",
                                                "must be a day of the year written MM-DD")});
}

class RotationPlugin : public Plugin {
 public:
  // The plugin's whole surface, declared in one place and read top to bottom: a long function
  // on purpose (a list, not logic; the logic is in the functions it names).
  void registerWith(Registrar& r) override {
    r.describe("交流轮岗", "教师和校长交流轮岗：应交流名单、比例、计划和任职去向");
    r.capability("rotation:read", "查看交流轮岗记录、应交流名单、比例和任职去向",
                 {"hr_officer", "school_admin"});
    r.capability("rotation:write", "录入和修改交流记录及年度政策", {"hr_officer"});
    r.capability("rotation:plan", "拟定和确认年度交流方案", {"hr_officer"});

    RecordType policies;
    policies.name = "policies";
    policies.label = "轮岗政策";
    policies.table = "rotation_policies";
    policies.fields = {
        Field::integer("year", "年度").required().unique().range(2000, 2100),
        Field::integer("min_years", "同校连续任教年限").range(1, 30),
        Field::integer("principal_terms", "校长任职届数").range(1, 10),
        Field::integer("principal_term_years", "每届年限").range(1, 10),
        Field::integer("retirement_age_male", "男性退休年龄").range(50, 70),
        Field::integer("retirement_age_female", "女性退休年龄").range(45, 70),
        Field::integer("exempt_before_retirement", "距退休豁免年限").range(0, 20),
        Field::boolean("exempt_on_leave", "休假豁免"),
        Field::integer("quota_percent", "交流比例(%)").range(0, 100),
        Field::integer("backbone_percent", "骨干教师比例(%)").range(0, 100),
        Field::integer("assignment_years", "交流期限(年)").range(1, 10),
        Field::text("reference_day", "计算截止日(MM-DD)").maxLength(5),
    };
    policies.naturalKey = {"year"};
    policies.validate = validatePolicy;
    r.recordType(std::move(policies));

    RecordType assignments;
    assignments.name = "assignments";
    assignments.label = "交流轮岗";
    assignments.table = "rotation_assignments";
    assignments.fields = {
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::choice("kind", "交流方式", kKinds).required(),
        Field::reference("home_school", "人事关系学校", "core.schools").column("home_school_id"),
        Field::reference("host_school", "交流学校", "core.schools")
            .required()
            .column("host_school_id"),
        Field::date("start_on", "开始日期").required(),
        Field::date("planned_end", "计划结束日期").required(),
        Field::date("actual_end", "实际结束日期"),
        Field::choice("status", "状态", kAssignmentStates),
        Field::integer("batch_year", "批次年度").required().range(2000, 2100),
        Field::text("note", "备注").maxLength(500),
    };
    assignments.naturalKey = {"staff_no", "start_on"};
    assignments.schoolField = "home_school";
    assignments.teacherField = "staff_no";
    assignments.prepare = prepareAssignment;
    assignments.validate = validateAssignment;
    r.recordType(std::move(assignments));

    RecordType drafts;
    drafts.name = "drafts";
    drafts.label = "轮岗方案草稿";
    drafts.table = "rotation_drafts";
    drafts.fields = {
        Field::integer("batch_year", "批次年度").required().range(2000, 2100),
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::choice("kind", "交流方式", kKinds).required(),
        Field::reference("host_school", "交流学校", "core.schools")
            .required()
            .column("host_school_id"),
        Field::date("start_on", "开始日期").required(),
        Field::date("planned_end", "计划结束日期").required(),
        Field::text("basis", "入选依据").maxLength(100),
    };
    drafts.naturalKey = {"batch_year", "staff_no"};
    drafts.schoolField = "staff_no";
    drafts.teacherField = "staff_no";
    r.recordType(std::move(drafts));

    Field year = Field::year("year", "年度").description("默认今年");
    Field school = Field::reference("school", "学校", "core.schools");
    r.report({"eligible",
              "应交流教师名单",
              "某年符合交流条件的教师（可含豁免者及原因）",
              "rotation:read",
              {year, school, Field::boolean("exempt", "包含豁免者").defaultValue("false")},
              {{"staff_no", "工号"},
               {"name", "姓名"},
               {"school", "学校"},
               {"subject", "学科"},
               {"post", "岗位"},
               {"backbone", "骨干级别"},
               {"since", "到校日期", FieldType::kDate},
               {"years", "在校年限", FieldType::kInteger},
               {"basis", "依据"},
               {"exemption", "豁免原因"}},
              eligibleReport});
    r.report({"quota",
              "交流比例完成情况",
              "各校应交流人数、已交流人数、骨干比例及差额",
              "rotation:read",
              {year, school},
              {{"school", "学校代码"},
               {"name", "学校名称"},
               {"eligible", "应交流", FieldType::kInteger},
               {"eligible_backbone", "其中骨干", FieldType::kInteger},
               {"required", "须交流", FieldType::kInteger},
               {"rotated", "已交流", FieldType::kInteger},
               {"backbone_rotated", "已交流骨干", FieldType::kInteger},
               {"backbone_required", "须交流骨干", FieldType::kInteger},
               {"shortfall", "差额", FieldType::kInteger},
               {"backbone_shortfall", "骨干差额", FieldType::kInteger},
               {"drafted", "草稿人数", FieldType::kInteger},
               {"met", "达标", FieldType::kBoolean},
               {"note", "说明"}},
              quotaReport});
    r.report({"history",
              "教师交流经历",
              "一名教师的全部交流记录",
              "rotation:read",
              {Field::reference("staff_no", "工号", "core.teachers").required()},
              {{"batch_year", "批次年度", FieldType::kInteger},
               {"kind", "交流方式"},
               {"home_school", "人事关系学校"},
               {"host_school", "交流学校"},
               {"start_on", "开始日期", FieldType::kDate},
               {"planned_end", "计划结束日期", FieldType::kDate},
               {"actual_end", "实际结束日期", FieldType::kDate},
               {"status", "状态"}},
              historyReport});
    r.report({"where",
              "任职去向",
              "某日每位教师在哪所学校工作",
              "rotation:read",
              {Field::date("date", "日期").description("默认今天"), school},
              {{"staff_no", "工号"},
               {"name", "姓名"},
               {"home_school", "人事关系学校"},
               {"working_school", "工作学校"},
               {"kind", "交流方式"}},
              whereReport});
    r.reportChoices("history", "kind", kKinds);
    r.reportChoices("history", "status", kAssignmentStates);
    r.reportChoices("where", "kind", kKinds);
    r.indicator({"quota_unmet", "今年交流比例未达标的学校", "quota", {}, "met", "false"});
    r.action({"plan",
              "拟定交流方案",
              "按政策为某年拟定交流方案草稿（可编辑），不改动已确认记录",
              "rotation:plan",
              {Field(year).required(), school},
              planAction});
    ActionSpec confirm{"confirm",
                       "确认交流方案",
                       "把某年的全部草稿转为交流记录（全部成功或全部不做）",
                       "rotation:plan",
                       {Field(year).required(), school},
                       confirmAction};
    confirm.confirm = true;
    r.action(confirm);
    // One draft (or the ones chosen, all or none) at a time: the same step as a record action.
    RecordActionSpec confirmOne;
    confirmOne.name = "confirm";
    confirmOne.recordType = "drafts";
    confirmOne.title = "确认草稿";
    confirmOne.description = "把草稿转为计划中的交流记录";
    confirmOne.capability = "rotation:plan";
    confirmOne.confirm = true;
    confirmOne.fn = confirmDraft;
    r.recordAction(confirmOne);
    r.action({"months",
              "交流月数",
              "某校教师某年在外交流的月数（绩效工资的轮岗补贴使用）",
              "rotation:read",
              {year, Field(school).required()},
              monthsAction});
    r.portfolio(portfolioSection());
  }
};

}  // namespace
}  // namespace tdr::rotation

TDR_PLUGIN(tdr::rotation::RotationPlugin, "rotation", "1.0.0")
