// The HTTP API on a real server on a loopback port, driven by a real HTTP client.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include "auth/login_throttle.h"
#include "auth/token_cache.h"
#include "auth/users.h"
#include "http_fixture.h"

namespace {

using tdr::test::expectError;
using tdr::test::HttpResponse;
using tdr::test::json;
using tdr::test::ServerFixture;

class Http : public tdr::test::ServerSuite<Http> {
 public:
  static std::string pluginDir() { return ""; }
};

// Everything the server sends on `c` until it closes (or resets, which counts as a close
// here), waiting at most `seconds` for each piece.
std::string readToClose(Poco::Net::StreamSocket& c, int seconds = 10) {
  c.setReceiveTimeout(Poco::Timespan(seconds, 0));
  std::string reply;
  char buf[65536];
  try {
    int n;
    while ((n = c.receiveBytes(buf, sizeof buf)) > 0)
      reply.append(buf, static_cast<std::size_t>(n));
  } catch (const Poco::Exception&) {
  }
  return reply;
}

// The status of GET /api/v1/health from a new client with `patience` seconds (0: no answer).
int healthWithin(int port, int patience) {
  Poco::Net::HTTPClientSession fresh("127.0.0.1", static_cast<Poco::UInt16>(port));
  fresh.setTimeout(Poco::Timespan(patience, 0));
  Poco::Net::HTTPRequest req("GET", "/api/v1/health", Poco::Net::HTTPMessage::HTTP_1_1);
  Poco::Net::HTTPResponse resp;
  std::string body;
  try {
    fresh.sendRequest(req);
    Poco::StreamCopier::copyToString(fresh.receiveResponse(resp), body);
  } catch (const Poco::Exception&) {
    return 0;
  }
  return resp.getStatus();
}

TEST_F(Http, HealthNeedsNoToken) {
  auto r = s().request("GET", "/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json(r.body)->getValue<std::string>("status"), "ok");
}

TEST_F(Http, MissingWrongAndMalformedAuthorizationIs401) {
  expectError(s().request("GET", "/api/v1/core/teachers"), 401, "unauthorized");
  expectError(s().request("GET", "/api/v1/core/teachers", "", "", "",
                          {{"Authorization", "Basic YWRtaW46YWRtaW4="}}),
              401);
  expectError(
      s().request("GET", "/api/v1/core/teachers", "", "", "", {{"Authorization", "Bearer"}}), 401);
  expectError(s().request("GET", "/api/v1/core/teachers", "tdr_" + std::string(64, '0')), 401);
  expectError(s().request("GET", "/api/v1/core/teachers", "not-a-token"), 401);
  auto r = s().request("GET", "/api/v1/core/teachers");
  EXPECT_EQ(r.headers["WWW-Authenticate"], "Bearer");
  // In Chinese unless English is asked for; the parser's own text never shows.
  auto zh = s().request("GET", "/api/v1/core/teachers", "not-a-token", "", "",
                        {{"Accept-Language", "zh-CN,zh;q=0.9"}});
  EXPECT_NE(zh.body.find("令牌无效、已过期或已撤销"), std::string::npos) << zh.body;
  auto bad = s().request("POST", "/api/v1/core/schools", s().token("admin"),
                         "{\"code\": ", "application/json", {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("请求体不是格式正确的 JSON"), std::string::npos) << bad.body;
  EXPECT_EQ(bad.body.find("Syntax"), std::string::npos) << bad.body;
}

TEST_F(Http, RevokedAndExpiredTokensAreRefused) {
  auto add = s().cli({"user", "add", "temp1", "--role", "hr_officer"});
  ASSERT_EQ(add.exitCode, 0) << add.err;
  std::string t1 = add.out.substr(add.out.rfind("tdr_"), 68);
  EXPECT_EQ(s().request("GET", "/api/v1/core/schools", t1).status, 200);
  ASSERT_EQ(s().cli({"user", "revoke", "temp1"}).exitCode, 0);
  // Revoked by another process: the server stops accepting it once its one-second memory of
  // the token has passed.
  const auto ttl = tdr::host::TokenCache::kTtl;
  s().passTime(ttl);
  expectError(s().request("GET", "/api/v1/core/schools", t1), 401);

  auto again = s().cli({"user", "token", "temp1"});
  std::string t2 = again.out.substr(again.out.rfind("tdr_"), 68);
  EXPECT_EQ(s().request("GET", "/api/v1/core/schools", t2).status, 200);
  {
    // Expire it by moving its expiry into the past.
    auto db = s().openDb();
    *db << "UPDATE core_tokens SET expires_at = '2001-01-01T00:00:00Z' WHERE revoked_at IS NULL "
           "AND user_id = (SELECT id FROM core_users WHERE login = 'temp1')";
  }
  s().passTime(ttl);
  expectError(s().request("GET", "/api/v1/core/schools", t2), 401);
}

struct Kind {
  std::string name;
  std::function<HttpResponse(const std::string& role, int n)> call;
};

TEST_F(Http, RoleByEndpointKindMatrix) {
  long long own = s().idOf(s().teacherAt("XH0001"));
  std::string ownPath = "/api/v1/core/teachers/" + std::to_string(own);
  auto body = [](const std::string& role, int n) {
    return "{\"staff_no\": \"M" + role.substr(0, 3) + std::to_string(n) +
           "\", \"name\": \"矩阵\", \"home_school\": \"XH0001\"}";
  };
  std::vector<Kind> kinds = {
      {"list", [](const std::string& r, int) { return get("/api/v1/core/teachers", r); }},
      {"read", [&](const std::string& r, int) { return get(ownPath, r); }},
      {"create",
       [&](const std::string& r, int n) {
         return s().request("POST", "/api/v1/core/teachers", s().token(r), body(r, n));
       }},
      {"update",
       [&](const std::string& r, int) {
         return s().request("PUT", ownPath, s().token(r), "{\"subject\": \"语文\"}");
       }},
      {"import",
       [&](const std::string& r, int n) {
         return s().request("POST", "/api/v1/core/teachers/import?dry_run=true", s().token(r),
                            "staff_no,name,home_school\nI" + std::to_string(n) + ",导入,XH0001\n",
                            "text/csv");
       }},
      {"export", [](const std::string& r, int) { return get("/api/v1/core/schools/export", r); }},
      {"plugin_read", [](const std::string& r, int) { return get("/api/v1/notes/notes", r); }},
      {"report", [](const std::string& r, int) { return get("/api/v1/notes/reports/summary", r); }},
      {"action",
       [](const std::string& r, int) {
         return s().request("POST", "/api/v1/notes/actions/count", s().token(r), "{}");
       }},
      {"audit", [](const std::string& r, int) { return get("/api/v1/audit", r); }},
      {"plugins", [](const std::string& r, int) { return get("/api/v1/plugins", r); }},
  };
  // Allowed kinds per role, from the default grants (core, and the test plugin "notes").
  std::map<std::string, std::set<std::string>> allowed = {
      {"admin",
       {"list", "read", "create", "update", "import", "export", "plugin_read", "report", "action",
        "audit", "plugins"}},
      {"hr_officer",
       {"list", "read", "create", "update", "import", "export", "plugin_read", "report", "action",
        "plugins"}},
      {"school_admin", {"list", "read", "create", "update", "import", "export", "plugins"}},
      {"training_center", {"list", "read", "export", "plugins"}},
      {"ethics_officer", {"list", "read", "export", "plugins"}},
      {"studio_host", {"list", "read", "export", "plugins"}},
      {"auditor",
       {"list", "read", "export", "plugin_read", "report", "action", "audit", "plugins"}},
      {"teacher", {"list", "export", "plugins"}},
  };
  int n = 0;
  for (const auto& [role, kindsAllowed] : allowed) {
    if (!s().hasRole(role)) continue;  // declared by a plugin these tests do not load
    for (const auto& kind : kinds) {
      HttpResponse r = kind.call(role, ++n);
      bool ok = kindsAllowed.count(kind.name) > 0;
      if (role == "teacher" && kind.name == "read") {
        // Own-record scope: another teacher's row does not exist for a teacher.
        EXPECT_EQ(r.status, 404) << kind.name << ": " << r.body;
      } else if (ok) {
        EXPECT_LT(r.status, 300) << role << " " << kind.name << ": " << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << role << " " << kind.name << ": " << r.body;
      }
    }
  }
}

TEST_F(Http, SchoolAdminSeesAndChangesOnlyOwnSchool) {
  const std::string& t = s().token("school_admin");
  auto list = json(get("/api/v1/core/teachers?page_size=500", "school_admin").body);
  auto items = list->getArray("items");
  ASSERT_GT(items->size(), 0u);
  for (std::size_t i = 0; i < items->size(); ++i) {
    EXPECT_EQ(items->getObject(i)->getValue<std::string>("home_school"), "XH0001");
  }
  EXPECT_EQ(list->getValue<long long>("total"),
            s().count("core_teachers",
                      "home_school_id = (SELECT id FROM core_schools WHERE code = 'XH0001')"));

  std::string other = s().teacherAt("XH0002");
  std::string otherPath = "/api/v1/core/teachers/" + std::to_string(s().idOf(other));
  expectError(get(otherPath, "school_admin"), 404, "not_found");  // by id
  auto filtered = json(get("/api/v1/core/teachers?home_school=XH0002", "school_admin").body);
  EXPECT_EQ(filtered->getValue<long long>("total"), 0);  // by filter
  expectError(s().request("PUT", otherPath, t, "{\"subject\": \"x\"}"), 404);
  expectError(s().request("DELETE", otherPath, t), 404);
  expectError(
      s().request("POST", "/api/v1/core/teachers", t,
                  "{\"staff_no\": \"S9\", \"name\": \"他校\", \"home_school\": \"XH0002\"}"),
      422);
  std::string ownPath =
      "/api/v1/core/teachers/" + std::to_string(s().idOf(s().teacherAt("XH0001")));
  expectError(s().request("PUT", ownPath, t, "{\"home_school\": \"XH0002\"}"), 422);
  // By import row: the job fails and names the row.
  auto job = s().request("POST", "/api/v1/core/teachers/import", t,
                         "staff_no,name,home_school\nS10,本校,XH0001\n" + other + ",抢人,XH0001\n",
                         "text/csv");
  ASSERT_EQ(job.status, 202) << job.body;
  std::string url = json(job.body)->getObject("job")->getValue<std::string>("url");
  HttpResponse status;
  for (int i = 0; i < 100; ++i) {
    status = s().request("GET", url, t);
    if (status.body.find("\"queued\"") == std::string::npos &&
        status.body.find("\"running\"") == std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(status.body.find("\"status\": \"failed\""), std::string::npos) << status.body;
  EXPECT_NE(status.body.find("belongs to another school than yours"), std::string::npos)
      << status.body;
  EXPECT_EQ(s().count("core_teachers", "staff_no = 'S10'"), 0);
  // Export is scoped too.
  auto exported = get("/api/v1/core/teachers/export", "school_admin");
  EXPECT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body.find("XH0002"), std::string::npos);
  EXPECT_NE(exported.body.find("XH0001"), std::string::npos);
}

TEST_F(Http, SensitiveFieldsShowOnlyAFlagWithoutTheCapability) {
  std::string path = "/api/v1/core/teachers/" + std::to_string(s().idOf(s().teacherAt("XH0001")));
  auto hr = json(get(path, "hr_officer").body);
  EXPECT_EQ(hr->getValue<std::string>("national_id").substr(0, 14), std::string(14, '*'));
  auto sa = json(get(path, "school_admin").body);
  EXPECT_FALSE(sa->has("national_id"));
  EXPECT_TRUE(sa->getValue<bool>("national_id_present"));
  expectError(get("/api/v1/core/teachers?national_id=11010519491231002X", "school_admin"), 403);
}

TEST_F(Http, ReadsThatShowSensitiveFieldsAreAuditedOncePerRequest) {
  auto newest = [&](const std::string& action) {
    auto db = s().openDb();
    std::string actor, type, detail;
    *db << "SELECT actor, record_type, detail FROM core_audit WHERE action = :a ORDER BY id DESC "
           "LIMIT 1",
        soci::use(action), soci::into(actor), soci::into(type), soci::into(detail);
    return actor + " " + type + " " + detail;
  };
  // The entries are written just after the answer (group commit): wait for them, briefly.
  auto reads = [&](const std::string& action, long long want) {
    long long n = 0;
    for (int i = 0; i < 100 && (n = s().count("core_audit", "action = '" + action + "'")) < want;
         ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return n;
  };
  long long id = s().idOf(s().teacherAt("XH0001"));
  std::string path = "/api/v1/core/teachers/" + std::to_string(id);
  const long long before = s().count("core_audit", "action = 'read'");
  ASSERT_EQ(get(path, "hr_officer").status, 200);
  EXPECT_EQ(reads("read", before + 1), before + 1);
  std::string entry = newest("read");
  EXPECT_NE(entry.find("hr_officer1 core.teachers"), std::string::npos) << entry;
  EXPECT_NE(entry.find("\"national_id\""), std::string::npos) << entry;
  EXPECT_NE(entry.find("\"ids\": [" + std::to_string(id) + "]"), std::string::npos) << entry;
  // Without the capability the value is not shown, and nothing is recorded.
  ASSERT_EQ(get(path, "school_admin").status, 200);
  ASSERT_EQ(get("/api/v1/core/teachers?home_school=XH0001", "school_admin").status, 200);
  // A list is one entry for the whole page, with the filter that chose it.
  ASSERT_EQ(get("/api/v1/core/teachers?home_school=XH0001&page_size=3", "hr_officer").status, 200);
  // Exactly one more: the school admin's two reads above left none.
  EXPECT_EQ(reads("read", before + 2), before + 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(s().count("core_audit", "action = 'read'"), before + 2);
  entry = newest("read");
  EXPECT_NE(entry.find("\"query\": {\"home_school\": \"XH0001\"}"), std::string::npos) << entry;
  EXPECT_NE(entry.find("\"count\": "), std::string::npos) << entry;
  // An export is one entry after its last row.
  const long long exports = s().count("core_audit", "action = 'export'");
  ASSERT_EQ(get("/api/v1/core/teachers/export?home_school=XH0002", "hr_officer").status, 200);
  EXPECT_EQ(s().count("core_audit", "action = 'export'"), exports + 1);
  EXPECT_NE(newest("export").find("\"home_school\": \"XH0002\""), std::string::npos);
  ASSERT_EQ(get("/api/v1/core/teachers/export", "school_admin").status, 200);
  EXPECT_EQ(s().count("core_audit", "action = 'export'"), exports + 1);
  // The chain still verifies with read entries in it.
  auto verify = s().cli({"audit", "verify"});
  EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
}

TEST_F(Http, CrudRoundTripIsAudited) {
  const std::string& t = s().token("hr_officer");
  auto created = s().request("POST", "/api/v1/core/teachers", t,
                             "{\"staff_no\": \"C1\", \"name\": \"张老师\", \"home_school\": "
                             "\"XH0003\", \"hire_date\": \"2015/9/1\", \"gender\": \"女\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  auto rec = json(created.body);
  long long id = rec->getValue<long long>("id");
  EXPECT_EQ(rec->getValue<std::string>("hire_date"), "2015-09-01");
  EXPECT_EQ(rec->getValue<std::string>("backbone_level"), "none");  // SQL default
  std::string path = "/api/v1/core/teachers/" + std::to_string(id);
  auto updated = s().request("PUT", path, t, "{\"title\": \"一级教师\", \"subject\": null}");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(json(updated.body)->getValue<std::string>("title"), "first");
  EXPECT_EQ(s().request("DELETE", path, t).status, 204);
  expectError(get(path), 404);
  // The deleted record's id is not given to the next one (the audit log names records by id).
  auto next = s().request("POST", "/api/v1/core/teachers", t,
                          "{\"staff_no\": \"C2\", \"name\": \"李老师\", \"home_school\": "
                          "\"XH0003\"}");
  ASSERT_EQ(next.status, 201) << next.body;
  long long nextId = json(next.body)->getValue<long long>("id");
  EXPECT_GT(nextId, id);
  EXPECT_EQ(s().request("DELETE", "/api/v1/core/teachers/" + std::to_string(nextId), t).status,
            204);
  // Filtered by user and action, and the chain verified, as the audit screen asks.
  auto deletes =
      json(get("/api/v1/audit?actor=hr_officer1&action=delete&record_type=core.teachers", "auditor")
               .body);
  EXPECT_GE(deletes->getValue<long long>("total"), 2);
  auto onlyDeletes = deletes->getArray("items");
  for (std::size_t i = 0; i < onlyDeletes->size(); ++i)
    EXPECT_EQ(onlyDeletes->getObject(static_cast<unsigned>(i))->getValue<std::string>("action"),
              "delete");
  auto verified = json(get("/api/v1/audit/verify", "auditor").body);
  EXPECT_TRUE(verified->getValue<bool>("ok"));
  EXPECT_GT(verified->getValue<long long>("rows"), 0);
  expectError(get("/api/v1/audit/verify", "school_admin"), 403);
  auto audit = json(get("/api/v1/audit?page_size=5", "auditor").body)->getArray("items");
  ASSERT_EQ(audit->size(), 5u);
  audit->remove(0);
  audit->remove(0);
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ(audit->getObject(0)->getValue<std::string>("action"), "delete");
  EXPECT_EQ(audit->getObject(1)->getValue<std::string>("action"), "update");
  EXPECT_EQ(audit->getObject(2)->getValue<std::string>("action"), "create");
  EXPECT_EQ(audit->getObject(2)->getValue<std::string>("actor"), "hr_officer1");
}

TEST_F(Http, ResponsesCarryRealReasonPhrasesAndSecurityHeaders) {
  auto raw = [&](const std::string& path, const std::string& token) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(s().port()));
    Poco::Net::HTTPRequest req("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) req.set("Authorization", "Bearer " + token);
    session.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), body);
    return resp;
  };
  auto missing = raw("/api/v1/no/such/thing", s().token("admin"));
  EXPECT_EQ(missing.getStatus(), 404);
  EXPECT_EQ(missing.getReason(), "Not Found");
  EXPECT_EQ(raw("/api/v1/core/teachers", "").getReason(), "Unauthorized");
  auto ok = raw("/api/v1/core/schools", s().token("admin"));
  EXPECT_EQ(ok.getReason(), "OK");
  for (const auto* r : {&missing, &ok}) {
    EXPECT_EQ(r->get("X-Content-Type-Options", ""), "nosniff");
    EXPECT_EQ(r->get("X-Frame-Options", ""), "DENY");
    EXPECT_EQ(r->get("Referrer-Policy", ""), "no-referrer");
    EXPECT_EQ(r->get("Cache-Control", ""), "no-store");
    EXPECT_NE(r->get("Content-Security-Policy", "").find("frame-ancestors 'none'"),
              std::string::npos);
  }
  auto redirect = raw("/", "");
  EXPECT_EQ(redirect.getStatus(), 302);
  EXPECT_EQ(redirect.getReason(), "Found");
  auto page = raw("/app/", "");
  EXPECT_EQ(page.getStatus(), 200);
  EXPECT_EQ(page.get("X-Frame-Options", ""), "DENY");
  EXPECT_EQ(page.get("X-Content-Type-Options", ""), "nosniff");
  EXPECT_NE(page.get("Content-Security-Policy", "").find("frame-ancestors 'none'"),
            std::string::npos);
}

TEST_F(Http, InvalidUtf8AndNulAreRefusedAndNeverEchoedOrStored) {
  const std::string before = std::to_string(s().count("core_teachers"));
  for (std::string path : {"/api/v1/core/teachers?q=%FF%FE", "/api/v1/core/teachers?name=a%00b",
                           "/api/v1/core/teachers/%FF", "/api/v1/core/teachers?%C3=x",
                           "/api/v1/core/teachers/export?format=csv&name=%ED%A0%80"}) {
    auto r = get(path, "hr_officer");
    expectError(r, 400);
    EXPECT_EQ(r.body.find('\xFF'), std::string::npos) << path;
    EXPECT_EQ(r.body.find('\xED'), std::string::npos) << path;
  }
  auto nul = s().request("POST", "/api/v1/core/teachers", s().token("hr_officer"),
                         "{\"staff_no\": \"N1\", \"name\": \"a\\u0000b\", \"home_school\": "
                         "\"XH0001\"}");
  expectError(nul, 422);
  EXPECT_NE(nul.body.find("name"), std::string::npos) << nul.body;
  EXPECT_NE(nul.body.find("NUL"), std::string::npos) << nul.body;
  auto badBody = s().request("POST", "/api/v1/core/teachers", s().token("hr_officer"),
                             "{\"staff_no\": \"N2\", \"name\": \"\xC3\x28\", \"home_school\": "
                             "\"XH0001\"}");
  EXPECT_EQ(badBody.status / 100, 4) << badBody.body;
  EXPECT_EQ(badBody.body.find("\xC3\x28"), std::string::npos);
  EXPECT_EQ(std::to_string(s().count("core_teachers")), before);
}

TEST_F(Http, NullForARequiredFieldIs422NamingTheField) {
  std::string staff = s().teacherAt("XH0002");
  std::string path = "/api/v1/core/teachers/" + std::to_string(s().idOf(staff));
  for (std::string field : {"status", "name", "home_school", "staff_no"}) {
    auto r = s().request("PUT", path, s().token("hr_officer"), "{\"" + field + "\": null}");
    expectError(r, 422);
    EXPECT_NE(r.body.find(field), std::string::npos) << field << ": " << r.body;
  }
  EXPECT_EQ(get(path, "hr_officer").status, 200);
}

TEST_F(Http, DisablingAUserOrChangingItsPasswordEndsItsSessions) {
  auto add = s().cli({"user", "add", "leaver1", "--role", "hr_officer"});
  ASSERT_EQ(add.exitCode, 0) << add.err;
  const std::string apiToken = add.out.substr(add.out.rfind("tdr_"), 68);
  {
    auto db = s().openDb();
    tdr::host::setPassword(*db, "leaver1", "the first long secret");
  }
  auto login = [&](const std::string& password) {
    return s().request("POST", "/api/v1/session", "",
                       "{\"login\": \"leaver1\", \"password\": \"" + password + "\"}");
  };
  auto first = login("the first long secret");
  ASSERT_EQ(first.status, 200) << first.body;
  std::string session1 = json(first.body)->getValue<std::string>("token");
  EXPECT_EQ(s().request("GET", "/api/v1/me", session1).status, 200);
  // A new password ends the web sessions opened with the old one.
  {
    auto db = s().openDb();
    tdr::host::setPassword(*db, "leaver1", "the second long secret");
  }
  // Changed by another process: every server drops its one-second memory of the token.
  const auto ttl = tdr::host::TokenCache::kTtl;
  s().passTime(ttl);
  expectError(s().request("GET", "/api/v1/me", session1), 401);
  expectError(login("the first long secret"), 401);
  auto second = login("the second long secret");
  ASSERT_EQ(second.status, 200) << second.body;
  std::string session2 = json(second.body)->getValue<std::string>("token");
  EXPECT_EQ(s().request("GET", "/api/v1/me", apiToken).status, 200);
  // Disabling ends everything: sessions, API tokens and password log-in.
  auto off = s().cli({"user", "disable", "leaver1"});
  ASSERT_EQ(off.exitCode, 0) << off.err;
  s().passTime(ttl);
  expectError(s().request("GET", "/api/v1/me", session2), 401);
  expectError(s().request("GET", "/api/v1/me", apiToken), 401);
  expectError(login("the second long secret"), 401);
  auto listed = s().cli({"user", "list"});
  EXPECT_NE(listed.out.find("leaver1"), std::string::npos);
  // Enabling lets the password in again; revoked tokens stay revoked.
  ASSERT_EQ(s().cli({"user", "enable", "leaver1"}).exitCode, 0);
  EXPECT_EQ(login("the second long secret").status, 200);
  expectError(s().request("GET", "/api/v1/me", apiToken), 401);
  EXPECT_NE(s().cli({"user", "disable", "nobody-here"}).exitCode, 0);
}

TEST_F(Http, IdleKeepAliveConnectionsDoNotStarveANewClient) {
  // As many idle keep-alive connections as the server has threads (a browser opens several).
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<Poco::Net::HTTPClientSession>(
        "127.0.0.1", static_cast<Poco::UInt16>(s().port())));
    idle.back()->setKeepAlive(true);
    Poco::Net::HTTPRequest req("GET", "/api/v1/health", Poco::Net::HTTPMessage::HTTP_1_1);
    idle.back()->sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::string body;
    Poco::StreamCopier::copyToString(idle.back()->receiveResponse(resp), body);
    ASSERT_EQ(resp.getStatus(), 200);
  }
  // A new client is served once an idle connection gives its thread back (2 s), long before
  // its own 6 s patience runs out (it once waited 10-15 s).
  EXPECT_EQ(healthWithin(s().port(), 6), 200);
}

TEST_F(Http, BeyondSixtyFourWaitingConnectionsNewOnesGet503WithRetryAfter) {
  // 100 clients connect at once: the 4 threads are taken and the rest wait in the queue. Then
  // all send a request: while 64 or more wait, a request is answered 503 + Retry-After at once
  // (not left to time out), and once the queue is shorter the rest are served.
  std::vector<Poco::Net::StreamSocket> clients;
  for (int i = 0; i < 100; ++i) {
    clients.emplace_back();
    clients.back().connect(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(s().port())));
  }
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  for (auto& c : clients) c.sendBytes(request.data(), static_cast<int>(request.size()));
  int busy = 0, served = 0, other = 0;
  bool retryAfter = true;
  for (auto& c : clients) {
    const std::string reply = readToClose(c);
    if (reply.rfind("HTTP/1.1 503", 0) == 0) {
      ++busy;
      retryAfter = retryAfter && reply.find("Retry-After: 1\r\n") != std::string::npos;
    } else if (reply.rfind("HTTP/1.1 200", 0) == 0) {
      ++served;
    } else {
      ++other;
    }
  }
  EXPECT_GT(busy, 0);
  EXPECT_TRUE(retryAfter);
  EXPECT_GT(served, 0);
  EXPECT_EQ(other, 0) << "every client got an answer";
  EXPECT_EQ(get("/api/v1/health").status, 200);
}

TEST_F(Http, SlowSendersAreAnswered408AndDoNotStarveOthers) {
  // Eight clients send a request head a few bytes at a time, each piece well within the 2 s
  // per-read timeout; with 4 threads they once held the server until they were done.
  auto connect = [&] {
    Poco::Net::StreamSocket c;
    c.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(s().port())));
    return c;
  };
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(connect());
    std::string start = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
    slow.back().sendBytes(start.data(), static_cast<int>(start.size()));
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (int round = 0; round < 24 && !done; ++round) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      for (auto& c : slow) try {
          c.sendBytes("X-Slow: 1\r\n", 11);
        } catch (const Poco::Exception&) {  // already cut off
        }
    }
  });
  // A normal client is served while they trickle (the busy head deadline is 3 s; its own
  // patience is 8 s).
  EXPECT_EQ(healthWithin(s().port(), 8), 200);
  // Each slow client is told why, with a 408 naming the limit (in Chinese: its head, with any
  // Accept-Language, never arrived).
  for (auto& c : slow) {
    const std::string reply = readToClose(c);
    EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply.substr(0, 120);
    EXPECT_NE(reply.find("请求头没有在 4 秒内"), std::string::npos) << reply;
  }
  done = true;
  trickle.join();

  // A body sent too slowly: 408 naming the body deadline (4 s + 1 s for 100 bytes).
  Poco::Net::StreamSocket c = connect();
  std::string head = "POST /api/v1/core/schools HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                     s().token("admin") +
                     "\r\nAccept-Language: en\r\nContent-Type: application/json\r\n"
                     "Content-Length: 100\r\n\r\n{";
  c.sendBytes(head.data(), static_cast<int>(head.size()));
  c.setReceiveTimeout(Poco::Timespan(0, 500000));
  std::string reply;
  for (int i = 0; i < 30 && reply.find("\r\n\r\n") == std::string::npos; ++i) {
    try {
      c.sendBytes(" ", 1);
    } catch (const Poco::Exception&) {
    }
    char buf[4096];
    try {
      int n = c.receiveBytes(buf, sizeof buf);
      if (n > 0) reply.append(buf, static_cast<std::size_t>(n));
    } catch (const Poco::TimeoutException&) {
    }
  }
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply.substr(0, 200);
  reply += readToClose(c);
  EXPECT_NE(reply.find("request_timeout"), std::string::npos) << reply;
  EXPECT_NE(reply.find("within 5 s"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Connection: Close"), std::string::npos) << reply;
  EXPECT_EQ(get("/api/v1/health").status, 200);
}

TEST_F(Http, AnExportThatFailsAfterItsRowsIsABrokenTransferNotACompleteFile) {
  // The export's audit entry (HR sees national IDs) is refused by the database once the rows
  // are out, as a full disk would: the client must not get what looks like a whole file.
  auto db = s().openDb();
  if (tdr::test::onPostgres()) {
    *db << "CREATE FUNCTION refuse_export() RETURNS trigger AS $$ BEGIN "
           "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql";
    *db << "CREATE TRIGGER refuse_export BEFORE INSERT ON core_audit FOR EACH ROW "
           "WHEN (NEW.action = 'export') EXECUTE FUNCTION refuse_export()";
  } else {
    *db << "CREATE TRIGGER refuse_export BEFORE INSERT ON core_audit "
           "WHEN NEW.action = 'export' BEGIN SELECT RAISE(ABORT, 'refused'); END";
  }
  Poco::Net::StreamSocket c;
  c.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(s().port())));
  const std::string request =
      "GET /api/v1/core/teachers/export HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      s().token("hr_officer") + "\r\nConnection: close\r\n\r\n";
  c.sendBytes(request.data(), static_cast<int>(request.size()));
  const std::string reply = readToClose(c);
  *db << "DROP TRIGGER refuse_export" +
             std::string(tdr::test::onPostgres() ? " ON core_audit" : "");
  if (tdr::test::onPostgres()) *db << "DROP FUNCTION refuse_export()";
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply.substr(0, 200);
  EXPECT_NE(reply.find("staff_no"), std::string::npos) << "rows were streamed";
  const std::string lastChunk = "\r\n0\r\n\r\n";
  EXPECT_FALSE(reply.size() >= lastChunk.size() &&
               reply.compare(reply.size() - lastChunk.size(), lastChunk.size(), lastChunk) == 0)
      << "the transfer must not end like a complete one: "
      << reply.substr(reply.size() > 300 ? reply.size() - 300 : 0);
  EXPECT_EQ(reply.find("\"error\""), std::string::npos) << "no error JSON inside the CSV";
  EXPECT_EQ(get("/api/v1/health").status, 200);
}

