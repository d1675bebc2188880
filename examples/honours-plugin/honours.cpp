// 表彰荣誉: honours awarded to teachers at school, district or municipal level — written by a
// third party against the installed SDK alone. One record type, two migrations, capabilities,
// a role of its own (the honours committee), a record action (revoke, with a reason), a report
// with parameters, a portfolio section, and the ethics plugin's one-vote veto for honours: a
// vetoed teacher gets no honour.
#include <soci/soci.h>
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

namespace {

// Refuses an honour for a teacher the ethics plugin vetoes on the award date.
void validateAward(tdr::Context& ctx, const tdr::Record& r, std::vector<tdr::FieldError>& errors) {
  auto teacher = r.integer("staff_no");
  auto date = r.text("awarded_on");
  if (!teacher || !date) return;
  if (*date > ctx.today()) {
    errors.push_back({"awarded_on", ctx.text("不能晚于今天", "is in the future")});
    return;
  }
  tdr::JsonPtr params(new tdr::Json);
  params->set("staff_no", tdr::toText(ctx.recordField("core.teachers", *teacher, "staff_no")));
  params->set("date", *date);
  params->set("purpose", "honours");  // the honours periods of the district's veto policy
  tdr::JsonPtr veto = ctx.call("ethics.veto", params);
  if (veto->getValue<bool>("vetoed"))
    errors.push_back({"staff_no", ctx.text("受师德一票否决，不能授予荣誉，期限至 ",
                                           "cannot be honoured: vetoed (一票否决) until ") +
                                      veto->getValue<std::string>("until")});
}

// Revokes an honour: its status and reason change through the context, so that validation,
// record events and the audit log apply as for any write.
tdr::JsonPtr revoke(tdr::Context& ctx, const tdr::Record& award, const tdr::JsonPtr& params) {
  tdr::Record change;
  change.setId(award.id());
  change.set("status", tdr::Value{"revoked"});
  change.set("revoked_reason", tdr::Value{params->getValue<std::string>("reason")});
  ctx.save("honours.awards", change);
  tdr::JsonPtr out(new tdr::Json);
  out->set("id", award.id());
  out->set("status", "revoked");
  return out;
}

// Honours per level in a year (revoked ones left out).
const std::vector<tdr::Choice> kLevels = {
    {"school", "校级"}, {"district", "区级"}, {"municipal", "市级"}};
const std::vector<tdr::Choice> kStates = {{"awarded", "有效"}, {"revoked", "已撤销"}};

tdr::ReportTable byLevel(tdr::Context& ctx, const tdr::Params& params) {
  std::string year = tdr::paramOr(params, "year", ctx.today().substr(0, 4));
  std::string from = year + "-01-01", to = year + "-12-31", level;
  long long n = 0;
  tdr::ReportTable t;
  t.columns = {"level", "honours"};
  soci::statement st =
      (ctx.db().prepare << "SELECT level, COUNT(*) FROM honours_awards WHERE awarded_on BETWEEN "
                           ":f AND :t AND status = 'awarded' GROUP BY level ORDER BY level",
       soci::use(from), soci::use(to), soci::into(level), soci::into(n));
  st.execute();
  while (st.fetch()) t.rows.push_back({tdr::Value{level}, tdr::Value{n}});
  return t;
}

// The portfolio section's rows: the teacher's honours, newest first, as stored; the host
// formats them with the labels declared below.
tdr::PortfolioData portfolio(tdr::Context& ctx, long long teacher) {
  tdr::PortfolioData out;
  std::string title, level, on, status;
  soci::statement st = (ctx.db().prepare << "SELECT title, level, awarded_on, status FROM "
                                            "honours_awards WHERE teacher_id = :t ORDER BY "
                                            "awarded_on DESC",
                        soci::use(teacher), soci::into(title), soci::into(level), soci::into(on),
                        soci::into(status));
  st.execute();
  while (st.fetch())
    out.rows.push_back({tdr::Value{title}, tdr::Value{level}, tdr::Value{on}, tdr::Value{status}});
  out.facts.set("count", tdr::Value{static_cast<long long>(out.rows.size())});
  return out;
}

class HonoursPlugin : public tdr::Plugin {
 public:
  void registerWith(tdr::Registrar& r) override {
    r.describe("表彰荣誉", "教师获得的校级、区级、市级表彰，撤销和一票否决");
    r.dependsOn("ethics", ">=1.0");
    r.role({"honours_committee",
            "评优委员会",
            "评定和撤销表彰荣誉",
            tdr::RoleScope::kDistrict,
            {},
            {"core:read", "ethics:veto"}});
    r.capability("honours:read", "查看表彰荣誉",
                 {"hr_officer", "school_admin", "teacher", "honours_committee"});
    r.capability("honours:write", "记录表彰荣誉", {"hr_officer", "honours_committee"});
    r.capability("honours:revoke", "撤销表彰荣誉", {"honours_committee"});
    tdr::RecordType t;
    t.name = "awards";
    t.label = "表彰荣誉";
    t.table = "honours_awards";
    t.fields = {
        tdr::Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        tdr::Field::text("title", "荣誉名称").required().maxLength(100),
        tdr::Field::choice("level", "级别", kLevels).required(),
        tdr::Field::text("issuing_body", "授予单位").required().maxLength(100),
        tdr::Field::date("awarded_on", "授予日期").required(),
        tdr::Field::text("certificate_no", "证书编号").required().unique().maxLength(64),
        tdr::Field::choice("status", "状态", kStates).readOnly(),
        tdr::Field::text("revoked_reason", "撤销原因").maxLength(500).readOnly(),
    };
    t.naturalKey = {"certificate_no"};
    t.schoolField = "staff_no";
    t.teacherField = "staff_no";
    t.validate = validateAward;
    r.recordType(std::move(t));
    tdr::RecordActionSpec revokeSpec;
    revokeSpec.name = "revoke";
    revokeSpec.recordType = "awards";
    revokeSpec.title = "撤销荣誉";
    revokeSpec.description = "撤销一项有效的荣誉，并说明原因";
    revokeSpec.capability = "honours:revoke";
    revokeSpec.stateField = "status";
    revokeSpec.states = {"awarded"};
    revokeSpec.params = {tdr::Field::text("reason", "撤销原因").required().maxLength(500)};
    revokeSpec.fn = revoke;
    revokeSpec.confirm = true;
    r.recordAction(revokeSpec);
    r.report({"by_level",
              "荣誉统计",
              "某年按级别统计的有效荣誉",
              "honours:read",
              {tdr::Field::year("year", "年度").description("默认今年")},
              {{"level", "级别"}, {"honours", "人次", tdr::FieldType::kInteger}},
              byLevel});
    // Since SDK 2.2: the host labels the report's level codes, and people know an award by
    // its title.
    r.reportChoices("by_level", "level", kLevels);
    r.recordTitle("awards", "title");
    tdr::PortfolioSpec section;
    section.name = "honours";
    section.title = "表彰荣誉";
    section.capability = "honours:read";
    section.facts = {tdr::Field::integer("count", "荣誉数")};
    section.tableTitle = "获得的荣誉";
    section.columns = {
        tdr::Field::text("title", "荣誉名称"), tdr::Field::choice("level", "级别", kLevels),
        tdr::Field::date("awarded_on", "授予日期"), tdr::Field::choice("status", "状态", kStates)};
    section.fn = portfolio;
    r.portfolio(section);
  }
};

}  // namespace

TDR_PLUGIN(HonoursPlugin, "honours", "1.0.0")
