#pragma once

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "app/runtime.h"
#include "http/api_server.h"
#include "test_support.h"

namespace tdr::test {

/// A response as the tests read it.
struct HttpResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

/// A response body parsed as a JSON object.
Poco::JSON::Object::Ptr json(const std::string& body);

/// Checks the error shape of DESIGN §5: status, code, message, details, request id, no SQL.
void expectError(const HttpResponse& r, int status, const std::string& code = "");

/// A real `tdr serve` on a loopback port over a demo district with the plugins of `pluginDir`
/// (default: the test plugins), and a token for every role. Shared by all tests of a suite.
class ServerFixture {
 public:
  explicit ServerFixture(std::string pluginDir = "");
  ~ServerFixture();

  /// Sends one request on a new connection.
  HttpResponse request(const std::string& method, const std::string& path,
                       const std::string& token = "", const std::string& body = "",
                       const std::string& contentType = "application/json",
                       const std::map<std::string, std::string>& headers = {});
  /// The token of a user holding `role` (school_admin is scoped to XH0001; "teacher" is the
  /// teacher T0000200 whose login is their staff_no).
  const std::string& token(const std::string& role) const { return tokens_.at(role); }
  /// True when the loaded plugins declare `role` (and so the fixture holds a token for it).
  bool hasRole(const std::string& role) const { return tokens_.count(role) > 0; }
  /// Runs the tdr CLI on the fixture's database.
  RunResult cli(std::vector<std::string> args);
  std::string dbUrl() { return dir_.dbUrl(); }
  /// A direct session on the fixture's database.
  std::unique_ptr<soci::session> openDb() { return dir_.openDb(); }
  int port() const { return server_->port(); }
  /// Counts rows of a table (`where` optional), through the server's own pool.
  long long count(const std::string& table, const std::string& where = "1 = 1");
  /// A staff_no of a teacher at `school`.
  std::string teacherAt(const std::string& school);
  long long idOf(const std::string& staffNo);
  /// Moves the server's clock (its token cache's one-second memory) on by `d`, instead of
  /// sleeping.
  void passTime(std::chrono::milliseconds d) { offsetMs_ += d.count(); }

 private:
  std::atomic<long long> offsetMs_{0};
  TempDir dir_;
  std::string pluginDir_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<host::Runtime> runtime_;
  std::unique_ptr<host::ApiServer> server_;
};

/// A GoogleTest suite sharing one ServerFixture among its tests, over the plugins of
/// `Derived::pluginDir()` ("" = the test plugins). A server that does not start fails every
/// test of the suite with the reason (never a skip).
template <typename Derived>
class ServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      server_ = new ServerFixture(Derived::pluginDir());
    } catch (const std::exception& e) {
      setupError_ = e.what();
    }
  }
  void SetUp() override {
    if (!server_) FAIL() << "the test server did not start: " << setupError_;
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerFixture& s() { return *server_; }
  static HttpResponse get(const std::string& path, const std::string& role = "admin") {
    return s().request("GET", path, s().token(role));
  }
  static HttpResponse post(const std::string& path, const std::string& role,
                           const std::string& body) {
    return s().request("POST", path, s().token(role), body);
  }

 private:
  static inline ServerFixture* server_ = nullptr;
  static inline std::string setupError_;
};

}  // namespace tdr::test