TEST_F(Http, MetricsCountRequestsByRouteTemplateWithNoPeopleInTheLabels) {
  long long id = s().idOf(s().teacherAt("XH0001"));
  ASSERT_EQ(get("/api/v1/core/teachers/" + std::to_string(id), "hr_officer").status, 200);
  ASSERT_EQ(get("/api/v1/teachers/T0000200/portfolio", "hr_officer").status, 200);
  expectError(get("/api/v1/core/teachers/999999999", "hr_officer"), 404);
  auto m = s().request("GET", "/metrics");  // no token: nothing in it is about a person
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.headers["Content-Type"].rfind("text/plain; version=0.0.4", 0), 0u);
  for (const char* want :
       {"tdr_http_requests_total{route=\"/api/v1/core/teachers/"
        "{id}\",method=\"GET\",status=\"200\"}",
        "tdr_http_requests_total{route=\"/api/v1/core/teachers/"
        "{id}\",method=\"GET\",status=\"404\"}",
        "route=\"/api/v1/teachers/{staff_no}/portfolio\"",
        "tdr_http_request_duration_seconds_bucket{route=\"/api/v1/core/teachers/"
        "{id}\",le=\"+Inf\"}",
        "tdr_http_request_duration_seconds_count{", "tdr_http_requests_in_flight 0",
        "tdr_db_pool_sessions 6", "tdr_plugins{state=\"loaded\"}", "tdr_audit_entries "})
    EXPECT_NE(m.body.find(want), std::string::npos) << want << "\n" << m.body;
  EXPECT_EQ(m.body.find("T0000200"), std::string::npos) << "no staff number in a label";
  EXPECT_EQ(m.body.find("/api/v1/core/teachers/" + std::to_string(id)), std::string::npos)
      << "no record id in a label";
  EXPECT_EQ(s().request("POST", "/metrics").status, 405);
}

