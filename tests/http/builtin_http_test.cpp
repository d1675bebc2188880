// The built-in plugins over HTTP on a real server: what HR officers, school administrators and
// teachers do through the API (performance pay, rotation, studios).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <sstream>

#include "auth/login_throttle.h"
#include "auth/users.h"
#include "http_fixture.h"

namespace {

using tdr::test::expectError;
using tdr::test::HttpResponse;
using tdr::test::json;
using tdr::test::ServerFixture;

class BuiltinHttp : public tdr::test::ServerSuite<BuiltinHttp> {
 public:
  static std::string pluginDir() { return tdr::test::builtinPluginsDir(); }

 protected:
  // The school of the fixture's teacher user (T0000200).
  static std::string teacherSchool() {
    auto db = s().openDb();
    std::string code;
    *db << "SELECT s.code FROM core_teachers t JOIN core_schools s ON s.id = t.home_school_id "
           "WHERE t.staff_no = 'T0000200'",
        soci::into(code);
    return code;
  }
};

// A plugin's section of a portfolio, or null.
Poco::JSON::Object::Ptr section(const HttpResponse& r, const std::string& plugin) {
  auto sections = json(r.body)->getArray("sections");
  for (std::size_t i = 0; i < sections->size(); ++i)
    if (sections->getObject(static_cast<unsigned>(i))->getValue<std::string>("plugin") == plugin)
      return sections->getObject(static_cast<unsigned>(i));
  return nullptr;
}

// The rows of a declared section's table (display text, one array per row).
Poco::JSON::Array::Ptr rows(const Poco::JSON::Object::Ptr& section) {
  return section->getObject("table")->getArray("rows");
}

// The column index of `name` in a declared section's table.
unsigned column(const Poco::JSON::Object::Ptr& section, const std::string& name) {
  auto cols = section->getObject("table")->getArray("columns");
  for (unsigned i = 0; i < cols->size(); ++i)
    if (cols->getObject(i)->getValue<std::string>("name") == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST_F(BuiltinHttp, PaySchemeComputePublishLockAndTeacherSeesOwnSlipOnlyOncePublished) {
  const std::string school = teacherSchool();
  auto created = post("/api/v1/perfpay/schemes", "hr_officer",
                      "{\"school\": \"" + school + "\", \"year\": 2025, \"pool\": \"200000.00\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  const long long id = json(created.body)->getValue<long long>("id");
  EXPECT_EQ(json(created.body)->getValue<std::string>("status"), "draft");
  const std::string which = "{\"school\": \"" + school + "\", \"year\": 2025}";
  // The steps are record actions on the scheme, offered in the state they apply to.
  const std::string steps = "/api/v1/perfpay/schemes/" + std::to_string(id) + "/actions/";
  expectError(post(steps + "review", "hr_officer", "{}"), 409, "conflict");
  auto computed = post("/api/v1/perfpay/actions/compute", "hr_officer", which);
  ASSERT_EQ(computed.status, 200) << computed.body;
  EXPECT_EQ(json(computed.body)->getValue<std::string>("pool"), "200000.00");

  auto sheet =
      get("/api/v1/perfpay/reports/sheet?school=" + school + "&year=2025&headers=en&format=json",
          "hr_officer");
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_EQ(json(sheet.body)->getArray("columns")->getElement<std::string>(7), "total");
  auto xlsx = get("/api/v1/perfpay/reports/sheet?school=" + school + "&year=2025&format=xlsx",
                  "hr_officer");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.headers["Content-Type"].find("spreadsheetml"), std::string::npos);

  // Computed but not published: the teacher's own portfolio has no slip yet; HR sees it.
  auto mine = get("/api/v1/teachers/T0000200/portfolio", "teacher");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_TRUE(section(mine, "perfpay"));
  EXPECT_EQ(rows(section(mine, "perfpay"))->size(), 0u);
  auto hr = get("/api/v1/teachers/T0000200/portfolio", "hr_officer");
  auto hrSlips = rows(section(hr, "perfpay"));
  ASSERT_EQ(hrSlips->size(), 1u);
  // Labelled: the scheme's state by its code in English, by its label in Chinese.
  EXPECT_EQ(hrSlips->getArray(0)->getElement<std::string>(column(section(hr, "perfpay"), "status")),
            "computed");
  auto hrZh = s().request("GET", "/api/v1/teachers/T0000200/portfolio", s().token("hr_officer"), "",
                          "application/json", {{"Accept-Language", "zh-CN"}});
  auto pay = section(hrZh, "perfpay");
  EXPECT_EQ(pay->getValue<std::string>("plugin_title"), "绩效工资");
  EXPECT_EQ(rows(pay)->getArray(0)->getElement<std::string>(column(pay, "status")), "已核算");
  auto cols = pay->getObject("table")->getArray("columns");
  EXPECT_EQ(cols->getObject(column(pay, "total"))->getValue<std::string>("label"), "合计");
  EXPECT_EQ(cols->getObject(column(pay, "total"))->getValue<std::string>("type"), "money");

  ASSERT_EQ(post(steps + "review", "hr_officer", "{}").status, 200);
  ASSERT_EQ(post(steps + "publish", "hr_officer", "{}").status, 200);
  mine = get("/api/v1/teachers/T0000200/portfolio", "teacher");
  auto slips = rows(section(mine, "perfpay"));
  ASSERT_EQ(slips->size(), 1u);
  EXPECT_FALSE(slips->getArray(0)
                   ->getElement<std::string>(column(section(mine, "perfpay"), "explanation"))
                   .empty());
  // School administrators may not review or publish, only HR.
  expectError(post(steps + "lock", "school_admin", "{}"), 403);
  ASSERT_EQ(post(steps + "lock", "hr_officer", "{}").status, 200);
  // The record says which steps remain: none once locked.
  auto locked = get("/api/v1/perfpay/schemes/" + std::to_string(id), "hr_officer");
  EXPECT_EQ(json(locked.body)->getArray("_actions")->size(), 0u) << locked.body;

  // Locked: every change is a 409, nothing changes.
  expectError(s().request("PUT", "/api/v1/perfpay/schemes/" + std::to_string(id),
                          s().token("hr_officer"), "{\"pool\": \"1.00\"}"),
              409, "conflict");
  expectError(post("/api/v1/perfpay/inputs", "hr_officer",
                   "{\"year\": 2025, \"staff_no\": \"T0000200\", \"score\": 60}"),
              409, "conflict");
  expectError(s().request("DELETE", "/api/v1/perfpay/schemes/" + std::to_string(id),
                          s().token("hr_officer")),
              409);
  EXPECT_EQ(s().count("perfpay_inputs"), 0);
  EXPECT_EQ(s().count("perfpay_schemes", "status = 'locked' AND pool_fen = 20000000"), 1);
}

TEST_F(BuiltinHttp, RotationQuotaBoardAndPlanForHrOnly) {
  auto quota = get("/api/v1/rotation/reports/quota?year=2026", "hr_officer");
  ASSERT_EQ(quota.status, 200) << quota.body;
  EXPECT_GT(json(quota.body)->getArray("rows")->size(), 10u);
  // A school administrator sees their own school's row only, and cannot plan.
  auto own = get("/api/v1/rotation/reports/quota?year=2026", "school_admin");
  ASSERT_EQ(own.status, 200) << own.body;
  ASSERT_EQ(json(own.body)->getArray("rows")->size(), 1u);
  expectError(get("/api/v1/rotation/reports/quota?year=2026&school=XH0002", "school_admin"), 403);
  expectError(post("/api/v1/rotation/actions/plan", "school_admin", "{\"year\": 2026}"), 403);
  auto plan = post("/api/v1/rotation/actions/plan", "hr_officer", "{\"year\": 2026}");
  ASSERT_EQ(plan.status, 200) << plan.body;
  auto drafts = get("/api/v1/rotation/drafts?batch_year=2026", "hr_officer");
  ASSERT_EQ(drafts.status, 200);
  EXPECT_EQ(json(drafts.body)->getValue<long long>("total"),
            json(plan.body)->getValue<long long>("drafted"));
  expectError(post("/api/v1/rotation/actions/plan", "hr_officer", "{\"year\": \"soon\"}"), 422);
}

TEST_F(BuiltinHttp, StudioHostManagesOnlyTheirOwnStudioAndAttendanceCreditsOnce) {
  std::vector<std::string> active;
  {
    auto db = s().openDb();
    std::string staff;
    soci::statement st = (db->prepare << "SELECT staff_no FROM core_teachers WHERE status = "
                                         "'active' AND staff_no <> 'T0000200' ORDER BY id "
                                         "LIMIT 4",
                          soci::into(staff));
    st.execute();
    while (st.fetch()) active.push_back(staff);
  }
  ASSERT_EQ(active.size(), 4u);
  const std::string hostA = active[0], hostB = active[1], member = active[2], other = active[3];
  auto added = s().cli({"user", "add", hostA, "--role", "studio_host"});
  ASSERT_EQ(added.exitCode, 0) << added.err;
  const std::string token = added.out.substr(added.out.rfind("tdr_"), 68);
  auto studio = [&](const std::string& code, const std::string& host) {
    return post("/api/v1/studios/studios", "hr_officer",
                "{\"code\": \"" + code + "\", \"name\": \"工作室" + code +
                    "\", \"level\": \"district\", \"host\": \"" + host +
                    "\", \"school\": \"XH0001\", \"cycle_start\": \"2025-09-01\", \"cycle_end\": "
                    "\"2028-08-31\"}");
  };
  ASSERT_EQ(studio("HS1", hostA).status, 201);
  ASSERT_EQ(studio("HS2", hostB).status, 201);
  auto asHost = [&](const std::string& method, const std::string& path, const std::string& body) {
    return s().request(method, path, token, body);
  };
  auto joined = asHost("POST", "/api/v1/studios/members",
                       "{\"studio\": \"HS1\", \"staff_no\": \"" + member +
                           "\", \"role\": \"core\", \"joined_on\": \"2025-09-01\"}");
  ASSERT_EQ(joined.status, 201) << joined.body;
  expectError(asHost("POST", "/api/v1/studios/members",
                     "{\"studio\": \"HS2\", \"staff_no\": \"" + other +
                         "\", \"role\": \"core\", \"joined_on\": \"2025-09-01\"}"),
              403);
  ASSERT_EQ(asHost("POST", "/api/v1/studios/activities",
                   "{\"code\": \"HA1\", \"studio\": \"HS1\", \"kind\": \"lecture\", \"title\": "
                   "\"讲座\", \"held_on\": \"2025-10-10\", \"hours\": 2}")
                .status,
            201);
  auto attended = asHost("POST", "/api/v1/studios/attendance",
                         "{\"activity\": \"HA1\", \"staff_no\": \"" + member + "\"}");
  ASSERT_EQ(attended.status, 201) << attended.body;
  const std::string credits =
      "source = 'plugin' AND external_ref LIKE 'studios:%' AND teacher_id = " +
      std::to_string(s().idOf(member));
  EXPECT_EQ(s().count("training_records", credits), 1);
  const long long id = json(attended.body)->getValue<long long>("id");
  // Saving it again (same values) changes nothing; a second POST is a conflict.
  ASSERT_EQ(asHost("PUT", "/api/v1/studios/attendance/" + std::to_string(id),
                   "{\"activity\": \"HA1\", \"staff_no\": \"" + member + "\"}")
                .status,
            200);
  expectError(asHost("POST", "/api/v1/studios/attendance",
                     "{\"activity\": \"HA1\", \"staff_no\": \"" + member + "\"}"),
              409);
  EXPECT_EQ(s().count("training_records", credits), 1);
  ASSERT_EQ(asHost("DELETE", "/api/v1/studios/attendance/" + std::to_string(id), "").status, 204);
  EXPECT_EQ(s().count("training_records", credits), 0);
}

TEST_F(BuiltinHttp, WebLogInIssuesASessionTokenAndLogOutRevokesIt) {
  {
    auto db = s().openDb();
    tdr::host::setPassword(*db, "hr_officer1", "a long enough secret");
  }
  auto login = [&](const std::string& body) {
    return s().request("POST", "/api/v1/session", "", body);
  };
  expectError(login("{\"login\": \"hr_officer1\", \"password\": \"wrong wrong wrong\"}"), 401,
              "unauthorized");
  expectError(login("{\"login\": \"nobody\", \"password\": \"a long enough secret\"}"), 401);
  expectError(login("{\"login\": \"hr_officer1\"}"), 422);
  expectError(login("{\"login\": 5, \"password\": []}"), 422);
  auto ok = login("{\"login\": \"hr_officer1\", \"password\": \"a long enough secret\"}");
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::string token = json(ok.body)->getValue<std::string>("token");
  auto me = s().request("GET", "/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  auto m = json(me.body);
  EXPECT_EQ(m->getObject("user")->getValue<std::string>("role"), "hr_officer");
  bool teachers = false;
  auto types = m->getArray("record_types");
  for (std::size_t i = 0; i < types->size(); ++i) {
    auto t = types->getObject(static_cast<unsigned>(i));
    if (t->getValue<std::string>("name") != "core.teachers") continue;
    teachers = true;
    EXPECT_EQ(t->getArray("fields")->getObject(0)->getValue<std::string>("label"), "工号");
  }
  EXPECT_TRUE(teachers);
  // A teacher user sees neither HR's record types nor its reports.
  auto teacherMe = json(get("/api/v1/me", "teacher").body);
  for (std::size_t i = 0; i < teacherMe->getArray("reports")->size(); ++i)
    EXPECT_NE(teacherMe->getArray("reports")->getElement<std::string>(static_cast<unsigned>(i)),
              "perfpay.sheet");
  // Their scope as their role declares it (the screens follow it), and the plugins' titles.
  EXPECT_EQ(teacherMe->getObject("user")->getValue<std::string>("scope"), "own");
  // Every declared label, even of what this user cannot use (the audit log shows them).
  auto labels = teacherMe->getObject("labels");
  ASSERT_TRUE(labels);
  EXPECT_EQ(labels->getObject("plugins")->getValue<std::string>("studios"), "名师工作室");
  EXPECT_EQ(labels->getObject("record_actions")->getValue<std::string>("training.records.approve"),
            "通过");
  EXPECT_EQ(labels->getObject("actions")->getValue<std::string>("perfpay.compute"), "核算工资表");
  EXPECT_EQ(labels->getObject("record_types")->getValue<std::string>("ethics.events"), "师德事件");
  ASSERT_EQ(s().request("DELETE", "/api/v1/session", token).status, 204);
  expectError(s().request("GET", "/api/v1/me", token), 401);
}

TEST_F(BuiltinHttp, RepeatedWrongPasswordsLockTheLoginForAWhile) {
  {
    auto db = s().openDb();
    tdr::host::setPassword(*db, "ethics_officer1", "the right password");
  }
  auto login = [&](const std::string& password) {
    return s().request("POST", "/api/v1/session", "",
                       "{\"login\": \"ethics_officer1\", \"password\": \"" + password + "\"}");
  };
  for (int i = 0; i < tdr::host::LoginThrottle::kMaxFailures; ++i)
    expectError(login("guess number " + std::to_string(i)), 401);
  auto locked = login("the right password");
  expectError(locked, 429, "too_many_requests");
  EXPECT_FALSE(locked.headers["Retry-After"].empty());
  // Other logins are not affected.
  {
    auto db = s().openDb();
    tdr::host::setPassword(*db, "auditor1", "another right password");
  }
  EXPECT_EQ(s().request("POST", "/api/v1/session", "",
                        "{\"login\": \"auditor1\", \"password\": \"another right password\"}")
                .status,
            200);
}

TEST_F(BuiltinHttp, ListsSearchTextFieldsAndTheWebInterfaceIsServed) {
  std::string staff = s().teacherAt("XH0002");
  auto found =
      get("/api/v1/core/teachers?q=" + staff.substr(0, 7) + "&page_size=500", "hr_officer");
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_NE(found.body.find(staff), std::string::npos);
  auto none = get("/api/v1/core/teachers?q=%25%5F", "hr_officer");  // "%_" matches literally
  EXPECT_EQ(json(none.body)->getValue<long long>("total"), 0);
  auto root = s().request("GET", "/");
  EXPECT_EQ(root.status, 302);
  EXPECT_EQ(root.headers["Location"], "/app/");
  auto index = s().request("GET", "/app/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("app.js"), std::string::npos);
  EXPECT_NE(index.headers["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(s().request("GET", "/app/app.js").headers["Content-Type"],
            "text/javascript; charset=utf-8");
  EXPECT_EQ(s().request("GET", "/app/../CMakeLists.txt").status, 404);
  EXPECT_EQ(s().request("GET", "/app/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(s().request("POST", "/app/index.html", "", "x").status, 405);
}

TEST_F(BuiltinHttp, TrainingCentreWritesOnlyItsOwnProvidersRecords) {
  std::string staff = s().teacherAt("XH0003");
  auto own = post("/api/v1/training/records", "training_center",
                  "{\"staff_no\": \"" + staff +
                      "\", \"title\": \"课程\", \"provider\": \"区教师发展中心\", \"level\": "
                      "\"district\", \"category\": \"ethics\", \"hours\": \"2\", \"completed_on\": "
                      "\"2026-03-01\", \"external_ref\": \"TC-1\"}");
  ASSERT_EQ(own.status, 201) << own.body;
  auto other = post("/api/v1/training/records", "training_center",
                    "{\"staff_no\": \"" + staff +
                        "\", \"title\": \"课程\", \"provider\": \"别的机构\", \"level\": "
                        "\"district\", \"category\": \"ethics\", \"hours\": \"2\", "
                        "\"completed_on\": \"2026-03-01\", \"external_ref\": \"TC-2\"}");
  expectError(other, 422, "validation_failed");
  EXPECT_NE(other.body.find("may only be your own"), std::string::npos) << other.body;
}

// Authority is decided on the stored record, not on what the request says: another centre's
// record cannot be changed or deleted even by a body that names one's own provider, and the
// district's rules are HR's.
TEST_F(BuiltinHttp, TrainingCentreCannotChangeOrDeleteAnotherProvidersRecordOrTheRules) {
  std::string staff = s().teacherAt("XH0003");
  auto theirs = post("/api/v1/training/records", "hr_officer",
                     "{\"staff_no\": \"" + staff +
                         "\", \"title\": \"课程\", \"provider\": \"市教科院\", \"level\": "
                         "\"municipal\", \"category\": \"ethics\", \"hours\": \"3\", "
                         "\"completed_on\": \"2026-03-01\", \"external_ref\": \"OWN-1\"}");
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  std::string path =
      "/api/v1/training/records/" + std::to_string(json(theirs.body)->getValue<long long>("id"));
  auto moved = s().request("PUT", path, s().token("training_center"),
                           "{\"provider\": \"区教师发展中心\", \"hours\": \"1\"}");
  expectError(moved, 422, "validation_failed");
  EXPECT_NE(moved.body.find("\"field\": \"provider\""), std::string::npos) << moved.body;
  expectError(s().request("DELETE", path, s().token("training_center")), 403, "forbidden");
  EXPECT_EQ(s().count("training_records", "external_ref = 'OWN-1' AND hours_x10 = 30"), 1);
  auto rules = json(get("/api/v1/training/rules", "training_center").body)->getArray("items");
  ASSERT_GT(rules->size(), 0u);
  std::string rule =
      "/api/v1/training/rules/" + std::to_string(rules->getObject(0)->getValue<long long>("id"));
  expectError(s().request("PUT", rule, s().token("training_center"), "{\"value\": 1}"), 403,
              "forbidden");
}

// A teacher (own-record scope) sees only their own teacher row and records, and self-reports
// hours: created pending whatever the body says about the status, then approved by their
// school's administrator as a record action.
TEST_F(BuiltinHttp, TeacherSeesOnlyOwnRecordsAndSelfReportsHoursForApproval) {
  auto list = json(get("/api/v1/core/teachers?page_size=500", "teacher").body);
  ASSERT_EQ(list->getValue<long long>("total"), 1);
  EXPECT_EQ(list->getArray("items")->getObject(0)->getValue<std::string>("staff_no"), "T0000200");
  const std::string body =
      "{\"staff_no\": \"T0000200\", \"title\": \"自学\", \"provider\": \"本人\", "
      "\"level\": \"district\", \"category\": \"ethics\", \"hours\": \"2\", "
      "\"completed_on\": \"2026-03-01\", \"external_ref\": \"SELF-1\"";
  auto claimed = post("/api/v1/training/records", "teacher", body + ", \"status\": \"approved\"}");
  expectError(claimed, 422, "validation_failed");
  EXPECT_NE(claimed.body.find("\"field\": \"status\""), std::string::npos) << claimed.body;
  EXPECT_NE(claimed.body.find("read-only"), std::string::npos) << claimed.body;
  auto created = post("/api/v1/training/records", "teacher", body + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  auto record = json(created.body);
  EXPECT_EQ(record->getValue<std::string>("status"), "pending");
  EXPECT_EQ(record->getArray("_actions")->size(), 0u);  // a teacher decides nothing
  std::string other = s().teacherAt("XH0002");
  expectError(post("/api/v1/training/records", "teacher",
                   "{\"staff_no\": \"" + other +
                       "\", \"title\": \"代报\", \"provider\": \"本人\", \"level\": "
                       "\"district\", \"category\": \"ethics\", \"hours\": \"2\", "
                       "\"completed_on\": \"2026-03-01\", \"external_ref\": \"SELF-2\"}"),
              422, "validation_failed");
  long long id = record->getValue<long long>("id");
  // The school administrator of another school does not see it; the teacher's own school's
  // administrator (XH0001 in the fixture) approves it only if it is theirs.
  auto mine = get("/api/v1/training/records/" + std::to_string(id), "teacher");
  EXPECT_EQ(mine.status, 200);
  auto approved = post("/api/v1/training/records/actions/approve", "hr_officer",
                       "{\"ids\": [" + std::to_string(id) + "]}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json(approved.body)->getValue<long long>("done"), 1);
  EXPECT_EQ(s().count("training_records", "external_ref = 'SELF-1' AND status = 'approved'"), 1);
  // Approving twice: refused with the state named (409 for one id; with several, all or nothing).
  auto again = post("/api/v1/training/records/actions/approve", "hr_officer",
                    "{\"ids\": [" + std::to_string(id) + "]}");
  expectError(again, 409, "conflict");
  EXPECT_NE(again.body.find("is approved"), std::string::npos) << again.body;
}

// Messages are Chinese by default, with field labels; English on request.
TEST_F(BuiltinHttp, MessagesAreChineseByDefaultAndEnglishOnRequest) {
  auto zh =
      s().request("GET", "/api/v1/training/reports/compliance?colour=red", s().token("hr_officer"),
                  "", "application/json", {{"Accept-Language", "zh-CN,zh;q=0.9"}});
  expectError(zh, 422, "validation_failed");
  EXPECT_NE(zh.body.find("不是已声明的参数"), std::string::npos) << zh.body;
  auto forbidden = s().request("GET", "/api/v1/perfpay/schemes", s().token("teacher"), "",
                               "application/json", {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_NE(forbidden.body.find("无权查看绩效工资方案"), std::string::npos) << forbidden.body;
  auto en = get("/api/v1/training/reports/compliance?colour=red", "hr_officer");
  EXPECT_NE(en.body.find("is not a declared parameter"), std::string::npos) << en.body;
}

// Export and list share one check: a filter on a field the user may not see is refused.
TEST_F(BuiltinHttp, StudioHostCannotRateFundOrMoveTheirOwnStudio) {
  std::string host;
  {
    auto db = s().openDb();
    *db << "SELECT staff_no FROM core_teachers WHERE status = 'active' AND staff_no <> "
           "'T0000200' ORDER BY id DESC LIMIT 1",
        soci::into(host);
  }
  auto added = s().cli({"user", "add", host, "--role", "studio_host"});  // login = staff_no
  ASSERT_EQ(added.exitCode, 0) << added.err;
  const std::string token = added.out.substr(added.out.rfind("tdr_"), 68);
  auto created = post("/api/v1/studios/studios", "hr_officer",
                      "{\"code\": \"RF1\", \"name\": \"工作室RF1\", \"level\": \"district\", "
                      "\"host\": \"" +
                          host +
                          "\", \"school\": \"XH0001\", \"funding\": 20000, \"cycle_start\": "
                          "\"2022-09-01\", \"cycle_end\": \"2025-08-31\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string path =
      "/api/v1/studios/studios/" + std::to_string(json(created.body)->getValue<long long>("id"));
  for (std::string body : {"{\"funding\": 9999999}", "{\"evaluation\": \"excellent\"}",
                           "{\"school\": \"XH0002\"}", "{\"host\": \"T0000001\"}"}) {
    auto r = s().request("PUT", path, token, body);
    EXPECT_EQ(r.status / 100, 4) << body << ": " << r.body;
    std::string field = body.substr(2, body.find('"', 2) - 2);
    EXPECT_NE(r.body.find(field), std::string::npos) << body << ": " << r.body;
  }
  auto stored = json(get(path, "hr_officer").body);
  EXPECT_EQ(stored->getValue<std::string>("school"), "XH0001");
  EXPECT_TRUE(stored->isNull("evaluation") || stored->getValue<std::string>("evaluation").empty());
  // The host may still edit what is theirs to say; HR rates the studio at the end of its cycle.
  auto named = s().request("PUT", path, token, "{\"name\": \"工作室RF1（更名）\"}");
  EXPECT_EQ(named.status, 200) << named.body;
  EXPECT_EQ(
      s().request("PUT", path, s().token("hr_officer"), "{\"evaluation\": \"excellent\"}").status,
      200);
}

TEST_F(BuiltinHttp, SchoolAdminAsksTheVetoOnlyAboutOwnSchoolTeachers) {
  auto own = post("/api/v1/ethics/actions/veto", "school_admin",
                  "{\"staff_no\": \"" + s().teacherAt("XH0001") + "\"}");
  EXPECT_EQ(own.status, 200) << own.body;
  // Another school's teacher is as unknown as a staff number that does not exist.
  auto other = post("/api/v1/ethics/actions/veto", "school_admin",
                    "{\"staff_no\": \"" + s().teacherAt("XH0002") + "\"}");
  expectError(other, 422);
  auto none = post("/api/v1/ethics/actions/veto", "school_admin", "{\"staff_no\": \"NOPE\"}");
  expectError(none, 422);
  EXPECT_EQ(json(other.body)->getObject("error")->getArray("details")->size(),
            json(none.body)->getObject("error")->getArray("details")->size());
  expectError(post("/api/v1/ethics/actions/vetoes", "school_admin", "{\"school\": \"XH0002\"}"),
              403);
  // District roles ask about anyone.
  EXPECT_EQ(post("/api/v1/ethics/actions/veto", "hr_officer",
                 "{\"staff_no\": \"" + s().teacherAt("XH0002") + "\"}")
                .status,
            200);
}

TEST_F(BuiltinHttp, ExportFiltersOnHiddenFieldsAreRefused) {
  expectError(get("/api/v1/core/teachers/export?national_id=110101199003074514", "school_admin"),
              403, "forbidden");
  expectError(get("/api/v1/ethics/checks/export?result=record_found", "hr_officer"), 403,
              "forbidden");
}

// Bad input to the built-in plugins: a 4xx naming what is wrong, never a 500, nothing written.
TEST_F(BuiltinHttp, BadInputToThePluginsGets4xxAndChangesNothing) {
  struct Case {
    std::string method, path, body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/rotation/assignments",
       R"({"staff_no": "T0000010", "kind": "exchange", "host_school": "NOPE", "start_on": )"
       R"("2026-09-01", "planned_end": "2027-08-31", "batch_year": 2026})",
       422, "host_school"},
      {"POST", "/api/v1/rotation/assignments",
       R"({"staff_no": "T0000010", "kind": "exchange", "host_school": "XH0002", "start_on": )"
       R"("2026-02-30", "planned_end": "2027-08-31", "batch_year": 2026})",
       422, "start_on"},
      {"POST", "/api/v1/studios/attendance", R"({"activity": "NOPE", "staff_no": "T0000010"})", 422,
       "activity"},
      {"POST", "/api/v1/perfpay/inputs", R"({"year": 2025, "staff_no": "T0000010", "score": 500})",
       422, "score"},
      {"POST", "/api/v1/perfpay/schemes", R"({"school": "XH0009", "year": 2025, "pool": "1.234"})",
       422, "pool"},
      {"POST", "/api/v1/studios/studios",
       R"({"code": "S", "name": "n", "level": "district", "host": "T0000010", "school": )"
       R"("XH0001", "cycle_start": "2025-01-01", "cycle_end": "2027-01-01", "capacity": 0})",
       422, "capacity"},
      {"POST", "/api/v1/rotation/actions/plan", R"({"year": 2026, "colour": "blue"})", 422,
       "colour"},
      {"POST", "/api/v1/rotation/actions/months", R"({"school": "NOPE", "year": 2026})", 422,
       "school"},
      {"POST", "/api/v1/rotation/actions/plan", R"({"year": {"a": 1}})", 422, "year"},
      {"POST", "/api/v1/perfpay/actions/compute", R"({"year": [2025]})", 422, "year"},
      {"POST", "/api/v1/ethics/actions/vetoes", R"({"from": "yesterday"})", 422, "from"},
      {"POST", "/api/v1/perfpay/schemes/actions/review", R"({"ids": "all"})", 422, "ids"},
      {"POST", "/api/v1/perfpay/actions/compute", R"({"school": "XH0009", "year": 2031})", 404, ""},
      // Plugins-only actions do not exist for users, administrators included.
      {"POST", "/api/v1/training/actions/credit", R"({"source_ref": "x"})", 404, ""},
      {"POST", "/api/v1/training/actions/withdraw", R"({"source_ref": "x"})", 404, ""},
      // Record actions: parameters and states from their declarations.
      {"POST", "/api/v1/training/records/actions/reject", R"({"ids": [1]})", 422, "reason"},
      {"POST", "/api/v1/training/records/actions/approve", R"({"ids": "1"})", 422, "ids"},
      {"POST", "/api/v1/training/records/999999/actions/approve", "{}", 404, ""},
      {"POST", "/api/v1/training/records/actions/approve", R"({"ids": [1], "extra": 1})", 422,
       "extra"},
      {"POST", "/api/v1/ethics/actions/veto", R"({"staff_no": ["T0000010"]})", 422, "staff_no"},
      {"GET", "/api/v1/rotation/reports/where?date=2026-13-01", "", 422, "date"},
      {"GET", "/api/v1/rotation/reports/eligible?exempt=maybe", "", 422, "exempt"},
      {"GET", "/api/v1/studios/reports/member_hours", "", 422, "studio"},
      {"GET", "/api/v1/perfpay/reports/sheet?school=XH0009&year=2031", "", 404, ""},
  };
  const long long before = s().count("core_audit");
  for (const auto& c : cases) {
    auto r = s().request(c.method, c.path, s().token("admin"), c.body);
    expectError(r, c.status);
    if (!c.field.empty()) {
      EXPECT_NE(r.body.find("\"field\": \"" + c.field + "\""), std::string::npos)
          << c.path << " " << r.body;
    }
  }
  EXPECT_EQ(s().count("core_audit"), before) << "nothing was written";
}

}  // namespace

namespace {

// Rows of a report's JSON whose cell in column `key` is `value`.
long long rowsWhere(const Poco::JSON::Object::Ptr& report, const std::string& key,
                    const std::string& value) {
  auto cols = report->getArray("columns");
  unsigned col = 0;
  while (col < cols->size() && cols->getElement<std::string>(col) != key) ++col;
  auto rows = report->getArray("rows");
  long long n = 0;
  for (unsigned i = 0; i < rows->size(); ++i) {
    const auto& cell = rows->getArray(i)->get(col);
    n += !cell.isEmpty() && cell.toString() == value ? 1 : 0;
  }
  return n;
}

// Every declared indicator of a /me answer, as "plugin.name".
std::vector<std::string> indicatorNames(const HttpResponse& me) {
  std::vector<std::string> out;
  auto list = json(me.body)->getArray("indicators");
  for (unsigned i = 0; i < list->size(); ++i)
    out.push_back(list->getObject(i)->getValue<std::string>("plugin") + "." +
                  list->getObject(i)->getValue<std::string>("name"));
  return out;
}

}  // namespace

// SDK 2.2 declarations reach the user: home indicators counted by their reports, references
// shown with their target's title, report codes labelled (Chinese) or kept (English).
TEST_F(BuiltinHttp, IndicatorsTitlesAndReportChoicesComeFromTheDeclarations) {
  auto hr = indicatorNames(get("/api/v1/me", "hr_officer"));
  for (const char* name : {"training.behind", "rotation.quota_unmet"})
    EXPECT_NE(std::find(hr.begin(), hr.end(), name), hr.end()) << name;
  EXPECT_EQ(std::find(hr.begin(), hr.end(), "ethics.sanctions_ending"), hr.end())
      << "sanctions are for those who may read them";
  auto teacher = indicatorNames(get("/api/v1/me", "teacher"));
  EXPECT_EQ(std::find(teacher.begin(), teacher.end(), "rotation.quota_unmet"), teacher.end());

  // An indicator counts exactly the rows of its report it declares.
  auto behind = json(get("/api/v1/training/indicators/behind", "hr_officer").body);
  auto compliance = json(get("/api/v1/training/reports/compliance", "hr_officer").body);
  EXPECT_EQ(behind->getValue<long long>("count"),
            static_cast<long long>(compliance->getArray("rows")->size()));
  auto unmet = get("/api/v1/rotation/indicators/quota_unmet", "hr_officer");
  ASSERT_EQ(unmet.status, 200) << unmet.body;
  auto quota = json(get("/api/v1/rotation/reports/quota", "hr_officer").body);
  EXPECT_EQ(json(unmet.body)->getValue<long long>("count"), rowsWhere(quota, "met", "0"));
  expectError(get("/api/v1/rotation/indicators/quota_unmet", "teacher"), 403, "forbidden");
  expectError(get("/api/v1/rotation/indicators/nope", "hr_officer"), 404, "not_found");

  // A list shows each reference with its target's title (the teacher's name beside 工号).
  std::string teacherNo = s().teacherAt("XH0001");
  auto created = post("/api/v1/training/records", "hr_officer",
                      "{\"staff_no\": \"" + teacherNo +
                          "\", \"title\": \"指标测试\", \"provider\": \"区教师发展中心\", "
                          "\"level\": \"district\", \"category\": \"ethics\", \"hours\": \"3\", "
                          "\"completed_on\": \"2026-03-01\", \"external_ref\": \"IND-1\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  auto listed = get("/api/v1/training/records?external_ref=IND-1", "hr_officer");
  auto list = json(listed.body);
  ASSERT_GT(list->getArray("items")->size(), 0u) << listed.body;
  auto item = list->getArray("items")->getObject(0);
  ASSERT_TRUE(item->has("_titles")) << listed.body;
  std::string staff = item->getValue<std::string>("staff_no"), name;
  {
    auto db = s().openDb();
    *db << "SELECT name FROM core_teachers WHERE staff_no = :s", soci::use(staff), soci::into(name);
  }
  EXPECT_EQ(item->getObject("_titles")->getValue<std::string>("staff_no"), name);
  // Sent back as it came, the record is unchanged ("_titles" is the API's own output).
  std::ostringstream sentBack;
  item->stringify(sentBack);
  auto same = s().request("PUT", "/api/v1/training/records/" + item->getValue<std::string>("id"),
                          s().token("hr_officer"), sentBack.str());
  EXPECT_EQ(same.status, 200) << same.body;

  // The transcript's level codes: labels in Chinese, codes in English.
  std::string path = "/api/v1/training/reports/transcript?staff_no=" + staff;
  auto zh = json(s().request("GET", path, s().token("hr_officer"), "", "application/json",
                             {{"Accept-Language", "zh-CN"}})
                     .body);
  auto en = json(get(path, "hr_officer").body);
  long long zhLabelled = 0, enCodes = 0;
  for (const char* label : {"国家级", "省级", "市级", "区县级", "校本"})
    zhLabelled += rowsWhere(zh, "level", label);
  for (const char* code : {"national", "provincial", "municipal", "district", "school"})
    enCodes += rowsWhere(en, "level", code);
  EXPECT_GT(zhLabelled, 0) << "the demo teacher has training records";
  EXPECT_EQ(zhLabelled, enCodes);
  EXPECT_EQ(rowsWhere(zh, "level", "district"), 0) << "no code left in Chinese";
}
