// Performance pay (绩效工资): a scheme per school and year, computed to the fen from post-grade
// standards, allowances, appraisal scores and workloads, with the ethics veto and the optional
// training and rotation factors; reviewed, published (公示) and locked. Built only on the SDK.
#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "compute.h"
#include "inputs.h"
#include "line_writer.h"
#include "sheet_report.h"

namespace tdr::perfpay {

namespace {

const std::vector<Choice> kStatuses = {{"draft", "草稿"},
                                       {"computed", "已核算"},
                                       {"reviewed", "已审核"},
                                       {"published", "已公示"},
                                       {"locked", "已锁定"}};

// The portfolio section: the teacher's pay slips (工资条), newest year first.
PortfolioSpec portfolioSection() {
  PortfolioSpec s;
  s.name = "slips";
  s.title = "绩效工资";
  s.capability = "perfpay:slip";
  s.tableTitle = "工资条";
  s.columns = {Field::year("year", "年度"),
               Field::choice("status", "方案状态", kStatuses),
               Field::money("basic", "基础性绩效"),
               Field::money("allowances", "津贴补贴"),
               Field::money("rotation", "交流轮岗补贴"),
               Field::money("incentive", "奖励性绩效"),
               Field::money("total", "合计"),
               Field::text("explanation", "说明")};
  s.fn = portfolio;
  return s;
}

// The schemes of a year (of one school when `onlySchool`), ordered by school code, with their
// computation parameters.
std::vector<SchemeRow> schemesOf(Context& ctx, int year, long long onlySchool) {
  std::vector<SchemeRow> out;
  SchemeRow s;
  int vetoZeroes = 1, vetoMonths = 0;
  soci::statement st =
      (ctx.db().prepare << "SELECT p.id, p.school_id, c.code, p.year, p.status, p.pool_fen, "
                           "COALESCE(p.basic_percent, 70), COALESCE(p.frontline_percent, 120), "
                           "COALESCE(p.veto_zeroes_incentive, 1), "
                           "COALESCE(p.veto_months_only, 0), "
                           "COALESCE(p.training_factor_percent, 100), "
                           "COALESCE(p.rotation_monthly_fen, 0) FROM perfpay_schemes p JOIN "
                           "core_schools c ON c.id = p.school_id WHERE p.year = :y AND (:s = 0 "
                           "OR p.school_id = :s2) ORDER BY c.code",
       soci::use(year), soci::use(onlySchool), soci::use(onlySchool), soci::into(s.id),
       soci::into(s.school), soci::into(s.code), soci::into(s.year), soci::into(s.status),
       soci::into(s.params.poolFen), soci::into(s.params.basicPercent),
       soci::into(s.params.frontlinePercent), soci::into(vetoZeroes), soci::into(vetoMonths),
       soci::into(s.params.trainingFactorPercent), soci::into(s.params.rotationMonthlyFen));
  st.execute();
  while (st.fetch()) {
    s.params.vetoZeroesIncentive = vetoZeroes != 0;
    s.params.vetoMonthsOnly = vetoMonths != 0;
    s.params.chinese = ctx.text("zh", "en") == "zh";
    out.push_back(s);
  }
  return out;
}

std::optional<SchemeRow> findScheme(Context& ctx, long long school, long long year) {
  if (!school) return std::nullopt;
  auto found = schemesOf(ctx, static_cast<int>(year), school);
  if (found.empty()) return std::nullopt;
  return found.front();
}

// A status in the caller's language.
std::string statusText(Context& ctx, const std::string& code) {
  return ctx.text(label(kStatuses, code), code);
}

std::string describe(Context& ctx, const SchemeRow& s) {
  return ctx.text(
      s.code + " 的 " + std::to_string(s.year) + " 年绩效工资方案" + label(kStatuses, s.status),
      "the " + std::to_string(s.year) + " performance-pay scheme of " + s.code + " is " + s.status);
}

bool open(const std::string& status) { return status == "draft" || status == "computed"; }

// Reviewed, published and locked schemes take no change to themselves or their inputs.
void requireOpen(Context& ctx, const SchemeRow& s) {
  if (!open(s.status))
    throw conflict(
        describe(ctx, s) +
        ctx.text(
            "：方案及其数据不能再修改" +
                std::string(s.status == "locked" ? "" : "（只有草稿或已核算的方案可以）"),
            ": it and its inputs can no longer change" +
                std::string(s.status == "locked" ? "" : " (only draft or computed schemes can)")));
}

// Inputs changed: a computed sheet is stale, back to draft until computed again.
void invalidate(Context& ctx, const SchemeRow& s) {
  if (s.status != "computed") return;
  ctx.db() << "DELETE FROM perfpay_lines WHERE scheme_id = :id", soci::use(s.id);
  ctx.db() << "UPDATE perfpay_schemes SET status = 'draft' WHERE id = :id", soci::use(s.id);
}

// --- schemes ---

// The settings a computed sheet depends on.
constexpr const char* kSettings[] = {"school",
                                     "year",
                                     "pool",
                                     "basic_percent",
                                     "frontline_percent",
                                     "veto_zeroes_incentive",
                                     "veto_months_only",
                                     "training_factor_percent",
                                     "rotation_monthly"};

bool settingsChanged(const Record& before, const Record& after) {
  for (const char* f : kSettings)
    if (before.get(f) != after.get(f)) return true;
  return false;
}

void prepareScheme(Context&, Record& r, const Record* existing) {
  if (!existing) {
    r.set("status", Value{"draft"});  // the workflow fields are read-only
    return;
  }
  // A computed scheme whose settings change is a draft again (its lines go, schemeSaved).
  if (existing->text("status").value_or("") == "computed" && settingsChanged(*existing, r))
    r.set("status", Value{"draft"});
}

void validateScheme(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  if (r.id()) {
    // A reviewed, published or locked scheme keeps its settings; only the workflow's own
    // fields (status, who and when — read-only to users) move on, through its record actions.
    auto stored = ctx.find("perfpay.schemes", r.id());
    const std::string status = stored ? stored->text("status").value_or("") : "";
    if (stored && !open(status) && settingsChanged(*stored, r))
      throw conflict(ctx.text("该绩效工资方案" + label(kStatuses, status) + "，不能再修改",
                              "the performance-pay scheme " + std::to_string(r.id()) + " is " +
                                  status + ": it can no longer change"));
  }
  auto pool = r.integer("pool");
  if (pool && *pool <= 0) errors.push_back({"pool", ctx.text("必须大于 0", "must be more than 0")});
}

// A draft has no sheet: lines left from before its settings changed go.
void schemeSaved(Context& ctx, const JsonPtr& e) {
  if (e->getValue<std::string>("change") != "update") return;
  long long id = e->getValue<long long>("id");
  ctx.db() << "DELETE FROM perfpay_lines WHERE scheme_id = :id AND EXISTS (SELECT 1 FROM "
              "perfpay_schemes WHERE id = :id2 AND status = 'draft')",
      soci::use(id), soci::use(id);
}

void schemeDeleted(Context& ctx, const JsonPtr& e) {
  auto before = e->getObject("before");
  std::string status = before->has("status") ? before->getValue<std::string>("status") : "";
  if (!open(status))
    throw conflict(ctx.text(statusText(ctx, status) + "的绩效工资方案不能删除",
                            "a " + status + " performance-pay scheme cannot be deleted"));
}

// --- inputs and allowances: per (year, teacher), under the scheme of the teacher's school ---

std::optional<SchemeRow> schemeOfTeacher(Context& ctx, long long teacher, long long year) {
  Value school = ctx.recordField("core.teachers", teacher, "home_school");
  const auto* id = std::get_if<long long>(&school);
  if (!id) return std::nullopt;
  return findScheme(ctx, *id, year);
}

void validateTeacherYear(Context& ctx, const Record& r, std::vector<FieldError>&) {
  auto teacher = r.integer("staff_no");
  auto year = r.integer("year");
  if (!teacher || !year) return;
  if (auto s = schemeOfTeacher(ctx, *teacher, *year)) requireOpen(ctx, *s);
}

void teacherYearSaved(Context& ctx, const JsonPtr& e) {
  std::string type = e->getValue<std::string>("type");
  const std::string table = type == "perfpay.inputs" ? "perfpay_inputs" : "perfpay_allowances";
  long long id = e->getValue<long long>("id"), teacher = 0, year = 0;
  ctx.db() << "SELECT teacher_id, year FROM " + table + " WHERE id = :id", soci::use(id),
      soci::into(teacher), soci::into(year);
  if (auto s = schemeOfTeacher(ctx, teacher, year)) invalidate(ctx, *s);
}

void teacherYearDeleted(Context& ctx, const JsonPtr& e) {
  auto before = e->getObject("before");
  if (!before->has("staff_no") || !before->has("year")) return;
  long long teacher = before->getValue<long long>("staff_no");
  long long year = before->getValue<long long>("year");
  if (auto s = schemeOfTeacher(ctx, teacher, year)) {
    requireOpen(ctx, *s);
    invalidate(ctx, *s);
  }
}

// --- the computation ---

// The scheme year, which every action and the sheet name explicitly.
int schemeYear(Context& ctx, const Params& p) {
  requiredParam(p, "year");
  return yearParam(ctx, p);
}

long long schoolId(Context& ctx, const std::string& code) {
  long long id = 0;
  ctx.db() << "SELECT id FROM core_schools WHERE code = :c", soci::use(code), soci::into(id);
  if (!ctx.db().got_data())
    throw validationError(ctx.text("没有这所学校", "unknown school"),
                          {{"school", ctx.text("没有学校代码为“" + code + "”的学校",
                                               "unknown school code '" + code + "'")}});
  if (ctx.user().schoolId && *ctx.user().schoolId != id)
    throw forbidden(ctx.text("只能处理本校的方案", "you may only act on your own school's scheme"));
  return id;
}

}  // namespace

SchemeRow requireScheme(Context& ctx, const Params& p) {
  std::string code = requiredParam(p, "school");
  int year = schemeYear(ctx, p);
  auto s = findScheme(ctx, schoolId(ctx, code), year);
  if (!s)
    throw notFound(ctx.text(code + " 没有 " + std::to_string(year) + " 年的方案",
                            "there is no " + std::to_string(year) + " scheme for " + code));
  return *s;
}

namespace {

JsonPtr summary(const SchemeRow& s, const Sheet& sheet) {
  long long sum = 0, vetoedCount = 0;
  for (const auto& l : sheet.lines) {
    sum += l.totalFen;
    vetoedCount += l.vetoed ? 1 : 0;
  }
  JsonPtr out(new Json);
  out->set("school", s.code);
  out->set("year", s.year);
  out->set("status", "computed");
  out->set("teachers", static_cast<long long>(sheet.lines.size()));
  out->set("pool", yuan(sum));
  out->set("basic", yuan(sheet.basicPoolFen));
  out->set("allowances", yuan(sheet.allowancesFen));
  out->set("rotation", yuan(sheet.rotationFen));
  out->set("incentive", yuan(sheet.incentivePoolFen));
  out->set("vetoed", vetoedCount);
  return out;
}

// perfpay.compute {school, year}: one school; without school, every open scheme of the year
// (those the user may act on). Every sheet is computed before anything is written: all or
// none, and one failing school names itself.
JsonPtr computeAction(Context& ctx, const JsonPtr& params) {
  const Params p = actionParams(params);
  requireKnownParams(p, {"school", "year"});
  const int year = schemeYear(ctx, p);
  const std::string code = paramOr(p, "school", "");
  long long only = code.empty() ? ctx.user().schoolId.value_or(0) : schoolId(ctx, code);
  std::vector<SchemeRow> schemes = schemesOf(ctx, year, only);
  if (!code.empty()) {
    if (schemes.empty())
      throw notFound(ctx.text(code + " 没有 " + std::to_string(year) + " 年的方案",
                              "there is no " + std::to_string(year) + " scheme for " + code));
    if (!open(schemes.front().status))
      throw conflict(
          describe(ctx, schemes.front()) +
          ctx.text("：审核之后不能再核算", ": computing again is only possible before review"));
  }
  if (schemes.empty())
    throw notFound(ctx.text("没有 " + std::to_string(year) + " 年的方案",
                            "there are no " + std::to_string(year) + " schemes"));
  Inputs in = loadInputs(ctx, year, only);
  std::vector<std::pair<const SchemeRow*, Sheet>> sheets;
  JsonArray::Ptr skipped(new JsonArray);
  for (const auto& s : schemes) {
    if (!open(s.status)) {
      skipped->add(s.code + " (" + s.status + ")");
      continue;
    }
    try {
      if (auto problems = in.problems.find(s.school); problems != in.problems.end())
        throw validationError(ctx.text("方案无法核算", "the scheme cannot be computed"),
                              problems->second);
      std::vector<Teacher> teachers = in.bySchool[s.school];
      applyFactors(ctx, s, teachers);
      sheets.emplace_back(&s, computeSheet(s.params, std::move(teachers)));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kValidation) throw;
      throw validationError(s.code + " " + std::to_string(s.year) + ": " + e.what(), e.details());
    }
  }
  // Write: old lines of the computed schemes out, the new in, their status with who and when.
  soci::session& db = ctx.db();
  db << "DELETE FROM perfpay_lines WHERE scheme_id IN (SELECT id FROM perfpay_schemes WHERE "
        "year = :y AND status IN ('draft', 'computed') AND (:s = 0 OR school_id = :s2))",
      soci::use(year), soci::use(only), soci::use(only);
  LineWriter writer(db);
  JsonArray::Ptr computed(new JsonArray);
  for (const auto& [s, sheet] : sheets) {
    writer.write(s->id, sheet.lines);
    computed->add(summary(*s, sheet));
  }
  // Each scheme's step through the context: its rules, record event and audit entry apply.
  const std::string who = ctx.user().login, when = ctx.now();
  for (const auto& [s, sheet] : sheets) {
    Record step;
    step.setId(s->id);
    step.set("status", Value{"computed"});
    step.set("computed_by", Value{who});
    step.set("computed_at", Value{when});
    ctx.save("perfpay.schemes", step);
  }
  if (!code.empty()) return computed->getObject(0);
  JsonPtr out(new Json);
  out->set("year", year);
  out->set("computed", computed);
  out->set("skipped", skipped);
  return out;
}

// The step's verb in Chinese.
std::string verbText(const std::string& verb) {
  return verb == "reviewed"    ? "审核"
         : verb == "published" ? "公示"
         : verb == "locked"    ? "锁定"
                               : verb;
}

// review / publish / lock, a record action on the scheme: one step forward, written through the
// context (validation, events and the record's audit apply) with who and when. The declared
// states let only a scheme in `from` be offered the step; the check here says why otherwise.
JsonPtr stepScheme(Context& ctx, const Record& stored, const std::string& from,
                   const std::string& to) {
  SchemeRow s;
  s.id = stored.id();
  s.code = toText(ctx.recordField("core.schools", stored.integer("school").value_or(0), "code"));
  s.year = static_cast<int>(stored.integer("year").value_or(0));
  s.status = stored.text("status").value_or("");
  if (ctx.user().schoolId && stored.integer("school") != ctx.user().schoolId)
    throw forbidden(ctx.text("只能处理本校的方案", "you may only act on your own school's scheme"));
  if (s.status != from)
    throw conflict(describe(ctx, s) +
                   ctx.text("；只有" + label(kStatuses, from) + "的方案才能" + verbText(to),
                            "; only a " + from + " scheme can be " + to));
  const std::string who = ctx.user().login, when = ctx.now();
  Record change;
  change.setId(s.id);
  change.set("status", Value{to});
  change.set(to + "_by", Value{who});
  change.set(to + "_at", Value{when});
  ctx.save("perfpay.schemes", change);
  JsonPtr out(new Json);
  out->set("school", s.code);
  out->set("year", s.year);
  out->set("status", to);
  out->set("by", who);
  out->set("at", when);
  return out;
}

class PerfpayPlugin : public Plugin {
 public:
  // The plugin's whole surface, declared in one place and read top to bottom: a long function
  // on purpose (a list, not logic; the logic is in the functions it names).
  void registerWith(Registrar& r) override {
    r.describe("绩效工资", "学校绩效工资方案、核算、审核、公示、锁定和工资条");
    r.dependsOn("ethics", ">=1.0");
    r.dependsOn("training", ">=1.0");
    r.capability("perfpay:read", "查看绩效工资方案、考核数据和工资表",
                 {"hr_officer", "school_admin"});
    r.capability("perfpay:write", "设置方案、考核数据、津贴", {"hr_officer", "school_admin"});
    r.capability("perfpay:configure", "修改全区岗位绩效标准", {"hr_officer"});
    r.capability("perfpay:compute", "核算方案的工资表", {"hr_officer", "school_admin"});
    r.capability("perfpay:approve", "审核、公示和锁定方案", {"hr_officer"});
    r.capability("perfpay:slip", "在成长档案中查看工资条（教师：本人的，公示后）",
                 {"hr_officer", "school_admin", "teacher"});

    RecordType standards;
    standards.name = "standards";
    standards.label = "岗位绩效标准";
    standards.table = "perfpay_standards";
    standards.fields = {
        Field::choice("title", "职称",
                      {{"none", "未定级"},
                       {"third", "三级教师"},
                       {"second", "二级教师"},
                       {"first", "一级教师"},
                       {"senior", "高级教师"},
                       {"professor", "正高级教师"}})
            .required()
            .unique(),
        Field::money("monthly", "月标准(元)").required().range(0, 10000000).column("monthly_fen"),
    };
    standards.naturalKey = {"title"};
    standards.writeCapability = "perfpay:configure";
    r.recordType(std::move(standards));

    RecordType schemes;
    schemes.name = "schemes";
    schemes.label = "绩效工资方案";
    schemes.table = "perfpay_schemes";
    schemes.fields = {
        Field::reference("school", "学校代码", "core.schools").required(),
        Field::integer("year", "年度").required().range(2000, 2100),
        Field::money("pool", "绩效工资总额(元)").required().column("pool_fen"),
        Field::integer("basic_percent", "基础性绩效比例(%)").range(0, 100),
        Field::integer("frontline_percent", "一线教师系数(%)").range(100, 300),
        Field::boolean("veto_zeroes_incentive", "一票否决取消奖励性绩效"),
        Field::boolean("veto_months_only", "只扣减被否决月份的奖励性绩效")
            .description("不选：取消当年奖励性绩效（默认）；选中：按未被否决的月份计发"),
        Field::integer("training_factor_percent", "培训未达标系数(%)").range(0, 100),
        Field::money("rotation_monthly", "轮岗补贴(元/月)")
            .range(0, 10000000)
            .column("rotation_monthly_fen"),
        Field::choice("status", "状态", kStatuses).readOnly(),
        Field::text("computed_by", "核算人").readOnly(),
        Field::text("computed_at", "核算时间").readOnly(),
        Field::text("reviewed_by", "审核人").readOnly(),
        Field::text("reviewed_at", "审核时间").readOnly(),
        Field::text("published_by", "公示人").readOnly(),
        Field::text("published_at", "公示时间").readOnly(),
        Field::text("locked_by", "锁定人").readOnly(),
        Field::text("locked_at", "锁定时间").readOnly(),
    };
    schemes.naturalKey = {"school", "year"};
    schemes.schoolField = "school";
    schemes.prepare = prepareScheme;
    schemes.validate = validateScheme;
    r.recordType(std::move(schemes));

    RecordType inputs;
    inputs.name = "inputs";
    inputs.label = "绩效考核数据";
    inputs.table = "perfpay_inputs";
    inputs.fields = {
        Field::integer("year", "年度").required().range(2000, 2100),
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::integer("months", "在岗月数").range(0, 12),
        Field::integer("score", "考核得分").range(0, 100),
        Field::integer("workload_percent", "工作量系数(%)").range(0, 300),
        Field::boolean("frontline", "一线教师"),
    };
    inputs.naturalKey = {"year", "staff_no"};
    inputs.schoolField = "staff_no";
    inputs.teacherField = "staff_no";
    inputs.validate = validateTeacherYear;
    r.recordType(std::move(inputs));

    RecordType allowances;
    allowances.name = "allowances";
    allowances.label = "岗位津贴";
    allowances.table = "perfpay_allowances";
    allowances.fields = {
        Field::integer("year", "年度").required().range(2000, 2100),
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::choice("kind", "津贴类型", kAllowanceKinds).required(),
        Field::integer("months", "月数").required().range(0, 12),
        Field::money("monthly", "月标准(元)").required().range(0, 10000000).column("monthly_fen"),
    };
    allowances.naturalKey = {"year", "staff_no", "kind"};
    allowances.schoolField = "staff_no";
    allowances.teacherField = "staff_no";
    allowances.validate = validateTeacherYear;
    r.recordType(std::move(allowances));

    r.subscribe("perfpay.schemes.saved", schemeSaved);
    r.subscribe("perfpay.schemes.deleted", schemeDeleted);
    for (const char* t : {"perfpay.inputs", "perfpay.allowances"}) {
      r.subscribe(std::string(t) + ".saved", teacherYearSaved);
      r.subscribe(std::string(t) + ".deleted", teacherYearDeleted);
    }
    Field school = Field::reference("school", "学校", "core.schools");
    Field year = Field::year("year", "年度").required();
    r.action({"compute",
              "核算工资表",
              "核算一所学校（不填则全区所有未审核方案）某年的绩效工资",
              "perfpay:compute",
              {school, year},
              computeAction});
    // The workflow's steps, on the scheme itself: offered only in the state they apply to.
    auto step = [&](const char* name, const char* title, const char* description, const char* from,
                    const char* to, bool confirm) {
      RecordActionSpec a;
      a.name = name;
      a.recordType = "schemes";
      a.title = title;
      a.description = description;
      a.capability = "perfpay:approve";
      a.stateField = "status";
      a.states = {from};
      a.confirm = confirm;
      a.fn = [from = std::string(from), to = std::string(to)](Context& ctx, const Record& stored,
                                                              const JsonPtr&) {
        return stepScheme(ctx, stored, from, to);
      };
      r.recordAction(a);
    };
    step("review", "审核方案", "审核已核算的方案", "computed", "reviewed", false);
    step("publish", "公示方案", "公示已审核的方案：教师可在成长档案中看到本人工资条", "reviewed",
         "published", true);
    step("lock", "锁定方案", "锁定已公示的方案：此后不能再做任何修改", "published", "locked", true);
    r.report({"sheet",
              "绩效工资表",
              "一所学校某年的绩效工资表，每人附计算说明",
              "perfpay:read",
              {Field(school).required(), year,
               Field::choice("headers", "表头语言", {{"zh", "中文"}, {"en", "英文"}})
                   .defaultValue("zh")},
              {{"staff_no", "工号"},
               {"name", "姓名"},
               {"months", "月数", FieldType::kInteger},
               {"basic", "基础性绩效(元)", FieldType::kMoney},
               {"allowances", "岗位津贴(元)", FieldType::kMoney},
               {"rotation", "轮岗补贴(元)", FieldType::kMoney},
               {"incentive", "奖励性绩效(元)", FieldType::kMoney},
               {"total", "合计(元)", FieldType::kMoney},
               {"vetoed", "师德一票否决"},
               {"explanation", "计算说明"}},
              sheetReport});
    r.portfolio(portfolioSection());
  }
};

}  // namespace
}  // namespace tdr::perfpay

TDR_PLUGIN(tdr::perfpay::PerfpayPlugin, "perfpay", "1.0.0")
