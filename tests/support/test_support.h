#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace tdr::test {

/// True when this run tests PostgreSQL (TDR_TEST_BACKEND=postgresql, set by ctest for the
/// "pg." copies of the database tests); the server is TDR_TEST_PG.
bool onPostgres();

/// A fresh directory under the system temp dir, removed with everything in it at scope end —
/// and the test databases made through it: SQLite files inside it, or, on PostgreSQL, fresh
/// databases on the TDR_TEST_PG server, dropped at scope end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  /// `name` inside the directory, as a string.
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  /// "sqlite:<dir>/<name>" (always SQLite).
  std::string sqliteUrl(const std::string& name = "tdr.db") const { return "sqlite:" + file(name); }
  /// The URL of test database `name` on the backend under test. On PostgreSQL the database is
  /// created empty on first use (like a SQLite file that `tdr init` will create).
  std::string dbUrl(const std::string& name = "tdr.db");
  /// A direct session on test database `name`, for checks and tampering.
  std::unique_ptr<soci::session> openDb(const std::string& name = "tdr.db");

 private:
  std::filesystem::path path_;
  std::vector<std::string> pgDatabases_;
};

/// What a run of the real `tdr` binary printed and returned.
struct RunResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

/// Runs the built `tdr` binary with `args` (no shell), capturing stdout and stderr.
RunResult runTdr(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// Writes `content` to `path` byte for byte.
void writeFile(const std::string& path, const std::string& content);
std::string readFile(const std::string& path);

/// Converts UTF-8 text to GB18030 bytes (as Chinese Excel saves CSV).
std::string toGb18030(const std::string& utf8);

/// The directory of the test plugins (build tree).
std::string testPluginsDir();
/// The built-in plugins directory of the build tree.
std::string builtinPluginsDir();
/// An empty directory to use as --plugins when only core is wanted.
std::string noPluginsDir();

/// What tests that drive the real `tdr` binary share: one test database (on the backend under
/// test) with the plugins of `pluginDir` (default: the built-ins) and "today" fixed.
class CliDistrict {
 public:
  explicit CliDistrict(std::string today, std::string pluginDir = "");
  /// Runs `tdr --db URL --plugins DIR args...` with TDR_TODAY set.
  template <typename... A>
  RunResult tdr(A... args) {
    return run({std::string(args)...});
  }
  /// `env`: extra NAME=value variables (e.g. TDR_LANG=zh).
  RunResult run(std::vector<std::string> args, std::vector<std::string> env = {});
  /// Imports CSV text (written to a fresh file) into `type`; `flag` e.g. "--partial".
  RunResult importText(const std::string& type, const std::string& csv,
                       const std::string& flag = "");
  /// A report as CSV lines (header first), without the BOM and line-end CRs.
  std::vector<std::string> reportCsv(const std::string& name,
                                     const std::vector<std::string>& params = {},
                                     const std::vector<std::string>& env = {});

 protected:
  TempDir dir_;
  std::string today_;
  std::string pluginDir_;
  std::string url_;
  int files_ = 0;
};

/// A valid GB 11643 national ID built from a 17-digit body.
std::string nationalIdFromBody(const std::string& body17);

/// A teachers CSV (header + n rows) whose schools are XH0001..XH0005.
std::string teachersCsv(long long n, long long firstIndex = 1);
/// A schools CSV with XH0001..XH0005.
std::string schoolsCsv();

}  // namespace tdr::test