TEST_F(Http, AnUploadWhoseJobCannotBeRecordedLeavesNoFileBehind) {
  // The database refuses the job's row (as a full disk would): the upload already written to
  // the temporary directory must go with it.
  tdr::test::TempDir tmp;
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  setenv("TMPDIR", tmp.path().c_str(), 1);
  auto db = s().openDb();
  if (tdr::test::onPostgres()) {
    *db << "CREATE FUNCTION refuse_job() RETURNS trigger AS $$ BEGIN "
           "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql";
    *db << "CREATE TRIGGER refuse_job BEFORE INSERT ON core_jobs FOR EACH ROW "
           "EXECUTE FUNCTION refuse_job()";
  } else {
    *db << "CREATE TRIGGER refuse_job BEFORE INSERT ON core_jobs "
           "BEGIN SELECT RAISE(ABORT, 'refused'); END";
  }
  auto job = s().request("POST", "/api/v1/core/schools/import", s().token("admin"),
                         "代码,名称\nXX01,某校\n", "text/csv");
  *db << "DROP TRIGGER refuse_job" + std::string(tdr::test::onPostgres() ? " ON core_jobs" : "");
  if (tdr::test::onPostgres()) *db << "DROP FUNCTION refuse_job()";
  if (before)
    setenv("TMPDIR", saved.c_str(), 1);
  else
    unsetenv("TMPDIR");
  EXPECT_EQ(job.status, 500) << job.body;
  std::size_t left = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path()))
    left += e.path().extension() == ".upload";
  EXPECT_EQ(left, 0u) << "the upload is removed when its job cannot be recorded";
}

