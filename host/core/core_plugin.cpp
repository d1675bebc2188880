#include "core/core_plugin.h"

#include <tdr/context.h>
#include <tdr/error.h>
#include <tdr/json.h>
#include <tdr/registrar.h>

namespace tdr::host {

extern const SchemaFile kCoreSchemaFiles[];

namespace {

const std::vector<Choice> kStages = {
    {"kindergarten", "幼儿园"}, {"primary", "小学"},         {"junior", "初中"},
    {"senior", "高中"},         {"nine_year", "九年一贯制"}, {"twelve_year", "十二年一贯制"},
    {"complete", "完全中学"},   {"vocational", "中职"},      {"special", "特殊教育"}};

int yearOf(const std::string& date) { return std::stoi(date.substr(0, 4)); }

// Teachers' dates must tell a possible story: born, hired at 16 or later, at this school
// since hiring at the earliest, nothing in the future.
void validateTeacher(Context& ctx, const Record& r, std::vector<FieldError>& errors) {
  auto birth = r.text("birth_date");
  auto hire = r.text("hire_date");
  auto since = r.text("at_school_since");
  std::string today = ctx.today();
  for (const char* f : {"birth_date", "hire_date", "at_school_since"})
    if (auto d = r.text(f); d && *d > today) errors.push_back({f, "is in the future", 0});
  if (birth && hire && yearOf(*hire) - yearOf(*birth) < 16)
    errors.push_back({"hire_date", "is less than 16 years after birth_date", 0});
  if (hire && since && *since < *hire)
    errors.push_back({"at_school_since", "is before hire_date", 0});
  // Plugins may refuse a teacher (the ethics plugin: a failed admission check) by throwing a
  // validation error from a core.teachers.validating subscriber; its details become ours.
  JsonPtr payload(new Json);
  payload->set("existing", r.id() != 0);
  if (auto hash = r.text("national_id")) payload->set("national_id_hash", *hash);
  if (auto staff = r.text("staff_no")) payload->set("staff_no", *staff);
  try {
    ctx.publish("core.teachers.validating", payload);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kValidation) throw;
    for (const auto& d : e.details()) errors.push_back({d.field, d.reason, 0});
    if (e.details().empty()) errors.push_back({"", e.what(), 0});
  }
}

class CorePlugin : public Plugin {
 public:
  void registerWith(Registrar& r) override {
    r.describe("基础数据", "学校、教育集群、教师和用户角色：其他插件共用的基础档案");
    RoleSpec admin{"admin", "系统管理员", "拥有全部权限", RoleScope::kDistrict};
    admin.allCapabilities = true;
    r.role(admin);
    r.role({"hr_officer", "人事专员", "区教育局人事：交流轮岗、绩效工资、教师档案",
            RoleScope::kDistrict});
    r.role({"school_admin", "学校管理员", "维护本校教师数据、审核本校学时，只能看到本校",
            RoleScope::kSchool});
    r.role({"teacher", "教师", "登录名为本人工号：只能看到本人的记录和成长档案",
            RoleScope::kOwnRecords});
    RoleSpec auditor{"auditor", "审计员", "查看一切、不改动任何数据，核验审计链",
                     RoleScope::kDistrict};
    auditor.allReadCapabilities = true;
    r.role(auditor);
    r.capability("core:read", "查看学校、集群和教师",
                 {"hr_officer", "school_admin", "auditor", "teacher"});
    r.capability("core:write", "新建和修改学校、集群和教师", {"hr_officer", "school_admin"});
    r.capability("core:read_sensitive", "查看身份证号等敏感信息", {"hr_officer"});
    r.capability("core:audit", "查看审计日志、所有用户的导入任务", {"auditor"});

    RecordType schools;
    schools.name = "schools";
    schools.label = "学校";
    schools.table = "core_schools";
    schools.fields = {
        Field::text("code", "学校代码").required().unique().maxLength(32),
        Field::text("name", "学校名称").required().maxLength(100),
        Field::choice("stage", "学段", kStages).required(),
        Field::text("district", "所属区县").maxLength(50),
    };
    schools.naturalKey = {"code"};
    r.recordType(std::move(schools));
    r.recordTitle("schools", "name");

    RecordType clusters;
    clusters.name = "clusters";
    clusters.label = "教育集群";
    clusters.table = "core_clusters";
    clusters.fields = {
        Field::text("code", "集群代码").required().unique().maxLength(32),
        Field::text("name", "集群名称").required().maxLength(100),
        Field::choice("kind", "集群类型",
                      {{"integrated", "法人一体化"},
                       {"brand_led", "品牌引领"},
                       {"project_driven", "项目驱动"}})
            .required(),
        Field::reference("lead_school", "牵头学校", "core.schools"),
    };
    clusters.naturalKey = {"code"};
    r.recordType(std::move(clusters));
    r.recordTitle("clusters", "name");

    RecordType members;
    members.name = "cluster_members";
    members.label = "集群成员校";
    members.table = "core_cluster_members";
    members.fields = {
        Field::reference("cluster", "集群代码", "core.clusters").required(),
        Field::reference("school", "学校代码", "core.schools").required(),
        Field::date("joined_on", "加入日期"),
    };
    members.naturalKey = {"cluster", "school"};
    members.schoolField = "school";
    r.recordType(std::move(members));

    RecordType teachers;
    teachers.name = "teachers";
    teachers.label = "教师";
    teachers.table = "core_teachers";
    teachers.fields = {
        Field::text("staff_no", "工号").required().unique().maxLength(32),
        Field::text("name", "姓名").required().maxLength(50),
        Field::choice("gender", "性别", {{"F", "女"}, {"M", "男"}}),
        Field::date("birth_date", "出生日期"),
        Field::nationalId("national_id", "身份证号").unique().sensitive("core:read_sensitive"),
        Field::reference("home_school", "所在学校", "core.schools").required(),
        Field::text("subject", "任教学科").maxLength(30),
        Field::choice("stage", "任教学段", kStages),
        Field::choice("title", "职称",
                      {{"none", "未定级"},
                       {"third", "三级教师"},
                       {"second", "二级教师"},
                       {"first", "一级教师"},
                       {"senior", "高级教师"},
                       {"professor", "正高级教师"}}),
        Field::date("hire_date", "参加工作日期"),
        Field::date("at_school_since", "到校日期"),
        Field::choice("post", "岗位",
                      {{"teacher", "专任教师"},
                       {"principal", "校长"},
                       {"vice_principal", "副校长"},
                       {"director", "中层干部"},
                       {"support", "教辅人员"}}),
        Field::choice("backbone_level", "骨干级别",
                      {{"none", "无"},
                       {"school", "校级骨干"},
                       {"district", "区级骨干"},
                       {"municipal", "市级骨干"}}),
        Field::choice(
            "status", "状态",
            {{"active", "在职"}, {"leave", "休假"}, {"retired", "退休"}, {"transferred", "调出"}}),
    };
    teachers.naturalKey = {"staff_no"};
    teachers.schoolField = "home_school";
    teachers.teacherField = "staff_no";
    teachers.validate = validateTeacher;
    r.recordType(std::move(teachers));
    r.recordTitle("teachers", "name");
  }
};

}  // namespace

std::unique_ptr<Plugin> makeCorePlugin() { return std::make_unique<CorePlugin>(); }

const PluginDescriptor& coreDescriptor() {
  static const PluginDescriptor d{kPluginMagic, TDR_SDK_ABI_MAJOR, TDR_SDK_ABI_MINOR, "core",
                                  TDR_VERSION,  TDR_BUILD_TAG,     kCoreSchemaFiles};
  return d;
}

}  // namespace tdr::host
