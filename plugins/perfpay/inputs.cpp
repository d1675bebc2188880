// The inputs of a pay computation: who is paid in a school's scheme of a year, with their
// post-grade standards, allowances, appraisal scores, workloads and vetoes, and the factors
// other plugins supply (training hours behind, months on rotation).
#include "inputs.h"

#include <soci/soci.h>
#include <tdr/checks.h>

#include <algorithm>
#include <optional>
#include <set>

namespace tdr::perfpay {

const std::vector<Choice> kAllowanceKinds = {{"head_teacher", "班主任"},
                                             {"grade_leader", "年级组长"},
                                             {"subject_leader", "教研组长"},
                                             {"other", "其他"}};

std::string label(const std::vector<Choice>& choices, const std::string& value) {
  for (const auto& c : choices)
    if (c.code == value) return c.label;
  return value;
}

int monthsServed(const std::string& hireDate, int year) {
  if (hireDate.size() < 10) return 12;
  const int hiredYear = std::stoi(hireDate.substr(0, 4));
  if (hiredYear < year) return 12;
  if (hiredYear > year) return 0;
  // Hired by the 15th: that month counts (当月 15 日前入职按整月计).
  const int month = std::stoi(hireDate.substr(5, 2)), day = std::stoi(hireDate.substr(8, 2));
  return 12 - month + (day <= 15 ? 1 : 0);
}

Inputs loadInputs(Context& ctx, int year, long long onlySchool) {
  soci::session& db = ctx.db();
  Inputs in;
  std::map<long long, std::pair<long long, std::size_t>> byId;  // -> school, index
  std::map<std::string, std::pair<long long, std::size_t>> byStaff;
  {
    long long id = 0, school = 0, standard = 0;
    int months = 0, score = 0, workload = 0, frontline = 0;
    soci::indicator mi, si, wi, fi;
    std::string staff, name, post, hired;
    soci::indicator hi;
    soci::statement st =
        (db.prepare
             << "SELECT t.id, t.home_school_id, t.staff_no, t.name, COALESCE(t.post, "
                "'teacher'), COALESCE(st.monthly_fen, 0), i.months, i.score, "
                "i.workload_percent, i.frontline, t.hire_date FROM core_teachers t LEFT JOIN "
                "perfpay_standards st ON st.title = COALESCE(t.title, 'none') LEFT JOIN "
                "perfpay_inputs i ON i.teacher_id = t.id AND i.year = :y WHERE t.status "
                "IN ('active', 'leave') AND (:s = 0 OR t.home_school_id = :s2) ORDER BY "
                "t.home_school_id, t.staff_no",
         soci::use(year), soci::use(onlySchool), soci::use(onlySchool), soci::into(id),
         soci::into(school), soci::into(staff), soci::into(name), soci::into(post),
         soci::into(standard), soci::into(months, mi), soci::into(score, si),
         soci::into(workload, wi), soci::into(frontline, fi), soci::into(hired, hi));
    st.execute();
    while (st.fetch()) {
      Teacher t;
      t.id = id;
      t.staffNo = staff;
      t.name = name;
      t.standardFen = standard;
      t.months = mi == soci::i_ok ? months : monthsServed(hi == soci::i_ok ? hired : "", year);
      t.score = si == soci::i_ok ? score : 100;
      t.workloadPercent = wi == soci::i_ok ? workload : 100;
      // Front line: teachers and middle leaders who teach; principals and support staff not.
      t.frontline = fi == soci::i_ok ? frontline != 0 : (post == "teacher" || post == "director");
      auto& list = in.bySchool[school];
      byId[id] = {school, list.size()};
      byStaff[staff] = {school, list.size()};
      list.push_back(std::move(t));
    }
  }
  {
    long long teacher = 0, school = 0, monthly = 0;
    int months = 0;
    std::string kind, staff;
    soci::statement st =
        (db.prepare << "SELECT a.teacher_id, t.home_school_id, t.staff_no, a.kind, a.months, "
                       "a.monthly_fen FROM perfpay_allowances a JOIN core_teachers t ON t.id = "
                       "a.teacher_id WHERE a.year = :y AND (:s = 0 OR t.home_school_id = :s2) "
                       "ORDER BY t.staff_no, a.kind",
         soci::use(year), soci::use(onlySchool), soci::use(onlySchool), soci::into(teacher),
         soci::into(school), soci::into(staff), soci::into(kind), soci::into(months),
         soci::into(monthly));
    st.execute();
    while (st.fetch()) {
      auto it = byId.find(teacher);
      if (it == byId.end()) {
        in.problems[school].push_back(
            {"staff_no", ctx.text(staff + " 不是在职教师，不能有岗位津贴",
                                  "allowance for " + staff + " who is not an active teacher")});
        continue;
      }
      Teacher& t = in.bySchool[it->second.first][it->second.second];
      t.allowanceFen += monthly * months;
      t.allowanceText += (t.allowanceText.empty() ? "" : " + ") + label(kAllowanceKinds, kind) +
                         " " + std::to_string(months) + " 月 × " + yuan(monthly);
      if (kind == "head_teacher") t.headTeacherMonths += months;
    }
  }
  std::string y = std::to_string(year);
  JsonPtr vetoParams(new Json);
  if (onlySchool) {
    std::string code;
    db << "SELECT code FROM core_schools WHERE id = :id", soci::use(onlySchool), soci::into(code);
    vetoParams->set("school", code);
  }
  vetoParams->set("from", y + "-01-01");
  vetoParams->set("to", y + "-12-31");
  vetoParams->set("purpose", "pay");  // the pay periods of the ethics policy (docs/ethics.md)
  auto vetoed = ctx.call("ethics.vetoes", vetoParams)->getArray("vetoed");
  for (std::size_t i = 0; i < vetoed->size(); ++i) {
    auto v = vetoed->getObject(static_cast<unsigned>(i));
    auto it = byStaff.find(v->getValue<std::string>("staff_no"));
    if (it == byStaff.end()) continue;
    Teacher& t = in.bySchool[it->second.first][it->second.second];
    t.vetoed = true;
    t.vetoUntil = v->getValue<std::string>("until");
    if (v->has("months")) t.vetoedMonths = v->getValue<int>("months");
  }
  return in;
}

void applyFactors(Context& ctx, const SchemeRow& s, std::vector<Teacher>& teachers) {
  if (s.params.trainingFactorPercent == 100 && s.params.rotationMonthlyFen == 0) return;
  std::map<std::string, std::size_t> byStaff;
  for (std::size_t i = 0; i < teachers.size(); ++i) byStaff[teachers[i].staffNo] = i;
  JsonPtr p(new Json);
  p->set("school", s.code);
  p->set("year", std::to_string(s.year));
  if (s.params.trainingFactorPercent != 100) {
    auto behind = ctx.call("training.behind", p)->getArray("behind");
    for (std::size_t i = 0; i < behind->size(); ++i) {
      auto it = byStaff.find(
          behind->getObject(static_cast<unsigned>(i))->getValue<std::string>("staff_no"));
      if (it != byStaff.end()) teachers[it->second].behindTraining = true;
    }
  }
  if (s.params.rotationMonthlyFen > 0) {
    JsonPtr months;
    try {
      months = ctx.call("rotation.months", p);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kNotFound) throw;
      throw validationError(
          ctx.text("轮岗补贴需要轮岗插件", "the rotation allowance needs the rotation plugin"),
          {{"rotation_monthly", ctx.text("已设置，但没有加载轮岗插件",
                                         "is set, but the rotation plugin is not loaded")}});
    }
    auto map = months->getObject("months");
    for (const auto& [staff, n] : *map) {
      auto it = byStaff.find(staff);
      if (it != byStaff.end()) teachers[it->second].rotationMonths = n.convert<int>();
    }
  }
}

}  // namespace tdr::perfpay