TEST_F(Http, ImportJobReportsProgressAndRows) {
  const std::string& t = s().token("hr_officer");
  std::string csv = "工号,姓名,所在学校\n";
  for (int i = 0; i < 300; ++i)
    csv += "J" + std::to_string(i) + ",导入" + std::to_string(i) + ",XH0004\n";
  csv += "J1,重复,XH0004\n";
  auto job = s().request("POST", "/api/v1/core/teachers/import?partial=true", t, csv, "text/csv");
  ASSERT_EQ(job.status, 202) << job.body;
  std::string url = json(job.body)->getObject("job")->getValue<std::string>("url");
  Poco::JSON::Object::Ptr status;
  for (int i = 0; i < 200; ++i) {
    status = json(s().request("GET", url, t).body);
    std::string st = status->getValue<std::string>("status");
    if (st != "queued" && st != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status->getValue<std::string>("status"), "done");
  auto report = status->getObject("report");
  EXPECT_EQ(report->getValue<long long>("inserted"), 300);
  EXPECT_EQ(report->getValue<long long>("rejected"), 1);
  auto errors = report->getArray("errors");
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ(errors->getObject(0)->getValue<long long>("line"), 302);
  // Another user cannot see the job.
  expectError(s().request("GET", url, s().token("school_admin")), 404);
  EXPECT_EQ(status->getValue<long long>("percent"), 100) << "a finished job has read its file";
  // The import history: the user's own jobs, newest first, with the file's name.
  auto history = s().request("GET", "/api/v1/jobs", t);
  ASSERT_EQ(history.status, 200) << history.body;
  auto items = json(history.body)->getArray("items");
  ASSERT_GE(items->size(), 1u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("target"), "core.teachers");
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("status"), "done");
  auto others = json(s().request("GET", "/api/v1/jobs", s().token("school_admin")).body);
  for (std::size_t i = 0; i < others->getArray("items")->size(); ++i)
    EXPECT_EQ(others->getArray("items")
                  ->getObject(static_cast<unsigned>(i))
                  ->getValue<std::string>("created_by"),
              "sa1")
        << "another user's jobs are not listed";
}

