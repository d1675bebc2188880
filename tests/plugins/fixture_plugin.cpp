// One source, many test plugins: compile definitions make each a good plugin or one broken
// in exactly one way (see CMakeLists.txt next to this file).
#include <soci/soci.h>
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

#include <stdexcept>

#ifndef FIXTURE_VERSION
#define FIXTURE_VERSION "1.0.0"
#endif
#ifndef FIXTURE_ABI_MAJOR
#define FIXTURE_ABI_MAJOR TDR_SDK_ABI_MAJOR
#endif
#ifndef FIXTURE_ABI_MINOR
#define FIXTURE_ABI_MINOR TDR_SDK_ABI_MINOR
#endif
#ifndef FIXTURE_BUILD_TAG
#define FIXTURE_BUILD_TAG TDR_BUILD_TAG
#endif

namespace {

class FixturePlugin : public tdr::Plugin {
 public:
  FixturePlugin() {
#ifdef FIXTURE_THROW_IN_CONSTRUCTOR
    throw std::runtime_error("constructor failed on purpose");
#endif
  }

  void registerWith(tdr::Registrar& r) override {
#ifdef FIXTURE_THROW
    throw std::runtime_error("registerWith failed on purpose");
#endif
#ifdef FIXTURE_DEPENDS
    r.dependsOn(FIXTURE_DEPENDS, FIXTURE_DEPENDS_RANGE);
#endif
    r.capability(r.pluginId() + ":read", "read notes", {"hr_officer"});
    r.capability(r.pluginId() + ":write", "write notes", {"hr_officer"});
#ifdef FIXTURE_RECORDS
    tdr::RecordType notes;
    notes.name = "notes";
    notes.label = "备注";
    notes.table = r.pluginId() + "_notes";
    notes.fields = {
        tdr::Field::reference("teacher", "教师工号", "core.teachers").required(),
        tdr::Field::text("title", "标题").required().maxLength(100),
        tdr::Field::hoursX10("hours", "学时").range(1, 2000),
        tdr::Field::date("noted_on", "日期"),
#ifdef FIXTURE_FIELD_WITHOUT_COLUMN
        tdr::Field::text("missing_col", "不存在的列"),
#endif
    };
    notes.naturalKey = {"teacher", "title"};
    notes.schoolField = "";
    notes.validate = [](tdr::Context& ctx, const tdr::Record& rec,
                        std::vector<tdr::FieldError>& errors) {
      if (auto d = rec.text("noted_on"); d && *d > ctx.today())
        errors.push_back({"noted_on", "is in the future", 0});
    };
    r.recordType(std::move(notes));
    const std::string table = r.pluginId() + "_notes";
    r.action({"count",
              "备注数",
              "",
              r.pluginId() + ":read",
              {},
              [table](tdr::Context& ctx, const tdr::JsonPtr&) {
                long long n = 0;
                ctx.db() << "SELECT COUNT(*) FROM " + table, soci::into(n);
                tdr::JsonPtr out(new tdr::Json);
                out->set("notes", n);
                out->set("dialect", tdr::dialectName(ctx.dialect()));
                return out;
              }});
    r.action({"explode",
              "出错",
              "",
              r.pluginId() + ":read",
              {},
              [](tdr::Context&, const tdr::JsonPtr&) -> tdr::JsonPtr {
                throw std::runtime_error("plugin failure on purpose");
              }});
    r.report({"summary",
              "备注汇总",
              "",
              r.pluginId() + ":read",
              {},
              {{"notes", "备注数", tdr::FieldType::kInteger},
               {"hours_x10", "学时(×10)", tdr::FieldType::kInteger}},
              [table](tdr::Context& ctx, const tdr::Params&) {
                tdr::ReportTable t;
                t.columns = {"notes", "hours_x10"};
                long long n = 0, hours = 0;
                ctx.db() << "SELECT COUNT(*), COALESCE(SUM(hours), 0) FROM " + table, soci::into(n),
                    soci::into(hours);
                t.rows.push_back({tdr::Value{n}, tdr::Value{hours}});
                return t;
              }});
    r.portfolioSection("备注", r.pluginId() + ":read",
                       [table](tdr::Context& ctx, long long teacherId) {
                         long long n = 0;
                         ctx.db() << "SELECT COUNT(*) FROM " + table + " WHERE teacher_id = :t",
                             soci::use(teacherId), soci::into(n);
                         tdr::JsonPtr out(new tdr::Json);
                         out->set("notes", n);
                         return out;
                       });
#endif
  }
};

}  // namespace

#ifndef FIXTURE_NO_DESCRIPTOR
TDR_PLUGIN_WITH_DESCRIPTOR(FixturePlugin,
                           {tdr::kPluginMagic, FIXTURE_ABI_MAJOR, FIXTURE_ABI_MINOR, FIXTURE_ID,
                            FIXTURE_VERSION, FIXTURE_BUILD_TAG, tdr::embedded::kSchemaFiles})
#endif
