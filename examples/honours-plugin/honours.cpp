// 表彰荣誉: honours awarded to teachers at school, district or municipal level — written by a
// third party against the installed SDK alone. One record type, one migration, a capability,
// a portfolio section, and the ethics plugin's one-vote veto: a vetoed teacher gets no honour.
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
    errors.push_back({"awarded_on", "is in the future"});
    return;
  }
  tdr::JsonPtr params(new tdr::Json);
  params->set("staff_no", tdr::toText(ctx.recordField("core.teachers", *teacher, "staff_no")));
  params->set("date", *date);
  tdr::JsonPtr veto = ctx.call("ethics.veto", params);
  if (veto->getValue<bool>("vetoed"))
    errors.push_back({"staff_no", "cannot be honoured: vetoed (一票否决) until " +
                                      veto->getValue<std::string>("until")});
}

tdr::JsonPtr portfolio(tdr::Context& ctx, long long teacher) {
  tdr::JsonArray::Ptr list(new tdr::JsonArray);
  std::string title, level, on;
  soci::statement st = (ctx.db().prepare << "SELECT title, level, awarded_on FROM honours_awards "
                                            "WHERE teacher_id = :t ORDER BY awarded_on DESC",
                        soci::use(teacher), soci::into(title), soci::into(level), soci::into(on));
  st.execute();
  while (st.fetch()) {
    tdr::JsonPtr a(new tdr::Json);
    a->set("title", title);
    a->set("level", level);
    a->set("awarded_on", on);
    list->add(a);
  }
  tdr::JsonPtr out(new tdr::Json);
  out->set("honours", list);
  return out;
}

class HonoursPlugin : public tdr::Plugin {
 public:
  void registerWith(tdr::Registrar& r) override {
    r.dependsOn("ethics", ">=1.0");
    r.capability("honours:read", "read honours", {"hr_officer", "school_admin", "teacher"});
    r.capability("honours:write", "record honours", {"hr_officer"});
    tdr::RecordType t;
    t.name = "awards";
    t.label = "表彰荣誉";
    t.table = "honours_awards";
    t.fields = {
        tdr::Field::reference("staff_no", "工号", "core.teachers").required().column("teacher_id"),
        tdr::Field::text("title", "荣誉名称").required().maxLength(100),
        tdr::Field::choice("level", "级别",
                           {{"school", "校级"}, {"district", "区级"}, {"municipal", "市级"}})
            .required(),
        tdr::Field::text("issuing_body", "授予单位").required().maxLength(100),
        tdr::Field::date("awarded_on", "授予日期").required(),
        tdr::Field::text("certificate_no", "证书编号").required().unique().maxLength(64),
    };
    t.naturalKey = {"certificate_no"};
    t.schoolField = "staff_no";
    t.validate = validateAward;
    r.recordType(std::move(t));
    r.portfolioSection("表彰荣誉", "honours:read", portfolio);
  }
};

}  // namespace

TDR_PLUGIN(HonoursPlugin, "honours", "1.0.0")