TEST_F(Http, PortfolioReportsAndActions) {
  std::string staff = s().teacherAt("XH0001");
  auto note =
      s().request("POST", "/api/v1/notes/notes", s().token("hr_officer"),
                  "{\"teacher\": \"" + staff + "\", \"title\": \"公开课\", \"hours\": 2.5}");
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_NE(note.body.find("\"hours\": 2.5"), std::string::npos) << note.body;
  auto p = json(get("/api/v1/teachers/" + staff + "/portfolio", "hr_officer").body);
  EXPECT_EQ(p->getObject("teacher")->getValue<std::string>("staff_no"), staff);
  auto sections = p->getArray("sections");
  ASSERT_GE(sections->size(), 1u);
  bool found = false;
  for (std::size_t i = 0; i < sections->size(); ++i) {
    if (sections->getObject(i)->getValue<std::string>("plugin") == "notes") {
      found = true;
      EXPECT_GE(sections->getObject(i)->getObject("data")->getValue<long long>("notes"), 1);
    }
  }
  EXPECT_TRUE(found);
  // Without the plugin's capability the section is left out, the core record stays.
  auto sa = json(get("/api/v1/teachers/" + staff + "/portfolio", "school_admin").body);
  EXPECT_EQ(sa->getArray("sections")->size(), 0u);
  // A teacher sees their own portfolio only.
  EXPECT_EQ(get("/api/v1/teachers/T0000200/portfolio", "teacher").status, 200);
  expectError(get("/api/v1/teachers/" + staff + "/portfolio", "teacher"), 404);

  auto report = json(get("/api/v1/notes/reports/summary", "hr_officer").body);
  EXPECT_EQ(report->getArray("columns")->getElement<std::string>(0), "notes");
  auto csv = get("/api/v1/notes/reports/summary?format=csv", "hr_officer");
  EXPECT_NE(csv.body.find("notes,hours_x10"), std::string::npos);
  auto action = s().request("POST", "/api/v1/notes/actions/count", s().token("hr_officer"), "");
  EXPECT_EQ(action.status, 200) << action.body;
  EXPECT_EQ(json(action.body)->getValue<std::string>("dialect"),
            tdr::test::onPostgres() ? "postgresql" : "sqlite");
}

TEST_F(Http, PluginThatThrowsIs500WithRequestIdAndServerGoesOn) {
  auto r = s().request("POST", "/api/v1/notes/actions/explode", s().token("admin"), "{}");
  expectError(r, 500, "internal");
  EXPECT_EQ(r.body.find("on purpose"), std::string::npos) << "no internals in the response";
  EXPECT_EQ(s().request("GET", "/api/v1/health").status, 200);
}

TEST_F(Http, OpenApiDescribesEveryRecordType) {
  auto r = s().request("GET", "/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = json(r.body);
  EXPECT_EQ(doc->getValue<std::string>("openapi"), "3.0.3");
  auto paths = doc->getObject("paths");
  for (const char* p :
       {"/api/v1/core/teachers", "/api/v1/core/teachers/{id}", "/api/v1/core/teachers/import",
        "/api/v1/notes/notes", "/api/v1/notes/reports/summary", "/api/v1/notes/actions/count"}) {
    EXPECT_TRUE(paths->has(p)) << p;
  }
  EXPECT_TRUE(doc->getObject("components")->getObject("schemas")->has("core.teachers"));
}

TEST_F(Http, StalledClientIsCutOffByTheRequestTimeout) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", s().port()));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  std::string partial = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";  // never finished
  socket.sendBytes(partial.data(), static_cast<int>(partial.size()));
  auto start = std::chrono::steady_clock::now();
  char buf[512];
  int n = 0;
  try {
    while ((n = socket.receiveBytes(buf, sizeof buf)) > 0) {
    }
  } catch (const Poco::Exception&) {
    n = -1;
  }
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::seconds(8)) << "the server should drop the stalled connection";
  EXPECT_EQ(s().request("GET", "/api/v1/health").status, 200);
}

// ---- the bad-input corpus: each gets its 4xx and leaves the database unchanged ----

struct BadInput {
  std::string name;
  std::string method;
  std::string path;
  std::string body;
  int status;
  std::string role = "hr_officer";
  std::string contentType = "application/json";
  std::map<std::string, std::string> headers = {};
};

std::string deep(int levels) {
  return std::string(static_cast<std::size_t>(levels), '[') +
         std::string(static_cast<std::size_t>(levels), ']');
}

