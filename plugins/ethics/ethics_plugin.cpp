// Professional ethics (师德师风): commendations and violations of the ten guidelines with their
// handling and sanctions, annual appraisals, and the one-vote veto other plugins ask about.
// Built only on the public SDK.
#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

#include <map>

#include "ethics_reports.h"
#include "veto.h"

namespace tdr::ethics {

namespace {

// 《新时代中小学教师职业行为十项准则》
const std::vector<Choice> kGuidelines = {
    {"political", "坚定政治方向"}, {"law", "自觉爱国守法"},      {"culture", "传播优秀文化"},
    {"teaching", "潜心教书育人"},  {"care", "关心爱护学生"},     {"safety", "加强安全防范"},
    {"conduct", "坚持言行雅正"},   {"fairness", "秉持公平诚信"}, {"integrity", "坚守廉洁自律"},
    {"practice", "规范从教行为"}};

const std::vector<Choice> kHandling = {
    {"criticism", "批评教育"},        {"admonition", "诫勉谈话"}, {"circulated", "通报批评"},
    {"disqualified", "取消评优评先"}, {"warning", "警告"},        {"demerit", "记过"},
    {"demotion", "降低岗位等级"},     {"removal", "撤职"},        {"dismissal", "开除"}};

const char* kSensitive = "ethics:read_sensitive";

void prepareEvent(Context&, Record& r, const Record* existing) {
  auto value = [&](const char* f) -> std::string {
    if (auto v = r.text(f)) return *v;
    if (existing && !r.values().count(f))
      if (auto v = existing->text(f)) return *v;
    return {};
  };
  std::string handling = value("handling");
  std::string start = value("sanction_on");
  if (sanctionMonths(handling) != 0 && start.empty()) {
    start = value("occurred_on");
    r.set("sanction_on", Value{start});
  }
  std::string until = effectUntil(handling, start);
  r.set("effect_until", until.empty() ? Value{} : Value{until});
}

// reported -> under_review -> confirmed | dismissed; confirmed -> appealed (overturned).
bool allowedTransition(const std::string& from, const std::string& to) {
  if (from == to) return true;
  if (from == "reported") return to == "under_review" || to == "confirmed" || to == "dismissed";
  if (from == "under_review") return to == "confirmed" || to == "dismissed";
  if (from == "confirmed") return to == "appealed";
  return false;
}

const std::vector<Choice> kStatuses = {{"reported", "已受理"},
                                       {"under_review", "调查中"},
                                       {"confirmed", "已认定"},
                                       {"dismissed", "不予认定"},
                                       {"appealed", "申诉撤销"}};

std::string statusLabel(const std::string& code) {
  for (const auto& c : kStatuses)
    if (c.code == code) return c.label;
  return code;
}

// The 优秀 cap the other way round: a violation confirmed in a year whose appraisal is already
// 优秀 is refused, naming the appraisal to revise first — both never stand silently. A record
// that was a confirmed violation of the same teacher and date already is left alone, so that
// an export re-imports unchanged.
void checkNoExcellentAppraisal(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto kind = r.text("kind"), status = r.text("status"), occurred = r.text("occurred_on");
  auto teacher = r.integer("staff_no");
  if (!kind || *kind != "violation" || !status || *status != "confirmed" || !occurred ||
      occurred->size() < 4 || !teacher)
    return;
  if (r.id()) {
    auto stored = [&](const char* f) { return ctx.recordField("ethics.events", r.id(), f); };
    if (stored("status") == Value{std::string("confirmed")} &&
        stored("occurred_on") == Value{*occurred} && stored("staff_no") == Value{*teacher})
      return;
  }
  const int year = std::stoi(occurred->substr(0, 4));
  long long appraisal = 0;
  ctx.db() << "SELECT id FROM ethics_appraisals WHERE teacher_id = :t AND year = :y AND grade = "
              "'excellent'",
      soci::use(*teacher), soci::use(year), soci::into(appraisal);
  if (!ctx.db().got_data()) return;
  const std::string y = std::to_string(year);
  errors.push_back(
      {"status", ctx.text("该教师 " + y + " 年的师德考核为优秀（考核记录 " +
                              std::to_string(appraisal) + "）：认定违规前请先修改该年度考核等次",
                          "the teacher's " + y + " appraisal (record " + std::to_string(appraisal) +
                              ") is 优秀: revise that appraisal before confirming a violation "
                              "of the same year")});
}

void validateEvent(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  if (auto to = r.text("status"); to && r.id()) {
    Value from = ctx.recordField("ethics.events", r.id(), "status");
    if (const auto* f = std::get_if<std::string>(&from); f && !allowedTransition(*f, *to))
      errors.push_back(
          {"status", ctx.text("不能从“" + statusLabel(*f) + "”改为“" + statusLabel(*to) +
                                  "”（已受理 → 调查中 → 已认定或不予认定；已认定 → 申诉撤销）",
                              "cannot go from " + *f + " to " + *to +
                                  " (reported -> under_review -> confirmed or dismissed; "
                                  "confirmed -> appealed)")});
  }
  auto kind = r.text("kind");
  if (kind && *kind == "violation" && isNull(r.get("category")))
    errors.push_back({"category", ctx.text("违规须写明违反了哪一条准则",
                                           "a violation names one of the ten guidelines")});
  if (auto d = r.text("occurred_on"); d && *d > ctx.today())
    errors.push_back({"occurred_on", ctx.text("不能晚于今天", "is in the future")});
  if (kind && *kind == "commendation" && !isNull(r.get("handling")))
    errors.push_back({"handling", ctx.text("表彰没有处理方式", "a commendation has no handling")});
  checkNoExcellentAppraisal(ctx, r, errors);
}

// The workflow step of a record action: the new status, and for a confirmation the handling
// and sanction date given with it. Written through the context, so validation (the allowed
// transitions), the derived effect period, events and audit apply as for any write.
JsonPtr moveEvent(Context& ctx, const Record& stored, const JsonPtr& params,
                  const std::string& to) {
  const Params p = actionParams(params);
  Record change;
  change.setId(stored.id());
  change.set("status", Value{to});
  for (const char* k : {"handling", "sanction_on"})
    if (auto it = p.find(k); it != p.end() && !it->second.empty()) change.set(k, Value{it->second});
  ctx.save("ethics.events", change);
  JsonPtr out(new Json);
  out->set("id", stored.id());
  out->set("status", to);
  return out;
}

void declareEventActions(Registrar& r) {
  struct Step {
    const char* name;
    const char* title;
    const char* description;
    std::vector<std::string> from;
    const char* to;
    bool confirm;
  };
  const Step steps[] = {
      {"review", "立案调查", "把已受理的事件转入调查", {"reported"}, "under_review", false},
      {"confirm",
       "认定",
       "认定违规或表彰属实，可同时给出处理方式和处分日期",
       {"reported", "under_review"},
       "confirmed",
       true},
      {"dismiss", "不予认定", "调查后不予认定", {"reported", "under_review"}, "dismissed", true},
      {"appeal", "申诉撤销", "申诉成立，撤销已认定的结论及其影响", {"confirmed"}, "appealed", true},
  };
  for (const auto& st : steps) {
    RecordActionSpec a;
    a.name = st.name;
    a.recordType = "events";
    a.title = st.title;
    a.description = st.description;
    a.capability = "ethics:write";
    a.stateField = "status";
    a.states = st.from;
    a.confirm = st.confirm;
    if (std::string(st.name) == "confirm")
      a.params = {Field::choice("handling", "处理方式", kHandling),
                  Field::date("sanction_on", "处分日期")};
    std::string to = st.to;
    a.fn = [to](Context& ctx, const Record& rec, const JsonPtr& p) {
      return moveEvent(ctx, rec, p, to);
    };
    r.recordAction(a);
  }
}

void validateAppraisal(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto grade = r.text("grade");
  auto teacher = r.integer("staff_no");
  auto year = r.integer("year");
  if (!grade || *grade != "excellent" || !teacher || !year) return;
  // Unchanged 优秀 (an export imported again) stands as stored.
  if (r.id() && ctx.recordField("ethics.appraisals", r.id(), "grade") == Value{*grade} &&
      ctx.recordField("ethics.appraisals", r.id(), "year") == Value{*year})
    return;
  std::string caseNo;
  std::string from = std::to_string(*year) + "-01-01", to = std::to_string(*year) + "-12-31";
  ctx.db() << "SELECT case_no FROM ethics_events WHERE teacher_id = :t AND kind = 'violation' "
              "AND status = 'confirmed' AND occurred_on BETWEEN :f AND :to ORDER BY occurred_on "
              "LIMIT 1",
      soci::use(*teacher), soci::use(from), soci::use(to), soci::into(caseNo);
  if (ctx.db().got_data())
    errors.push_back(
        {"grade", ctx.text("不能评为优秀：" + std::to_string(*year) + " 年有已认定的违规 " + caseNo,
                           "优秀 is not possible: confirmed violation " + caseNo + " in " +
                               std::to_string(*year))});
}

// The facts that can veto, from appraisals and confirmed sanctions, by teacher id, for the
// teachers matching `teacherCondition` (SQL on core_teachers t with one integer :k).
// `teacherCondition` is SQL on core_teachers t with the integer parameters :k and :k2 (both
// bound to `key`). Also fills `staffNos` (teacher id -> staff_no) when given.
// The veto policy of `year`: its ethics.policies row over the defaults.
VetoPolicy policyOf(Context& ctx, int year) {
  VetoPolicy p;
  int v[6] = {0, 0, 0, 0, 0, 0};
  soci::indicator ind[6] = {soci::i_null, soci::i_null, soci::i_null,
                            soci::i_null, soci::i_null, soci::i_null};
  ctx.db() << "SELECT pay_appraisal_years, honours_appraisal_years, promotion_appraisal_years, "
              "pay_sanction_months, honours_sanction_months, promotion_sanction_months FROM "
              "ethics_policies WHERE year = :y",
      soci::use(year), soci::into(v[0], ind[0]), soci::into(v[1], ind[1]), soci::into(v[2], ind[2]),
      soci::into(v[3], ind[3]), soci::into(v[4], ind[4]), soci::into(v[5], ind[5]);
  if (!ctx.db().got_data()) return p;
  VetoRule* rules[3] = {&p.pay, &p.honours, &p.promotion};
  for (int i = 0; i < 3; ++i) {
    if (ind[i] == soci::i_ok) rules[i]->appraisalYears = v[i];
    if (ind[i + 3] == soci::i_ok) rules[i]->sanctionMonths = v[i + 3];
  }
  return p;
}

// The purpose parameter of ethics.veto / ethics.vetoes.
Purpose purposeParam(Context& ctx, const Params& p) {
  Purpose purpose = Purpose::kAny;
  if (!parsePurpose(paramOr(p, "purpose", ""), purpose))
    throw validationError(ctx.text("用途只能是绩效工资、评优评先或职称晋升",
                                   "purpose must be pay, honours or promotion"),
                          {{"purpose", ctx.text("不认识的用途", "unknown purpose")}});
  return purpose;
}

std::map<long long, std::vector<VetoFact>> vetoFactsWhere(
    Context& ctx, const std::string& teacherCondition, long long key, const VetoRule& rule,
    std::map<long long, std::string>* staffNos = nullptr) {
  long long key2 = key;
  std::map<long long, std::vector<VetoFact>> facts;
  long long teacher = 0;
  int year = 0;
  std::string staff;
  soci::statement a =
      (ctx.db().prepare << "SELECT a.teacher_id, t.staff_no, a.year FROM ethics_appraisals a "
                           "JOIN core_teachers t ON t.id = a.teacher_id WHERE a.grade = "
                           "'unqualified' AND " +
                               teacherCondition,
       soci::use(key), soci::use(key2), soci::into(teacher), soci::into(staff), soci::into(year));
  a.execute();
  // An unqualified year vetoes through the end of its own year and as many after it as the
  // purpose's rule says (pay: none; honours and promotion: the next, when its results are used).
  while (a.fetch()) {
    facts[teacher].push_back(appraisalFact(year, rule));
    if (staffNos) (*staffNos)[teacher] = staff;
  }
  std::string from, until;
  soci::statement s =
      (ctx.db().prepare << "SELECT e.teacher_id, t.staff_no, e.sanction_on, e.effect_until FROM "
                           "ethics_events e JOIN core_teachers t ON t.id = e.teacher_id WHERE "
                           "e.kind = 'violation' AND e.status = 'confirmed' AND e.effect_until "
                           "IS NOT NULL AND e.sanction_on IS NOT NULL AND " +
                               teacherCondition,
       soci::use(key), soci::use(key2), soci::into(teacher), soci::into(staff), soci::into(from),
       soci::into(until));
  s.execute();
  while (s.fetch()) {
    facts[teacher].push_back(sanctionFact(from, until, rule));
    if (staffNos) (*staffNos)[teacher] = staff;
  }
  return facts;
}

std::vector<VetoFact> vetoFacts(Context& ctx, long long teacher, const VetoRule& rule) {
  return vetoFactsWhere(ctx, "t.id = :k AND t.id = :k2", teacher, rule)[teacher];
}

// Action ethics.vetoes {school, from, to}: the school's teachers (without school: the whole
// district's, or a school-scoped user's school) vetoed on any day of the period (default: this
// year), for plugins that decide for many teachers at once.
JsonPtr vetoes(Context& ctx, const JsonPtr& params) {
  const Params p = actionParams(params);
  requireKnownParams(p, {"school", "from", "to", "purpose"});
  const Purpose purpose = purposeParam(ctx, p);
  std::string year = ctx.today().substr(0, 4);
  std::string code = paramOr(p, "school", ""), from = dateParam(p, "from", year + "-01-01"),
              to = dateParam(p, "to", year + "-12-31");
  long long school = ctx.user().schoolId.value_or(0);
  if (!code.empty()) {
    long long id = 0;
    ctx.db() << "SELECT id FROM core_schools WHERE code = :c", soci::use(code), soci::into(id);
    if (!ctx.db().got_data())
      throw validationError(ctx.text("没有这所学校", "unknown school"),
                            {{"school", ctx.text("没有学校代码为“" + code + "”的学校",
                                                 "unknown school code '" + code + "'")}});
    if (school && id != school)
      throw forbidden(ctx.text("只能查询本校", "you may only ask about your own school"));
    school = id;
  }
  // The policy of the period's first year decides (a pay scheme asks for one calendar year).
  const VetoRule rule = policyOf(ctx, std::stoi(from.substr(0, 4))).rule(purpose);
  std::map<long long, std::string> staff;
  JsonArray::Ptr list(new JsonArray);
  for (const auto& [teacher, facts] :
       vetoFactsWhere(ctx, "(:k = 0 OR t.home_school_id = :k2)", school, rule, &staff)) {
    Veto v = vetoDuring(facts, from, to);
    if (!v.vetoed) continue;
    JsonPtr j(new Json);
    j->set("staff_no", staff[teacher]);
    j->set("until", v.until);
    j->set("months", vetoedMonths(facts, from, to));
    JsonArray::Ptr reasons(new JsonArray);
    for (const auto& r : v.reasons) reasons->add(r);
    j->set("reasons", reasons);
    list->add(j);
  }
  JsonPtr out(new Json);
  out->set("school", code);
  out->set("purpose", paramOr(p, "purpose", ""));
  out->set("from", from);
  out->set("to", to);
  out->set("vetoed", list);
  return out;
}

JsonPtr veto(Context& ctx, const JsonPtr& params) {
  const Params p = actionParams(params);
  requireKnownParams(p, {"staff_no", "date", "purpose"});
  const Purpose purpose = purposeParam(ctx, p);
  std::string staff = paramOr(p, "staff_no", ""), date = paramOr(p, "date", ctx.today());
  std::vector<FieldError> errors;
  if (staff.empty()) errors.push_back({"staff_no", ctx.text("必填", "is required")});
  if (!isValidDate(date))
    errors.push_back({"date", ctx.text("不是日期（YYYY-MM-DD）", "is not a date (YYYY-MM-DD)")});
  long long teacher = 0;
  if (!staff.empty()) {
    long long home = 0;
    soci::indicator homeInd = soci::i_null;
    ctx.db() << "SELECT id, home_school_id FROM core_teachers WHERE staff_no = :s",
        soci::use(staff), soci::into(teacher), soci::into(home, homeInd);
    if (homeInd != soci::i_ok) home = 0;
    // A school-scoped user asks about their own school's teachers only; another school's
    // teacher is as unknown to them as in the teacher list (no existence leak).
    long long own = ctx.user().schoolId.value_or(0);
    if (!ctx.db().got_data() || (own && home != own))
      errors.push_back({"staff_no", ctx.text("没有工号为“" + staff + "”的教师",
                                             "unknown staff_no '" + staff + "'")});
  }
  if (!errors.empty())
    throw validationError(ctx.text("无法查询一票否决", "cannot check the veto"), errors);
  const VetoRule rule = policyOf(ctx, std::stoi(date.substr(0, 4))).rule(purpose);
  Veto v = vetoOn(vetoFacts(ctx, teacher, rule), date);
  JsonPtr out(new Json);
  out->set("staff_no", staff);
  out->set("date", date);
  out->set("purpose", paramOr(p, "purpose", ""));
  out->set("vetoed", v.vetoed);
  if (v.vetoed)
    out->set("until", v.until);
  else
    out->set("until", Poco::Dynamic::Var());
  JsonArray::Ptr reasons(new JsonArray);
  for (const auto& r : v.reasons) reasons->add(r);
  out->set("reasons", reasons);
  return out;
}

// Details for those who may read them; everyone else sees the veto flag only.
const std::vector<Choice> kEventKinds = {{"commendation", "表彰"}, {"violation", "违规"}};

PortfolioData portfolio(Context& ctx, long long teacher) {
  PortfolioData out;
  // The broadest rule: the portfolio says whether any use of the veto applies today.
  const VetoRule rule = policyOf(ctx, std::stoi(ctx.today().substr(0, 4))).rule(Purpose::kAny);
  Veto v = vetoOn(vetoFacts(ctx, teacher, rule), ctx.today());
  out.facts.set("vetoed", Value{v.vetoed ? 1LL : 0LL});
  if (v.vetoed) out.facts.set("until", Value{v.until});
  if (!ctx.can(kSensitive)) return out;  // the events only for those who may read them
  std::string caseNo, kind, occurred, status;
  soci::statement st =
      (ctx.db().prepare << "SELECT case_no, kind, occurred_on, status FROM ethics_events "
                           "WHERE teacher_id = :t ORDER BY occurred_on DESC",
       soci::use(teacher), soci::into(caseNo), soci::into(kind), soci::into(occurred),
       soci::into(status));
  st.execute();
  while (st.fetch())
    out.rows.push_back({Value{caseNo}, Value{kind}, Value{occurred}, Value{status}});
  return out;
}

// The portfolio section: whether the one-vote veto applies today, and the events.
PortfolioSpec portfolioSection() {
  PortfolioSpec s;
  s.name = "ethics";
  s.title = "师德师风";
  s.capability = "ethics:veto";
  s.facts = {Field::boolean("vetoed", "今天适用一票否决"), Field::date("until", "否决期至")};
  s.tableTitle = "师德记录";
  s.columns = {Field::text("case_no", "案件编号"), Field::choice("kind", "类型", kEventKinds),
               Field::date("occurred_on", "发生日期"), Field::choice("status", "状态", kStatuses)};
  s.fn = portfolio;
  return s;
}

void validateCheck(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  if (isNull(r.get("national_id")) && isNull(r.get("staff_no")))
    errors.push_back({"national_id", ctx.text("请填写应聘者的身份证号或教师工号",
                                              "give the candidate's national ID or the staff_no")});
  if (auto d = r.text("queried_on"); d && *d > ctx.today())
    errors.push_back({"queried_on", ctx.text("不能晚于今天", "is in the future")});
}

// Subscriber of core.teachers.validating: a candidate whose admission check found a record
// cannot become a teacher. The refusal says so, and nothing more.
void blockHiring(Context& ctx, const JsonPtr& teacher) {
  if (!teacher->has("national_id_hash") || teacher->getValue<bool>("existing")) return;
  std::string hash = teacher->getValue<std::string>("national_id_hash");
  long long found = 0;
  ctx.db() << "SELECT COUNT(*) FROM ethics_checks WHERE national_id_hash = :h AND "
              "result = 'record_found'",
      soci::use(hash), soci::into(found);
  if (found)
    throw validationError(
        ctx.text("准入查询不允许聘用该应聘者", "the admission check refuses this candidate"),
        {{"national_id",
          ctx.text("不能聘用：该身份证号的准入查询查到记录，请联系师德办公室",
                   "cannot be hired: the admission check (准入查询) of "
                   "this national ID found a record; ask the ethics office"),
          0}});
}

class EthicsPlugin : public Plugin {
 public:
  // The plugin's whole surface, declared in one place and read top to bottom: a long function
  // on purpose (a list, not logic; the logic is in the functions it names).
  void registerWith(Registrar& r) override {
    r.describe("师德师风", "师德表彰与违规、年度考核、处分期和一票否决，入职前查询");
    r.role({"ethics_officer",
            "师德专员",
            "记录师德事件、处理和年度考核，办理准入查询",
            RoleScope::kDistrict,
            {},
            {"core:read"}});
    r.capability("ethics:read", "查看师德事件和考核（不含细节）",
                 {"hr_officer", "ethics_officer", "school_admin"});
    r.capability("ethics:write", "记录师德事件、处理和考核", {"ethics_officer"});
    r.capability("ethics:read_sensitive", "查看违规细节和处分", {"ethics_officer"});
    r.capability("ethics:checks", "查看和记录准入查询（犯罪记录）结果", {"ethics_officer"});
    r.capability("ethics:veto", "查询教师是否被一票否决（是否、期限、原因代码）",
                 {"hr_officer", "ethics_officer", "school_admin", "studio_host"});

    RecordType events;
    events.name = "events";
    events.label = "师德事件";
    events.table = "ethics_events";
    events.fields = {
        Field::text("case_no", "案件编号").required().unique().maxLength(40),
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::choice("kind", "类型", kEventKinds).required(),
        Field::choice("category", "违反准则", kGuidelines),
        Field::date("occurred_on", "发生日期").required(),
        Field::text("description", "事实经过").maxLength(4000).sensitive(kSensitive),
        Field::choice("status", "状态", kStatuses)
            .description("新事件为“已受理”；之后用操作 立案调查、认定、不予认定、申诉撤销 推进。"
                         "导入历史案件时可直接填写"),
        Field::choice("handling", "处理方式", kHandling).sensitive(kSensitive),
        Field::date("sanction_on", "处分日期").sensitive(kSensitive),
        Field::date("effect_until", "影响期至").sensitive(kSensitive).readOnly(),
        Field::boolean("disclosed", "通报"),
    };
    events.naturalKey = {"case_no"};
    events.schoolField = "staff_no";
    events.teacherField = "staff_no";
    events.prepare = prepareEvent;
    events.validate = validateEvent;
    r.recordType(std::move(events));
    declareEventActions(r);

    RecordType appraisals;
    appraisals.name = "appraisals";
    appraisals.label = "师德考核";
    appraisals.table = "ethics_appraisals";
    appraisals.fields = {
        Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        Field::integer("year", "年度").required().range(2000, 2100),
        Field::choice("grade", "考核等次",
                      {{"excellent", "优秀"},
                       {"qualified", "合格"},
                       {"basic", "基本合格"},
                       {"unqualified", "不合格"}})
            .required(),
    };
    appraisals.naturalKey = {"staff_no", "year"};
    appraisals.schoolField = "staff_no";
    appraisals.teacherField = "staff_no";
    appraisals.validate = validateAppraisal;
    r.recordType(std::move(appraisals));

    // The veto periods per year and purpose (docs/ethics.md); a year without a row, or an
    // empty field, keeps the default.
    RecordType policies;
    policies.name = "policies";
    policies.label = "一票否决期限";
    policies.table = "ethics_policies";
    policies.fields = {
        Field::integer("year", "年度").required().unique().range(2000, 2100),
        Field::integer("pay_appraisal_years", "绩效工资：考核不合格后续否决年数").range(0, 5),
        Field::integer("honours_appraisal_years", "评优评先：考核不合格后续否决年数").range(0, 5),
        Field::integer("promotion_appraisal_years", "职称晋升：考核不合格后续否决年数").range(0, 5),
        Field::integer("pay_sanction_months", "绩效工资：处分期满后续否决月数").range(0, 60),
        Field::integer("honours_sanction_months", "评优评先：处分期满后续否决月数").range(0, 60),
        Field::integer("promotion_sanction_months", "职称晋升：处分期满后续否决月数").range(0, 60),
    };
    policies.naturalKey = {"year"};
    r.recordType(std::move(policies));

    RecordType checks;
    checks.name = "checks";
    checks.label = "准入查询";
    checks.table = "ethics_checks";
    checks.fields = {
        Field::text("reference", "查询编号").required().unique().maxLength(64),
        Field::nationalId("national_id", "身份证号"),
        Field::reference("staff_no", "工号", "core.teachers").column("teacher_id"),
        Field::date("queried_on", "查询日期").required(),
        Field::choice("result", "查询结果", {{"clear", "无记录"}, {"record_found", "有记录"}})
            .required()
            .sensitive(kSensitive),
    };
    checks.naturalKey = {"reference"};
    checks.schoolField = "staff_no";
    checks.teacherField = "staff_no";
    checks.readCapability = "ethics:checks";
    checks.writeCapability = "ethics:checks";
    checks.validate = validateCheck;
    r.recordType(std::move(checks));

    r.subscribe("core.teachers.validating", blockHiring);
    Field year = Field::year("year", "年度").description("默认今年");
    Field from = Field::date("from", "开始日期").description("默认今年 1 月 1 日");
    Field purpose =
        Field::choice("purpose", "用途",
                      {{"pay", "绩效工资"}, {"honours", "评优评先"}, {"promotion", "职称晋升"}})
            .description("不填时按最宽的期限");
    Field to = Field::date("to", "结束日期").description("默认今年 12 月 31 日");
    r.report({"checks_due",
              "待复查准入查询",
              "在职教师中一年内未做准入查询的名单",
              "ethics:checks",
              {Field::date("date", "截至日期").description("默认今天")},
              {{"staff_no", "工号"},
               {"name", "姓名"},
               {"school", "学校"},
               {"last_checked_on", "最近查询日期", FieldType::kDate}},
              checksDue});
    r.action({"veto",
              "一票否决查询",
              "某教师在某日是否被一票否决，不透露细节",
              "ethics:veto",
              {Field::reference("staff_no", "工号", "core.teachers").required(),
               Field::date("date", "日期").description("默认今天"), purpose},
              veto});
    r.action({"vetoes",
              "一票否决名单",
              "某校（或全区）在一段时间内被一票否决的教师",
              "ethics:veto",
              {Field::reference("school", "学校", "core.schools"), from, to, purpose},
              vetoes});
    r.report({"disclosures",
              "典型案例通报",
              "一段时间内已认定并通报的违规案例",
              "ethics:read",
              {from, to},
              {{"case_no", "案件编号"},
               {"school", "学校"},
               {"category", "违反准则"},
               {"occurred_on", "发生日期", FieldType::kDate}},
              disclosures});
    r.report({"violations",
              "违规统计",
              "某年各校按准则分类的已认定违规数",
              "ethics:read",
              {year},
              {{"school", "学校"},
               {"category", "违反准则"},
               {"violations", "违规数", FieldType::kInteger}},
              violations});
    r.report({"appraisal_distribution",
              "师德考核等次分布",
              "某年各校各考核等次人数",
              "ethics:read",
              {year},
              {{"school", "学校"},
               {"excellent", "优秀", FieldType::kInteger},
               {"qualified", "合格", FieldType::kInteger},
               {"basic", "基本合格", FieldType::kInteger},
               {"unqualified", "不合格", FieldType::kInteger}},
              appraisalDistribution});
    r.report({"sanctions_ending",
              "处分即将期满",
              "已认定违规中，处分影响期在某日起若干天内届满的案件",
              kSensitive,
              {Field::date("date", "起始日期").description("默认今天"),
               Field::integer("days", "天数").range(1, 366).defaultValue("30")},
              {{"case_no", "案件编号"},
               {"staff_no", "工号"},
               {"name", "姓名"},
               {"school", "学校"},
               {"handling", "处理方式"},
               {"effect_until", "影响期至", FieldType::kDate}},
              sanctionsEnding});
    // What the home screen shows: what falls due, and the codes the reports hold, labelled.
    r.indicator({"checks_due", "待复查准入查询的教师", "checks_due", {}, "", ""});
    r.indicator({"sanctions_ending", "30 天内期满的处分", "sanctions_ending", {}, "", ""});
    r.reportChoices("sanctions_ending", "handling", kHandling);
    r.reportChoices("disclosures", "category", kGuidelines);
    r.reportChoices("violations", "category", kGuidelines);
    r.portfolio(portfolioSection());
  }
};

}  // namespace
}  // namespace tdr::ethics

TDR_PLUGIN(tdr::ethics::EthicsPlugin, "ethics", "1.0.0")
