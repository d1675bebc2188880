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

bool approvedOnEntry(const Context& ctx, const Record& r) {
  // Training centres', HR's and admins' entries are approved as they come; self-reported and
  // school-based hours wait in the approval queue.
  const std::string& role = ctx.user().role;
  bool trusted = role == "training_center" || role == "hr_officer" || role == "admin";
  return trusted && r.text("level").value_or("") != "school";
}

void prepareRecord(Context& ctx, Record& r, const Record* existing) {
  if (existing) {  // status and source change only through approve/reject
    r.set("status", existing->get("status"));
    r.set("source", existing->get("source"));
    return;
  }
  r.set("status", Value{approvedOnEntry(ctx, r) ? "approved" : "pending"});
  if (isNull(r.get("source")))
    r.set("source", Value{ctx.user().role == "training_center" ? "import" : "manual"});
}

void validateProvider(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  if (ctx.user().role != "training_center") return;
  auto provider = r.text("provider");
  if (provider && *provider != ctx.user().provider)
    errors.push_back({"provider", "training centre '" + ctx.user().provider +
                                      "' may only write its own provider's records"});
}

void validateRecord(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  validateProvider(ctx, r, errors);
  if (!r.id() && isNull(r.get("course")) && isNull(r.get("title")))
    errors.push_back({"title", "give a course_code or a title"});
  auto completed = r.text("completed_on");
  if (!completed) return;
  if (*completed > ctx.today()) {
    errors.push_back({"completed_on", "is in the future"});
    return;
  }
  auto teacher = r.integer("staff_no");
  if (!teacher) return;
  Value hire = ctx.recordField("core.teachers", *teacher, "hire_date");
  if (const auto* h = std::get_if<std::string>(&hire); h && *completed < *h)
    errors.push_back({"completed_on", "is before the teacher's hire date " + *h});
}

long long recordId(const JsonPtr& params) {
  if (!params->has("id")) throw validationError("id is required", {{"id", "required", 0}});
  try {
    return params->getValue<long long>("id");
  } catch (const Poco::Exception&) {
    throw validationError("id must be a number", {{"id", "not a number", 0}});
  }
}

// The record to approve or reject, if the user may decide on it.
std::string pendingStatus(Context& ctx, long long id) {
  std::string status;
  long long school = 0;
  ctx.db() << "SELECT r.status, t.home_school_id FROM training_records r JOIN core_teachers t "
              "ON t.id = r.teacher_id WHERE r.id = :id",
      soci::use(id), soci::into(status), soci::into(school);
  if (!ctx.db().got_data() || (ctx.user().schoolId && *ctx.user().schoolId != school))
    throw notFound("training record " + std::to_string(id) + " does not exist");
  if (status != "pending")
    throw conflict("training record " + std::to_string(id) + " is " + status + ", not pending");
  return status;
}

JsonPtr decide(Context& ctx, const JsonPtr& params, bool approve) {
  long long id = recordId(params);
  pendingStatus(ctx, id);
  std::string reason = paramOr(actionParams(params), "reason", "");
  if (!approve && reason.find_first_not_of(" \t") == std::string::npos)
    throw validationError("a rejection needs a reason", {{"reason", "required", 0}});
  std::string status = approve ? "approved" : "rejected";
  soci::indicator reasonInd = approve ? soci::i_null : soci::i_ok;
  ctx.db() << "UPDATE training_records SET status = :s, reject_reason = :r WHERE id = :id",
      soci::use(status), soci::use(reason, reasonInd), soci::use(id);
  JsonPtr out(new Json);
  out->set("id", id);
  out->set("status", status);
  return out;
}

