// The smallest useful tdr plugin: one record type (greetings to teachers) declared with the
// SDK, one migration. The host gives it validation, import/export and the HTTP API.
#include <tdr/plugin_entry.h>
#include <tdr/tdr.h>

namespace {

class HelloPlugin : public tdr::Plugin {
 public:
  void registerWith(tdr::Registrar& r) override {
    r.capability("hello:read", "read greetings", {"hr_officer", "school_admin", "teacher"});
    r.capability("hello:write", "write greetings", {"hr_officer", "school_admin"});
    tdr::RecordType t;
    t.name = "greetings";
    t.label = "问候";
    t.table = "hello_greetings";
    t.fields = {
        tdr::Field::reference("teacher", "工号", "core.teachers").required(),
        tdr::Field::text("message", "内容").required().maxLength(200),
        tdr::Field::date("sent_on", "日期").required(),
    };
    t.naturalKey = {"teacher", "sent_on"};
    t.schoolField = "teacher";
    r.recordType(std::move(t));
  }
};

}  // namespace

TDR_PLUGIN(HelloPlugin, "hello", "1.0.0")