TEST_F(Http, BadInputCorpusGets4xxAndChangesNothing) {
  std::string staff = s().teacherAt("XH0001");
  std::string other = s().teacherAt("XH0002");
  std::string tp = "/api/v1/core/teachers";
  std::string one = tp + "/" + std::to_string(s().idOf(staff));
  std::string valid = "\"staff_no\": \"B1\", \"name\": \"坏\", \"home_school\": \"XH0001\"";
  std::vector<BadInput> corpus = {
      {"malformed json", "POST", tp, "{", 400},
      {"array body", "POST", tp, "[]", 400},
      {"string body", "POST", tp, "\"x\"", 400},
      {"number body", "POST", tp, "42", 400},
      {"invalid utf-8", "POST", tp, "{\"name\": \"\xff\xfe\"}", 400},
      {"too deep", "POST", tp, "{\"a\": " + deep(100) + "}", 400},
      {"trailing garbage", "POST", tp, "{" + valid + "} x", 400},
      {"unknown field", "POST", tp, "{" + valid + ", \"shoe_size\": 42}", 422},
      {"object value", "POST", tp,
       "{\"staff_no\": {\"a\": 1}, \"name\": \"x\", \"home_school\": \"XH0001\"}", 422},
      {"array value", "POST", tp,
       "{\"staff_no\": \"B1\", \"name\": [\"x\"], \"home_school\": \"XH0001\"}", 422},
      {"missing required", "POST", tp, "{\"staff_no\": \"B1\"}", 422},
      {"null required", "POST", tp,
       "{\"staff_no\": \"B1\", \"name\": null, \"home_school\": \"XH0001\"}", 422},
      {"bad date", "POST", tp, "{" + valid + ", \"birth_date\": \"1990-02-30\"}", 422},
      {"bad choice", "POST", tp, "{" + valid + ", \"gender\": \"X\"}", 422},
      {"unknown school", "POST", tp,
       "{\"staff_no\": \"B1\", \"name\": \"x\", \"home_school\": \"XH9999\"}", 422},
      {"duplicate staff_no", "POST", tp,
       "{\"staff_no\": \"" + staff + "\", \"name\": \"x\", \"home_school\": \"XH0001\"}", 409},
      {"bad national id", "POST", tp, "{" + valid + ", \"national_id\": \"110105194912310021\"}",
       422},
      {"masked national id on create", "POST", tp,
       "{" + valid + ", \"national_id\": \"**************1234\"}", 422},
      {"name too long", "POST", tp,
       "{\"staff_no\": \"B1\", \"name\": \"" + std::string(60, 'x') +
           "\", \"home_school\": \"XH0001\"}",
       422},
      {"future hire date", "POST", tp, "{" + valid + ", \"hire_date\": \"2099-01-01\"}", 422},
      {"declared length over limit",
       "POST",
       tp,
       "{}",
       413,
       "hr_officer",
       "application/json",
       {{"Content-Length", "99999999"}}},
      {"no such id", "GET", tp + "/999999", "", 404},
      {"non-numeric id", "GET", tp + "/abc", "", 404},
      {"negative id", "GET", tp + "/-1", "", 404},
      {"update missing", "PUT", tp + "/999999", "{\"name\": \"x\"}", 404},
      {"delete missing", "DELETE", tp + "/999999", "", 404},
      {"delete referenced school", "DELETE", "/api/v1/core/schools/1", "", 409, "admin"},
      {"unknown record type", "GET", "/api/v1/core/pupils", "", 404},
      {"unknown plugin", "GET", "/api/v1/nope/things", "", 404},
      {"unknown version", "GET", "/api/v2/core/teachers", "", 404},
      {"too many segments", "GET", tp + "/1/2/3", "", 404},
      {"patch not allowed", "PATCH", one, "{}", 405},
      {"post on item", "POST", one, "{}", 405},
      {"page zero", "GET", tp + "?page=0", "", 400},
      {"page not a number", "GET", tp + "?page=abc", "", 400},
      {"page size too big", "GET", tp + "?page_size=100000", "", 422},
      {"unknown filter", "GET", tp + "?shoe=1", "", 422},
      {"bad filter value", "GET", tp + "?hire_date=yesterday", "", 422},
      {"bad sort", "GET", tp + "?sort=-shoe", "", 422},
      {"bad percent encoding", "GET", tp + "?name=%zz", "", 400},
      {"update unknown field", "PUT", one, "{\"hours\": 3}", 422},
      {"update to taken staff_no", "PUT", one, "{\"staff_no\": \"" + other + "\"}", 409},
      {"update bad type", "PUT", one, "{\"hire_date\": true}", 422},
      {"plugin record bad hours", "POST", "/api/v1/notes/notes",
       "{\"teacher\": \"" + staff + "\", \"title\": \"t\", \"hours\": 2.55}", 422},
      {"plugin record unknown teacher", "POST", "/api/v1/notes/notes",
       "{\"teacher\": \"NOBODY\", \"title\": \"t\"}", 422},
      {"unknown action", "POST", "/api/v1/notes/actions/nothing", "{}", 404},
      {"action malformed body", "POST", "/api/v1/notes/actions/count", "{\"a\":", 400},
      {"unknown report", "GET", "/api/v1/notes/reports/nothing", "", 404},
      {"report bad format", "GET", "/api/v1/notes/reports/summary?format=xml", "", 400},
      {"unknown job", "GET", "/api/v1/jobs/999999", "", 404},
      {"job id not a number", "GET", "/api/v1/jobs/abc", "", 404},
      {"import empty body", "POST", tp + "/import", "", 400, "hr_officer", "text/csv"},
      {"import bad flag", "POST", tp + "/import?dry_run=maybe", "a,b\n", 400, "hr_officer",
       "text/csv"},
      {"import unknown parameter", "POST", tp + "/import?fast=1", "a,b\n", 400, "hr_officer",
       "text/csv"},
      {"export bad format", "GET", tp + "/export?format=xml", "", 400},
      {"export unknown field", "GET", tp + "/export?shoe=1", "", 422},
      {"portfolio unknown teacher", "GET", "/api/v1/teachers/NOBODY/portfolio", "", 404},
      {"audit bad page size", "GET", "/api/v1/audit?page_size=x", "", 400, "auditor"},
      {"audit unknown parameter", "GET", "/api/v1/audit?who=x", "", 400, "auditor"},
  };
  ASSERT_GE(corpus.size(), 40u);
  auto fingerprint = [&] {
    return std::to_string(s().count("core_teachers")) + "/" +
           std::to_string(s().count("core_schools")) + "/" +
           std::to_string(s().count("notes_notes")) + "/" +
           std::to_string(s().count("core_audit")) + "/" +
           std::to_string(s().count("core_teachers", "subject IS NULL")) + "/" +
           std::to_string(s().count("core_jobs"));
  };
  for (const auto& c : corpus) {
    std::string before = fingerprint();
    HttpResponse r =
        s().request(c.method, c.path, s().token(c.role), c.body, c.contentType, c.headers);
    SCOPED_TRACE(c.name);
    expectError(r, c.status);
    EXPECT_EQ(fingerprint(), before) << c.name << " changed the database";
  }
}

TEST_F(Http, BodyOverTheLimitIs413EvenWhileTheClientIsStillSending) {
  // A raw socket: the server answers before the client has sent the whole body.
  std::string before = std::to_string(s().count("core_teachers"));
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", s().port()));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  std::string body = "{\"name\": \"" + std::string(1100000, 'x') + "\"}";
  std::string head = "POST /api/v1/core/teachers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                     s().token("hr_officer") + "\r\nContent-Type: application/json\r\n" +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  socket.sendBytes(head.data(), static_cast<int>(head.size()));
  try {
    for (std::size_t sent = 0; sent < body.size(); sent += 65536)
      socket.sendBytes(body.data() + sent,
                       static_cast<int>(std::min<std::size_t>(65536, body.size() - sent)));
  } catch (const Poco::Exception&) {  // the server may close before the body is sent
  }
  const std::string response = readToClose(socket);
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response.substr(0, 200);
  EXPECT_NE(response.find("payload_too_large"), std::string::npos);
  EXPECT_EQ(std::to_string(s().count("core_teachers")), before);
}

// Two `tdr serve` processes on one database: nothing that must be shared lives in a process.
class TwoServers : public ::testing::Test {
 protected:
  // A server process, stopped (SIGTERM) at scope end even when an assertion fails.
  struct Server {
    Poco::ProcessHandle handle;
    int port;
    bool stopped = false;
    int stop() {
      stopped = true;
      Poco::Process::requestTermination(handle.id());
      return handle.wait();
    }
    ~Server() {
      if (!stopped) stop();
    }
  };
  Server start(const Poco::Process::Env& env = {}) {
    Poco::Pipe out;
    std::vector<std::string> args{"--db",      url_,     "--plugins=" + tdr::test::noPluginsDir(),
                                  "serve",     "--port", "0",
                                  "--threads", "4"};
    Poco::ProcessHandle ph =
        Poco::Process::launch(TDR_BINARY_FOR_TESTS, args, "", nullptr, &out, nullptr, env);
    Poco::PipeInputStream in(out);
    std::string line;
    std::getline(in, line);
    auto at = line.find("127.0.0.1:");
    return {ph, at == std::string::npos ? 0 : std::atoi(line.c_str() + at + 10)};
  }
  tdr::test::HttpResponse call(int port, const std::string& method, const std::string& path,
                               const std::string& body = "",
                               const std::string& type = "application/json") {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + token_);
    req.setContentType(type);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    tdr::test::HttpResponse r;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), r.body);
    r.status = resp.getStatus();
    for (const auto& [name, value] : resp) r.headers[name] = value;
    return r;
  }
  void SetUp() override {
    url_ = dir_.dbUrl();
    std::string plugins = "--plugins=" + tdr::test::noPluginsDir();
    ASSERT_EQ(tdr::test::runTdr({"--db", url_, plugins, "demo", "--teachers", "100"}).exitCode, 0);
    auto add =
        tdr::test::runTdr({"--db", url_, plugins, "user", "add", "hr", "--role", "hr_officer"});
    token_ = add.out.substr(add.out.rfind("tdr_"), 68);
  }
  tdr::test::TempDir dir_;
  std::string url_;
  std::string token_;
};