// Credits hours from another plugin (a studio activity) exactly once per (source, source_ref).
JsonPtr credit(Context& ctx, const JsonPtr& params) {
  const Params p = actionParams(params);
  std::vector<FieldError> errors;
  auto text = [&](const char* k) {  // every missing one is named at once
    std::string v = paramOr(p, k, "");
    if (v.empty()) errors.push_back({k, "is required"});
    return v;
  };
  std::string source = text("source"), ref = text("source_ref"), staff = text("staff_no"),
              hoursText = text("hours"), date = text("date"), title = text("title");
  std::string level = paramOr(p, "level", "district");
  std::string category = paramOr(p, "category", "research");
  long long x10 = 0;
  if (!hoursText.empty() && (!parseScaledDecimal(hoursText, 1, x10) || x10 < 1 || x10 > 2000))
    errors.push_back({"hours", "must be from 0.1 to 200 with at most one decimal"});
  if (!date.empty() && !isValidDate(date)) errors.push_back({"date", "is not a date"});
  long long teacher = 0;
  if (!staff.empty()) {
    ctx.db() << "SELECT id FROM core_teachers WHERE staff_no = :s", soci::use(staff),
        soci::into(teacher);
    if (!ctx.db().got_data()) errors.push_back({"staff_no", "unknown staff_no '" + staff + "'"});
  }
  if (!errors.empty()) throw validationError("cannot credit training hours", errors);
  JsonPtr out(new Json);
  long long existing = 0, storedX10 = 0;
  std::string storedDate, storedTitle;
  ctx.db() << "SELECT id, hours_x10, completed_on, COALESCE(title, '') FROM training_records "
              "WHERE provider = :p AND external_ref = :r",
      soci::use(source), soci::use(ref), soci::into(existing), soci::into(storedX10),
      soci::into(storedDate), soci::into(storedTitle);
  if (ctx.db().got_data()) {
    // Credited before: never twice; a corrected source (hours, date, title) corrects it.
    bool changed = storedX10 != x10 || storedDate != date || storedTitle != title;
    if (changed)
      ctx.db() << "UPDATE training_records SET hours_x10 = :h, completed_on = :d, title = :t, "
                  "teacher_id = :te WHERE id = :id",
          soci::use(x10), soci::use(date), soci::use(title), soci::use(teacher),
          soci::use(existing);
    out->set("credited", false);
    out->set("updated", changed);
    out->set("record_id", existing);
    return out;
  }
  long long id = 0;
  std::string src = source == "studios" ? "studio" : "manual";
  ctx.db() << "INSERT INTO training_records (teacher_id, title, provider, level, category, "
              "hours_x10, completed_on, external_ref, status, source) VALUES (:t, :ti, :p, :l, "
              ":c, :h, :d, :r, 'approved', :s) RETURNING id",
      soci::use(teacher), soci::use(title), soci::use(source), soci::use(level),
      soci::use(category), soci::use(x10), soci::use(date), soci::use(ref), soci::use(src),
      soci::into(id);
  out->set("credited", true);
  out->set("record_id", id);
  return out;
}

// Withdraws what `credit` credited for (source, source_ref), if anything.
JsonPtr withdraw(Context& ctx, const JsonPtr& params) {
  const Params p = actionParams(params);
  std::string source = paramOr(p, "source", ""), ref = paramOr(p, "source_ref", "");
  std::vector<FieldError> errors;
  if (source.empty()) errors.push_back({"source", "is required"});
  if (ref.empty()) errors.push_back({"source_ref", "is required"});
  if (!errors.empty()) throw validationError("cannot withdraw training hours", errors);
  soci::statement st = (ctx.db().prepare << "DELETE FROM training_records WHERE provider = :p "
                                            "AND external_ref = :r",
                        soci::use(source), soci::use(ref));
  st.execute(true);
  JsonPtr out(new Json);
  out->set("withdrawn", st.get_affected_rows() > 0);
  return out;
}

class TrainingPlugin : public Plugin {
 public:
  void registerWith(Registrar& r) override {
    r.capability("training:read", "read training courses, records and reports",
                 {"hr_officer", "training_center", "school_admin", "studio_host"});
    r.capability("training:write", "record training hours and courses",
                 {"hr_officer", "training_center", "school_admin"});
    r.capability("training:approve", "approve or reject pending hours",
                 {"hr_officer", "school_admin"});
    r.capability("training:credit", "credit hours from other plugins (studio activities)",
                 {"hr_officer", "studio_host"});

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
    courses.validate = validateProvider;
    r.recordType(std::move(courses));

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
        Field::choice("status", "审核状态",
                      {{"pending", "待审核"}, {"approved", "已通过"}, {"rejected", "已驳回"}}),
        Field::choice("source", "来源",
                      {{"manual", "自行申报"}, {"import", "机构导入"}, {"studio", "名师工作室"}}),
        Field::text("reject_reason", "驳回原因").maxLength(500),
    };
    records.naturalKey = {"provider", "external_ref"};
    records.schoolField = "staff_no";
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
    r.recordType(std::move(rules));

    r.action("approve", "training:approve",
             [](Context& ctx, const JsonPtr& p) { return decide(ctx, p, true); });
    r.action("reject", "training:approve",
             [](Context& ctx, const JsonPtr& p) { return decide(ctx, p, false); });
    r.action("credit", "training:credit", credit);
    r.action("withdraw", "training:credit", withdraw);
    r.action("behind", "training:read", behind);
    r.report("transcript", "training:read", transcript);
    r.report("compliance", "training:read", compliance);
    r.report("providers", "training:read", providers);
    r.portfolioSection("继续教育学时", "training:read", portfolio);
  }
};

}  // namespace
}  // namespace tdr::training

TDR_PLUGIN(tdr::training::TrainingPlugin, "training", "1.0.0")
