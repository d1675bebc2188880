#include "http_fixture.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <stdexcept>

#include "db/database.h"
#include "http/static_files.h"

namespace tdr::test {

Poco::JSON::Object::Ptr json(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

void expectError(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  auto body = json(r.body);
  ASSERT_TRUE(body->has("error")) << r.body;
  auto err = body->getObject("error");
  EXPECT_TRUE(err->has("message"));
  EXPECT_TRUE(err->has("details"));
  EXPECT_EQ(err->getValue<std::string>("request_id").size(), 16u);
  if (!code.empty()) {
    EXPECT_EQ(err->getValue<std::string>("code"), code) << r.body;
  }
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos) << "no SQL in responses";
  EXPECT_EQ(r.body.find("INSERT"), std::string::npos) << "no SQL in responses";
}

ServerFixture::ServerFixture(std::string pluginDir) : pluginDir_(std::move(pluginDir)) {
  if (pluginDir_.empty()) pluginDir_ = testPluginsDir() + "/mixed";
  std::string plugins = "--plugins=" + pluginDir_;
  auto demo = runTdr({"--db", dbUrl(), plugins, "demo", "--teachers", "400", "--seed", "3"});
  if (demo.exitCode != 0) throw std::runtime_error("demo failed: " + demo.err);
  auto add = [&](const std::string& key, std::vector<std::string> args) {
    std::vector<std::string> full{"--db", dbUrl(), plugins, "user", "add"};
    full.insert(full.end(), args.begin(), args.end());
    auto r = runTdr(full);
    if (r.exitCode != 0) throw std::runtime_error("user add failed: " + r.err);
    tokens_[key] = r.out.substr(r.out.rfind("tdr_"), 68);
  };
  // A user for every role the loaded plugins declare (`tdr roles`).
  auto roles = runTdr({"--db", dbUrl(), plugins, "roles"});
  if (roles.exitCode != 0) throw std::runtime_error("roles failed: " + roles.err);
  auto declared = [&](const std::string& role) {
    return roles.out.find("\n" + role + " ") != std::string::npos;
  };
  for (const char* role : {"admin", "hr_officer", "ethics_officer", "studio_host", "auditor"})
    if (declared(role)) add(role, {std::string(role) + "1", "--role", role});
  if (declared("training_center"))
    add("training_center",
        {"training_center1", "--role", "training_center", "--attr", "provider=区教师发展中心"});
  add("school_admin", {"sa1", "--role", "school_admin", "--school", "XH0001"});
  add("teacher", {"T0000200", "--role", "teacher"});

  host::RuntimeOptions o;
  o.dbUrl = dbUrl();
  o.pluginDir = pluginDir_;
  o.poolSize = 6;
  runtime_ = std::make_unique<host::Runtime>(o);
  host::ServerOptions so;
  so.port = 0;
  so.threads = 4;
  so.timeoutSeconds = 2;
  so.headSeconds = 4;
  so.webDir = host::resolveWebDir("");
  so.clock = [this] {
    return std::chrono::steady_clock::now() + std::chrono::milliseconds(offsetMs_.load());
  };
  server_ = std::make_unique<host::ApiServer>(*runtime_, so);
  server_->start();
}

ServerFixture::~ServerFixture() {
  server_->stop(5);
  server_.reset();
  runtime_.reset();
}

HttpResponse ServerFixture::request(const std::string& method, const std::string& path,
                                    const std::string& token, const std::string& body,
                                    const std::string& contentType,
                                    const std::map<std::string, std::string>& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port()));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!token.empty()) req.set("Authorization", "Bearer " + token);
  req.set("Accept-Language", "en");  // the Chinese default is tested by asking for zh
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.setContentType(contentType);
    if (!req.has("Content-Length")) req.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  std::ostream& out = session.sendRequest(req);
  out << body;
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  HttpResponse r;
  r.status = resp.getStatus();
  Poco::StreamCopier::copyToString(in, r.body);
  for (const auto& [k, v] : resp) r.headers[k] = v;
  return r;
}

RunResult ServerFixture::cli(std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", dbUrl(), "--plugins=" + pluginDir_});
  return runTdr(args);
}

long long ServerFixture::count(const std::string& table, const std::string& where) {
  host::SessionLease s(runtime_->database());
  long long n = 0;
  *s << "SELECT COUNT(*) FROM " + table + " WHERE " + where, soci::into(n);
  return n;
}

std::string ServerFixture::teacherAt(const std::string& school) {
  host::SessionLease s(runtime_->database());
  std::string staff;
  *s << "SELECT t.staff_no FROM core_teachers t JOIN core_schools s ON s.id = t.home_school_id "
        "WHERE s.code = :c ORDER BY t.id LIMIT 1",
      soci::use(school), soci::into(staff);
  return staff;
}

long long ServerFixture::idOf(const std::string& staffNo) {
  host::SessionLease s(runtime_->database());
  long long id = 0;
  *s << "SELECT id FROM core_teachers WHERE staff_no = :s", soci::use(staffNo), soci::into(id);
  return id;
}

}  // namespace tdr::test