TEST_F(TwoServers, EveryRequestAndJobIsOneLogLineWithItsRequestIdAndUser) {
  Poco::Pipe out, err;
  std::vector<std::string> args{"--db",      url_,     "--plugins=" + tdr::test::noPluginsDir(),
                                "serve",     "--port", "0",
                                "--threads", "2",      "--log-format",
                                "json"};
  Poco::ProcessHandle ph =
      Poco::Process::launch(TDR_BINARY_FOR_TESTS, args, "", nullptr, &out, &err);
  std::string log;
  std::thread drain([&] {  // read stderr while the server runs, so it never blocks on it
    Poco::PipeInputStream in(err);
    Poco::StreamCopier::copyToString(in, log);
  });
  Poco::PipeInputStream in(out);
  std::string line;
  std::getline(in, line);
  const int port = std::atoi(line.c_str() + line.find("127.0.0.1:") + 10);
  auto listed = call(port, "GET", "/api/v1/core/teachers?page_size=2");
  ASSERT_EQ(listed.status, 200);
  const std::string id = listed.headers["X-Request-Id"];
  ASSERT_EQ(id.size(), 16u);
  auto missing = call(port, "GET", "/api/v1/core/teachers/999999");
  EXPECT_EQ(missing.status, 404);
  auto job = call(port, "POST", "/api/v1/core/teachers/import?dry_run=true",
                  "staff_no,name,home_school\nLOG1,日志,XH0001\n", "text/csv");
  ASSERT_EQ(job.status, 202);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Poco::Process::requestTermination(ph.id());
  ph.wait();
  drain.join();
  std::string entry;
  std::stringstream lines(log);
  for (std::string l; std::getline(lines, l);)
    if (l.find(id) != std::string::npos) entry = l;
  EXPECT_NE(entry.find("\"user\": \"hr\""), std::string::npos) << log;
  EXPECT_NE(
      entry.find("\"method\": \"GET\", \"route\": \"/api/v1/core/teachers\", \"status\": 200"),
      std::string::npos)
      << entry;
  EXPECT_NE(log.find("\"route\": \"/api/v1/core/teachers/{id}\", \"status\": 404"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("import core.teachers (dry run) done 1 rows"), std::string::npos) << log;
}

TEST_F(TwoServers, BackupWhileServingAndWritingIsConsistentAndRestoreWaitsForTheServer) {
  const std::string plugins = "--plugins=" + tdr::test::noPluginsDir();
  const std::string copy = dir_.file("backup.db");
  if (tdr::test::onPostgres()) {
    auto r = tdr::test::runTdr({"--db", url_, plugins, "backup", "--out", copy}, {"TDR_LANG=en"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("pg_dump --format=custom"), std::string::npos) << r.err;
    return;
  }
  Server a = start();
  auto teachers = [&](const std::string& db) {
    soci::session s(soci::sqlite3, "db=" + db);
    long long n = 0;
    s << "SELECT COUNT(*) FROM core_teachers", soci::into(n);
    return n;
  };
  const std::string dbFile = url_.substr(std::string("sqlite:").size());
  const long long before = teachers(dbFile);
  // Imports of 40 teachers each run through the server while the backup is taken.
  std::atomic<bool> stop{false};
  std::string writerProblem;  // a thread must not throw: what went wrong, checked after join
  std::thread writer([&] {
    try {
      for (int batch = 0; batch < 8 && !stop; ++batch) {
        std::string csv = "staff_no,name,home_school\n";
        for (int i = 0; i < 40; ++i)
          csv += "BK" + std::to_string(batch) + "-" + std::to_string(i) + ",备份,XH0001\n";
        auto job = call(a.port, "POST", "/api/v1/core/teachers/import", csv, "text/csv");
        if (job.status != 202) {
          writerProblem = "import not accepted: " + std::to_string(job.status) + " " + job.body;
          return;
        }
        std::string url = json(job.body)->getObject("job")->getValue<std::string>("url");
        for (int i = 0; i < 200; ++i) {
          auto st = call(a.port, "GET", url);
          if (st.body.find("\"done\"") != std::string::npos ||
              st.body.find("\"failed\"") != std::string::npos)
            break;
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      }
    } catch (const std::exception& e) {
      writerProblem = e.what();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  auto backup =
      tdr::test::runTdr({"--db", url_, plugins, "backup", "--out", copy}, {"TDR_LANG=en"});
  stop = true;
  writer.join();
  EXPECT_EQ(writerProblem, "");
  ASSERT_EQ(backup.exitCode, 0) << backup.out << backup.err;
  EXPECT_NE(backup.out.find("integrity check passed"), std::string::npos) << backup.out;
  EXPECT_NE(backup.out.find(".idkey"), std::string::npos) << "the key is to be backed up apart";
  EXPECT_EQ(std::filesystem::status(copy).permissions() & std::filesystem::perms::group_read,
            std::filesystem::perms::none);
  // The copy is one moment of the database: whole imports only, and its audit chain holds.
  const long long copied = teachers(copy);
  EXPECT_EQ((copied - before) % 40, 0) << copied;
  auto verify = tdr::test::runTdr({"--db", "sqlite:" + copy, plugins, "audit", "verify"});
  EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
  // A second backup to the same name is refused; restore waits for the server to stop.
  EXPECT_EQ(tdr::test::runTdr({"--db", url_, plugins, "backup", "--out", copy}).exitCode, 1);
  auto busy =
      tdr::test::runTdr({"--db", url_, plugins, "restore", "--from", copy}, {"TDR_LANG=en"});
  EXPECT_EQ(busy.exitCode, 1);
  EXPECT_NE(busy.err.find("a server has the database"), std::string::npos) << busy.err;
  EXPECT_EQ(a.stop(), 0);
  auto restored = tdr::test::runTdr({"--db", url_, plugins, "restore", "--from", copy});
  EXPECT_EQ(restored.exitCode, 0) << restored.err;
  EXPECT_EQ(teachers(dbFile), copied);
  // A file that is no database is refused and the database stays.
  tdr::test::writeFile(dir_.file("junk.db"), "not a database");
  auto junk = tdr::test::runTdr({"--db", url_, plugins, "restore", "--from", dir_.file("junk.db")},
                                {"TDR_LANG=en"});
  EXPECT_EQ(junk.exitCode, 1);
  EXPECT_EQ(teachers(dbFile), copied);
}

TEST_F(TwoServers, WritesThroughOneAreSeenThroughTheOtherAndConcurrentImportsAreExact) {
  Server a = start(), b = start();
  ASSERT_GT(a.port, 0);
  ASSERT_GT(b.port, 0);
  auto created = call(a.port, "POST", "/api/v1/core/teachers",
                      "{\"staff_no\": \"W1\", \"name\": \"甲\", \"home_school\": \"XH0001\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = std::to_string(json(created.body)->getValue<long long>("id"));
  auto seen = call(b.port, "GET", "/api/v1/core/teachers/" + id);
  EXPECT_EQ(seen.status, 200) << seen.body;
  EXPECT_NE(seen.body.find("\"W1\""), std::string::npos);

  auto csv = [](const std::string& prefix) {
    std::string s = "staff_no,name,home_school\n";
    for (int i = 0; i < 2000; ++i)
      s += prefix + std::to_string(i) + ",并发,XH000" + std::to_string(i % 5 + 1) + "\n";
    return s;
  };
  auto jobA = call(a.port, "POST", "/api/v1/core/teachers/import", csv("A"), "text/csv");
  auto jobB = call(b.port, "POST", "/api/v1/core/teachers/import", csv("B"), "text/csv");
  ASSERT_EQ(jobA.status, 202) << jobA.body;
  ASSERT_EQ(jobB.status, 202) << jobB.body;
  std::string urlA = json(jobA.body)->getObject("job")->getValue<std::string>("url");
  std::string urlB = json(jobB.body)->getObject("job")->getValue<std::string>("url");
  auto waitDone = [&](int port, const std::string& url) {
    std::string status;
    for (int i = 0; i < 500; ++i) {
      status = json(call(port, "GET", url).body)->getValue<std::string>("status");
      if (status != "queued" && status != "running") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return status;
  };
  // Each job is read through the other server: jobs live in the database.
  EXPECT_EQ(waitDone(b.port, urlA), "done");
  EXPECT_EQ(waitDone(a.port, urlB), "done");
  auto countA = json(call(b.port, "GET", "/api/v1/core/teachers?page_size=1&sort=staff_no").body);
  EXPECT_EQ(countA->getValue<long long>("total"), 100 + 1 + 4000);
  EXPECT_EQ(a.stop(), 0);
  EXPECT_EQ(b.stop(), 0);
  auto verify = tdr::test::runTdr(
      {"--db", url_, "--plugins=" + tdr::test::noPluginsDir(), "audit", "verify"});
  EXPECT_EQ(verify.exitCode, 0) << verify.err;
}

TEST_F(TwoServers, TheLogInThrottleIsSharedByEveryServer) {
  {
    auto db = dir_.openDb();
    tdr::host::setPassword(*db, "hr", "the right long password");
  }
  Server a = start(), b = start();
  auto login = [&](int port, const std::string& password) {
    return call(port, "POST", "/api/v1/session",
                "{\"login\": \"hr\", \"password\": \"" + password + "\"}");
  };
  for (int i = 0; i < tdr::host::LoginThrottle::kMaxFailures; ++i)
    EXPECT_EQ(login(i % 2 ? a.port : b.port, "guess " + std::to_string(i)).status, 401);
  EXPECT_EQ(login(a.port, "the right long password").status, 429);
  EXPECT_EQ(login(b.port, "the right long password").status, 429);
}

TEST_F(TwoServers, LockWaitsBecome503WithRetryAfterAndACliRetryMessage) {
  Server a = start({{"TDR_LOCK_TIMEOUT_MS", "300"}});
  auto id = json(call(a.port, "GET", "/api/v1/core/teachers?page_size=1").body)
                ->getArray("items")
                ->getObject(0)
                ->getValue<long long>("id");
  // HR's list showed national IDs: its audit entry is written just after the answer.
  auto readEntries = [&](long long want) {
    long long n = 0;
    for (int i = 0; i < 200; ++i) {
      auto db = dir_.openDb();
      *db << "SELECT COUNT(*) FROM core_audit WHERE action = 'read'", soci::into(n);
      if (n >= want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return n;
  };
  ASSERT_EQ(readEntries(1), 1);
  {
    // Another writer holds the lock (a long import in another process, say).
    auto db = dir_.openDb();
    if (tdr::test::onPostgres()) {
      *db << "BEGIN";
      *db << "LOCK TABLE core_teachers IN EXCLUSIVE MODE";
    } else {
      *db << "BEGIN IMMEDIATE";
    }
    auto busy = call(a.port, "PUT", "/api/v1/core/teachers/" + std::to_string(id),
                     "{\"subject\": \"物理\"}");
    EXPECT_EQ(busy.status, 503) << busy.body;
    EXPECT_EQ(busy.headers["Retry-After"], "2");
    EXPECT_NE(busy.body.find("数据库正忙"), std::string::npos) << busy.body;
    // Reads go on, also one that shows sensitive fields (HR sees national IDs): its audit
    // entry waits in the queue until the lock is free.
    EXPECT_EQ(call(a.port, "GET", "/api/v1/core/schools?page_size=5").status, 200);
    EXPECT_EQ(call(a.port, "GET", "/api/v1/core/teachers/" + std::to_string(id)).status, 200);
    std::string f = dir_.file("more.csv");
    tdr::test::writeFile(f, "staff_no,name,home_school\nLK1,锁,XH0001\n");
    auto cli = tdr::test::runTdr(
        {"--db", url_, "--plugins=" + tdr::test::noPluginsDir(), "import", "core.teachers", f},
        {"TDR_LOCK_TIMEOUT_MS=300", "TDR_LANG=en"});
    EXPECT_EQ(cli.exitCode, 75) << cli.out << cli.err;
    EXPECT_NE(cli.err.find("busy"), std::string::npos) << cli.err;
    EXPECT_EQ(cli.err.find("sqlite3_statement_backend"), std::string::npos) << cli.err;
    *db << "ROLLBACK";
  }
  auto after =
      call(a.port, "PUT", "/api/v1/core/teachers/" + std::to_string(id), "{\"subject\": \"物理\"}");
  EXPECT_EQ(after.status, 200) << after.body;
  // The read's audit entry, held back by the lock, is written once the lock is free.
  EXPECT_EQ(readEntries(2), 2);
}

TEST_F(TwoServers, JobsOfADeadServerAreFailedOnStartAndTheirUploadsRemoved) {
  char host[256] = {0};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  std::string upload = dir_.file("orphan-upload.csv");
  tdr::test::writeFile(upload, "staff_no,name\n");
  {
    auto db = dir_.openDb();
    // A server killed with -9 while running a job (no process has pid 99999999), one of a
    // release that did not record its process, and one running on another machine.
    std::string dead = std::string(host) + ":99999999";
    *db << "INSERT INTO core_jobs (kind, target, status, created_by, created_at, updated_at, "
           "upload, owner) VALUES ('import', 'core.teachers', 'running', 'hr', "
           "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', :u, :o)",
        soci::use(upload), soci::use(dead);
    *db << "INSERT INTO core_jobs (kind, target, status, created_by, created_at, updated_at) "
           "VALUES ('import', 'core.teachers', 'queued', 'hr', '2026-01-01T00:00:00Z', "
           "'2026-01-01T00:00:00Z')";
    *db << "INSERT INTO core_jobs (kind, target, status, created_by, created_at, updated_at, "
           "owner) VALUES ('import', 'core.teachers', 'running', 'hr', '2026-01-01T00:00:00Z', "
           "'2026-01-01T00:00:00Z', 'another-machine.example:1')";
  }
  Server a = start();
  std::map<std::string, int> byStatus;
  auto db = dir_.openDb();
  soci::rowset<soci::row> rows =
      (db->prepare << "SELECT status, owner, result FROM core_jobs ORDER BY id");
  for (const auto& r : rows) {
    std::string status = r.get<std::string>(0);
    ++byStatus[status];
    std::string owner = r.get_indicator(1) == soci::i_ok ? r.get<std::string>(1) : "";
    if (owner.rfind("another-machine", 0) == 0) {
      EXPECT_EQ(status, "running");
    } else {
      EXPECT_EQ(status, "failed");
      EXPECT_NE(r.get<std::string>(2).find("nothing was written"), std::string::npos);
    }
  }
  EXPECT_EQ(byStatus["failed"], 2);
  EXPECT_FALSE(std::filesystem::exists(upload));
}

TEST_F(TwoServers, SigtermFinishesTheRunningJobAndFailsTheQueuedOnes) {
  Server a = start();
  std::string csv = "staff_no,name,home_school\n";
  for (int i = 0; i < 100000; ++i) csv += "Q" + std::to_string(i) + ",排队,XH0001\n";
  for (int j = 0; j < 5; ++j) {
    auto job = call(a.port, "POST", "/api/v1/core/teachers/import", csv, "text/csv");
    ASSERT_EQ(job.status, 202) << job.body;
  }
  auto db = dir_.openDb();
  long long queued = -1;
  *db << "SELECT COUNT(*) FROM core_jobs WHERE status = 'queued'", soci::into(queued);
  EXPECT_EQ(a.stop(), 0);
  long long open = -1, failed = -1, done = -1;
  *db << "SELECT COUNT(*) FROM core_jobs WHERE status IN ('queued', 'running')", soci::into(open);
  *db << "SELECT COUNT(*) FROM core_jobs WHERE status = 'failed' AND result LIKE "
         "'%before the job started%'",
      soci::into(failed);
  *db << "SELECT COUNT(*) FROM core_jobs WHERE status = 'done'", soci::into(done);
  EXPECT_EQ(open, 0);
  EXPECT_EQ(failed + done, 5);
  // Jobs still queued at the signal never start (at most one more may start before it lands).
  EXPECT_GE(failed, queued - 1);
  // Nothing of a failed job was written; each done one wrote all of its rows (the same rows).
  long long imported = -1;
  *db << "SELECT COUNT(*) FROM core_teachers WHERE staff_no LIKE 'Q%'", soci::into(imported);
  EXPECT_EQ(imported, done > 0 ? 100000 : 0);
}

TEST(HttpProcess, SigtermStopsTheServerCleanly) {
  tdr::test::TempDir dir;
  ASSERT_EQ(
      tdr::test::runTdr({"--db", dir.dbUrl(), "--plugins=" + tdr::test::noPluginsDir(), "init"})
          .exitCode,
      0);
  Poco::Pipe out;
  std::vector<std::string> args{"--db",  dir.dbUrl(), "--plugins=" + tdr::test::noPluginsDir(),
                                "serve", "--port",    "0"};
  Poco::ProcessHandle ph =
      Poco::Process::launch(TDR_BINARY_FOR_TESTS, args, nullptr, &out, nullptr);
  Poco::PipeInputStream in(out);
  std::string line;
  std::getline(in, line);
  EXPECT_NE(line.find("tdr serving http://127.0.0.1:"), std::string::npos) << line;
  Poco::Process::requestTermination(ph.id());
  EXPECT_EQ(ph.wait(), 0);
}

}  // namespace
