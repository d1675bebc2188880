// Training hours (继续教育): courses, hour records with an approval queue, requirement cycles,
// bulk import from training centres, transcripts and compliance. Built only on the public SDK.
#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

#include "training_reports.h"

namespace tdr::training {

namespace {

const std::vector<Choice> kLevels = {{"national", "国家级"},
                                     {"provincial", "省级"},
                                     {"municipal", "市级"},
                                     {"district", "区县级"},
                                     {"school", "校本"}};
const std::vector<Choice> kCategories = {
    {"ethics", "师德师风"},     {"subject", "学科教学"},  {"psychology", "心理健康"},
    {"labour", "劳动教育"},     {"it", "信息技术"},       {"special", "特殊教育"},
    {"management", "教育管理"}, {"research", "教育科研"}, {"other", "其他"}};

// The source of an entry made by a user; plugins' credits have source "plugin".
bool userSource(const std::string& source) { return source == "manual" || source == "import"; }

void prepareRecord(Context& ctx, Record& r, const Record* existing) {
  if (existing) return;  // status, source and reject_reason change only through actions
  if (!ctx.callerPlugin().empty()) return;  // a plugin's credit says what it is
  // Training centres' and HR's entries are approved as they come; self-reported and
  // school-based hours wait in the approval queue.
  bool trusted = ctx.can("training:enter_approved") && r.text("level").value_or("") != "school";
  r.set("status", Value{trusted ? "approved" : "pending"});
  r.set("source", Value{ctx.user().attribute("provider").empty() ? "manual" : "import"});
}

void validateRecord(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  if (r.id() && ctx.callerPlugin().empty()) {
    // Credits of other plugins change only through training.credit / training.withdraw; hours
    // already decided only by those who decide or enter approved hours.
    auto stored = ctx.find("training.records", r.id());
    std::string source = stored ? stored->text("source").value_or("") : "";
    if (stored && !userSource(source)) {
      // A credit's reference is "<plugin>:<its reference>".
      const std::string ref = stored->text("external_ref").value_or("");
      const std::string plugin = ref.substr(0, ref.find(':'));
      const std::string title = ctx.pluginTitle(plugin).empty() ? plugin : ctx.pluginTitle(plugin);
      errors.push_back({"external_ref", ctx.text("这条学时由插件“" + title + "”（" + plugin +
                                                     "）记入，只能由该插件更改",
                                                 "was credited by plugin " + plugin + " (" + title +
                                                     "); only that plugin can change it")});
      return;
    }
    if (stored && stored->text("status").value_or("") != "pending" &&
        !ctx.can("training:approve") && !ctx.can("training:enter_approved")) {
      errors.push_back(
          {"status", ctx.text("已审核的学时不能再修改", "decided hours cannot be changed")});
      return;
    }
  }
  if (!r.id() && isNull(r.get("course_code")) && isNull(r.get("title")))
    errors.push_back(
        {"title", ctx.text("请填写课程编号或培训名称", "give a course_code or a title")});
  auto completed = r.text("completed_on");
  if (!completed) return;
  if (*completed > ctx.today()) {
    errors.push_back({"completed_on", ctx.text("不能晚于今天", "is in the future")});
    return;
  }
  auto teacher = r.integer("staff_no");
  if (!teacher) return;
  Value hire = ctx.recordField("core.teachers", *teacher, "hire_date");
  if (const auto* h = std::get_if<std::string>(&hire); h && *completed < *h)
    errors.push_back({"completed_on", ctx.text("早于该教师参加工作日期 " + *h,
                                               "is before the teacher's hire date " + *h)});
}

JsonPtr decide(Context& ctx, const Record& stored, const JsonPtr& params, bool approve) {
  std::string reason = paramOr(actionParams(params), "reason", "");
  Record change;
  change.setId(stored.id());
  change.set("status", Value{approve ? "approved" : "rejected"});
  change.set("reject_reason", approve ? Value{} : Value{reason});
  ctx.save("training.records", change);
  JsonPtr out(new Json);
  out->set("id", stored.id());
  out->set("status", approve ? "approved" : "rejected");
  return out;
}

// A plugin credit's external reference: the plugin's id and its own reference.
std::string creditRef(const std::string& plugin, const std::string& ref) {
  return plugin + ":" + ref;
}

// The stored credit of the calling plugin for `ref`, if any.
std::optional<Record> creditOf(Context& ctx, const std::string& plugin, const std::string& ref) {
  long long id = 0;
  const std::string external = creditRef(plugin, ref);
  ctx.db() << "SELECT id FROM training_records WHERE source = 'plugin' AND external_ref = :r",
      soci::use(external), soci::into(id);
  if (!ctx.db().got_data()) return std::nullopt;
  return ctx.find("training.records", id);
}

// Credits hours for another plugin (a studio activity) exactly once per (plugin, source_ref):
// the record's provider is the calling plugin's title (as people read it), its source
// "plugin", its external reference "<plugin>:<source_ref>".
JsonPtr credit(Context& ctx, const JsonPtr& params) {
  const std::string& plugin = ctx.callerPlugin();
  const Params p = actionParams(params);
  std::string ref = requiredParam(p, "source_ref");
  long long x10 = 0;
  parseScaledDecimal(requiredParam(p, "hours"), 1, x10);
  long long teacher = 0;
  std::string staff = requiredParam(p, "staff_no");
  ctx.db() << "SELECT id FROM core_teachers WHERE staff_no = :s", soci::use(staff),
      soci::into(teacher);
  Record r;
  r.set("staff_no", Value{teacher});
  r.set("title", Value{requiredParam(p, "title")});
  r.set("provider", Value{ctx.pluginTitle(plugin).empty() ? plugin : ctx.pluginTitle(plugin)});
  r.set("level", Value{paramOr(p, "level", "district")});
  r.set("category", Value{paramOr(p, "category", "research")});
  r.set("hours", Value{x10});
  r.set("completed_on", Value{requiredParam(p, "date")});
  r.set("external_ref", Value{creditRef(plugin, ref)});
  JsonPtr out(new Json);
  if (auto stored = creditOf(ctx, plugin, ref)) {
    // Credited before: never twice; a corrected source (hours, date, title) corrects it.
    r.setId(stored->id());
    bool changed = false;
    for (const char* k : {"staff_no", "title", "provider", "hours", "completed_on"})
      changed = changed || stored->get(k) != r.get(k);
    if (changed) ctx.save("training.records", r);
    out->set("credited", false);
    out->set("updated", changed);
    out->set("record_id", stored->id());
    return out;
  }
  r.set("status", Value{"approved"});
  r.set("source", Value{"plugin"});
  long long id = ctx.save("training.records", r);
  out->set("credited", true);
  out->set("record_id", id);
  return out;
}

// Withdraws what `credit` credited for the calling plugin and source_ref, if anything.
JsonPtr withdraw(Context& ctx, const JsonPtr& params) {
  auto stored =
      creditOf(ctx, ctx.callerPlugin(), requiredParam(actionParams(params), "source_ref"));
  if (stored) ctx.remove("training.records", stored->id());
  JsonPtr out(new Json);
  out->set("withdrawn", stored.has_value());
  return out;
}

Field schoolParam() { return Field::reference("school", "学校", "core.schools"); }
Field yearParamField() { return Field::year("year", "年度").description("默认今年"); }

class TrainingPlugin : public Plugin {
 public:
  // The plugin's whole surface, declared in one place and read top to bottom: a long function
  // on purpose (a list, not logic; the logic is in the functions it names).
  void registerWith(Registrar& r) override {
    r.describe("继续教育", "培训课程、学时登记与审核、周期达标");
    r.role({"training_center",
            "培训机构",
            "培训中心、进修学校等：录入和导入本机构的课程与学时",
            RoleScope::kDistrict,
            {Field::text("provider", "培训机构名称").required().maxLength(100)},
            {"core:read"}});
    r.capability("training:read", "查看培训课程、学时和报表",
                 {"hr_officer", "training_center", "school_admin", "studio_host", "teacher"});
    r.capability("training:write", "录入学时和课程（教师：自行申报本人学时）",
                 {"hr_officer", "training_center", "school_admin", "teacher"});
    r.capability("training:approve", "审核（通过或驳回）待审核学时",
                 {"hr_officer", "school_admin"});
    r.capability("training:enter_approved", "录入的学时直接通过（培训机构、人事）",
                 {"hr_officer", "training_center"});
    r.capability("training:configure", "修改全区学时要求", {"hr_officer"});

    RecordType courses;
    courses.name = "courses";
    courses.label = "培训课程";
    courses.table = "training_courses";
    courses.fields = {
        Field::text("code", "课程编号").required().unique().maxLength(40),
        Field::text("title", "课程名称").required().maxLength(200),
        Field::text("provider", "培训机构").required().maxLength(100),
        Field::choice("level", "培训级别", kLevels).required(),
        Field::choice("category", "培训类别", kCategories).required(),
        Field::hoursX10("hours", "学时").required().range(1, 2000).column("hours_x10"),
    };
    courses.naturalKey = {"code"};
    courses.ownerAttributes = {{"provider", "provider"}};
    r.recordType(std::move(courses));
    r.recordTitle("courses", "title");

    RecordType records;
    records.name = "records";
    records.label = "培训学时记录";
    records.table = "training_records";
    records.fields = {
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::reference("course_code", "课程编号", "training.courses").column("course_id"),
        Field::text("title", "培训名称").maxLength(200),
        Field::text("provider", "培训机构").required().maxLength(100),
        Field::choice("level", "培训级别", kLevels).required(),
        Field::choice("category", "培训类别", kCategories).required(),
        Field::hoursX10("hours", "学时").required().range(1, 2000).column("hours_x10"),
        Field::date("completed_on", "完成日期").required(),
        Field::text("certificate_no", "证书编号").maxLength(64),
        Field::text("external_ref", "外部编号").required().maxLength(64),
        statusField().readOnly(),
        Field::choice("source", "来源",
                      {{"manual", "自行申报"}, {"import", "机构导入"}, {"plugin", "插件记入"}})
            .readOnly(),
        Field::text("reject_reason", "驳回原因").maxLength(500).readOnly(),
    };
    records.naturalKey = {"provider", "external_ref"};
    records.schoolField = "staff_no";
    records.teacherField = "staff_no";
    records.ownerAttributes = {{"provider", "provider"}};
    records.prepare = prepareRecord;
    records.validate = validateRecord;
    r.recordType(std::move(records));

    RecordType rules;
    rules.name = "rules";
    rules.label = "学时要求";
    rules.table = "training_rules";
    rules.fields = {Field::choice("key", "规则",
                                  {{"cycle_start_year", "周期起始年"},
                                   {"cycle_years", "周期年数"},
                                   {"cycle_hours_x10", "周期学时(×10)"},
                                   {"pace_x10", "每年学时(×10)"},
                                   {"probation_x10", "新教师试用期学时(×10)"},
                                   {"school_based_cap_percent", "校本学时上限(%)"}})
                        .required()
                        .unique(),
                    Field::integer("value", "值").required().range(0, 100000)};
    rules.naturalKey = {"key"};
    rules.writeCapability = "training:configure";
    r.recordType(std::move(rules));

    RecordActionSpec approve;
    approve.name = "approve";
    approve.recordType = "records";
    approve.title = "通过";
    approve.description = "审核通过待审核的学时";
    approve.capability = "training:approve";
    approve.stateField = "status";
    approve.states = {"pending"};
    approve.fn = [](Context& ctx, const Record& rec, const JsonPtr& p) {
      return decide(ctx, rec, p, true);
    };
    r.recordAction(approve);
    RecordActionSpec reject = approve;
    reject.name = "reject";
    reject.title = "驳回";
    reject.description = "驳回待审核的学时，并说明原因";
    reject.params = {Field::text("reason", "驳回原因").required().maxLength(500)};
    reject.fn = [](Context& ctx, const Record& rec, const JsonPtr& p) {
      return decide(ctx, rec, p, false);
    };
    r.recordAction(reject);

    ActionSpec creditSpec;
    creditSpec.name = "credit";
    creditSpec.title = "记入学时";
    creditSpec.description =
        "供其他插件调用：为一项活动记入学时，每个 source_ref 只记一次，来源为调用的插件";
    creditSpec.pluginsOnly = true;
    creditSpec.params = {
        Field::text("source_ref", "来源编号").required().maxLength(64),
        Field::reference("staff_no", "工号", "core.teachers").required(),
        Field::hoursX10("hours", "学时").required().range(1, 2000),
        Field::date("date", "完成日期").required(),
        Field::text("title", "培训名称").required().maxLength(200),
        Field::choice("level", "培训级别", kLevels).defaultValue("district"),
        Field::choice("category", "培训类别", kCategories).defaultValue("research"),
    };
    creditSpec.fn = credit;
    r.action(creditSpec);
    ActionSpec withdrawSpec;
    withdrawSpec.name = "withdraw";
    withdrawSpec.title = "撤回学时";
    withdrawSpec.description = "供其他插件调用：撤回该插件为 source_ref 记入的学时";
    withdrawSpec.pluginsOnly = true;
    withdrawSpec.params = {Field::text("source_ref", "来源编号").required().maxLength(64)};
    withdrawSpec.fn = withdraw;
    r.action(withdrawSpec);
    ActionSpec behindSpec;
    behindSpec.name = "behind";
    behindSpec.title = "学时落后教师";
    behindSpec.description = "某校在某年年底学时进度落后的教师及差额（绩效工资的培训系数使用）";
    behindSpec.capability = "training:read";
    behindSpec.params = {schoolParam().required(), yearParamField()};
    behindSpec.fn = behind;
    r.action(behindSpec);

    ReportSpec transcriptSpec;
    transcriptSpec.name = "transcript";
    transcriptSpec.title = "教师学时证明";
    transcriptSpec.description = "一名教师在当前周期的学时记录，按级别和类别合计";
    transcriptSpec.capability = "training:read";
    transcriptSpec.params = {Field::reference("staff_no", "工号", "core.teachers").required(),
                             yearParamField()};
    transcriptSpec.columns = {{"section", "部分"},
                              {"item", "项目"},
                              {"date", "日期", FieldType::kDate},
                              {"provider", "培训机构"},
                              {"level", "培训级别"},
                              {"category", "培训类别"},
                              {"hours", "学时", FieldType::kHoursX10},
                              {"status", "审核状态"}};
    transcriptSpec.fn = transcript;
    r.report(transcriptSpec);
    ReportSpec complianceSpec;
    complianceSpec.name = "compliance";
    complianceSpec.title = "学时达标情况";
    complianceSpec.description = "学校、集群或全区在某年年底学时进度落后的教师";
    complianceSpec.capability = "training:read";
    complianceSpec.params = {
        schoolParam(), Field::reference("cluster", "教育集群", "core.clusters"), yearParamField()};
    complianceSpec.columns = {{"staff_no", "工号"},
                              {"name", "姓名"},
                              {"school", "学校"},
                              {"done_hours", "已完成学时", FieldType::kHoursX10},
                              {"expected_hours", "应完成学时", FieldType::kHoursX10},
                              {"shortfall_hours", "差额学时", FieldType::kHoursX10}};
    complianceSpec.fn = compliance;
    r.report(complianceSpec);
    // The transcript's rows: records, then totals by level and by category, then the summary,
    // whose items are levels, categories or the summary's own words.
    r.reportChoices("transcript", "section",
                    {{"record", "学时记录"},
                     {"level", "按级别合计"},
                     {"category", "按类别合计"},
                     {"summary", "汇总"}});
    std::vector<Choice> items = {{"required", "周期应完成"},
                                 {"done", "已完成（计入）"},
                                 {"on track", "进度正常"},
                                 {"behind", "进度落后"}};
    items.insert(items.end(), kLevels.begin(), kLevels.end());
    items.insert(items.end(), kCategories.begin(), kCategories.end());
    r.reportChoices("transcript", "item", items);
    r.reportChoices("transcript", "level", kLevels);
    r.reportChoices("transcript", "category", kCategories);
    r.reportChoices("transcript", "status", statusField().choices());
    r.indicator({"behind", "学时进度落后的教师", "compliance", {}, "", ""});
    ReportSpec providersSpec;
    providersSpec.name = "providers";
    providersSpec.title = "培训机构汇总";
    providersSpec.description = "一段时间内各培训机构已通过的学时和教师数";
    providersSpec.capability = "training:read";
    providersSpec.params = {Field::date("from", "开始日期").description("默认今年 1 月 1 日"),
                            Field::date("to", "结束日期").description("默认今年 12 月 31 日")};
    providersSpec.columns = {{"provider", "培训机构"},
                             {"records", "记录数", FieldType::kInteger},
                             {"teachers", "教师数", FieldType::kInteger},
                             {"hours", "学时", FieldType::kHoursX10}};
    providersSpec.fn = providers;
    r.report(providersSpec);
    r.portfolio(portfolioSection());
  }
};

}  // namespace
}  // namespace tdr::training

TDR_PLUGIN(tdr::training::TrainingPlugin, "training", "1.0.0")
