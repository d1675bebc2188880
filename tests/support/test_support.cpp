#include "test_support.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <iconv.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "db/database.h"

namespace tdr::test {

namespace {
std::string pgServer() {
  const char* s = std::getenv("TDR_TEST_PG");
  if (!s || !*s) throw std::runtime_error("TDR_TEST_PG is not set");
  return s;
}
std::string pgKeywords(const std::string& url) { return host::DatabaseUrl::parse(url).target; }
}  // namespace

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("tdr-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  if (!pgDatabases_.empty()) {
    try {
      soci::session admin(soci::postgresql, pgKeywords(pgServer()));
      for (const auto& db : pgDatabases_)
        admin << "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)";
    } catch (const std::exception& e) {
      std::cerr << "test cleanup: " << e.what() << "\n";
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool onPostgres() {
  const char* b = std::getenv("TDR_TEST_BACKEND");
  return b && std::string(b) == "postgresql";
}

std::string TempDir::dbUrl(const std::string& name) {
  if (!onPostgres()) return sqliteUrl(name);
  std::string db = "tdr_" + path_.filename().string() + "_" + name;
  for (auto& c : db)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  std::string server = pgServer();
  std::string url = server.substr(0, server.rfind('/') + 1) + db;
  if (std::find(pgDatabases_.begin(), pgDatabases_.end(), db) == pgDatabases_.end()) {
    soci::session admin(soci::postgresql, pgKeywords(server));
    admin << "SET client_min_messages TO WARNING";
    admin << "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)";
    admin << "CREATE DATABASE " + db;
    pgDatabases_.push_back(db);
  }
  return url;
}

std::unique_ptr<soci::session> TempDir::openDb(const std::string& name) {
  std::string url = dbUrl(name);
  if (onPostgres()) return std::make_unique<soci::session>(soci::postgresql, pgKeywords(url));
  // Waits for the lock like tdr does (a server's audit writer may be committing right now).
  return std::make_unique<soci::session>(soci::sqlite3, "db=" + file(name) + " timeout=10");
}

RunResult runTdr(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  Poco::Pipe outPipe, errPipe;
  Poco::Process::Env environment;
  for (const auto& kv : env) {
    auto eq = kv.find('=');
    environment[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  Poco::ProcessHandle ph =
      Poco::Process::launch(TDR_BINARY, args, ".", nullptr, &outPipe, &errPipe, environment);
  RunResult r;
  // Read both pipes concurrently so that neither fills up and blocks the child.
  std::thread errReader([&] {
    Poco::PipeInputStream err(errPipe);
    Poco::StreamCopier::copyToString(err, r.err);
  });
  Poco::PipeInputStream out(outPipe);
  Poco::StreamCopier::copyToString(out, r.out);
  errReader.join();
  r.exitCode = ph.wait();
  return r;
}

void writeFile(const std::string& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string readFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string toGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* src = &in[0];
  char* dst = &out[0];
  std::size_t srcLeft = in.size(), dstLeft = out.size();
  iconv(cd, &src, &srcLeft, &dst, &dstLeft);
  iconv_close(cd);
  out.resize(out.size() - dstLeft);
  return out;
}

std::string testPluginsDir() { return TDR_TEST_PLUGINS; }
std::string builtinPluginsDir() { return TDR_BUILTIN_PLUGINS; }
std::string noPluginsDir() {
  static TempDir* empty = new TempDir();  // lives for the whole test run
  return empty->path().string();
}

std::string nationalIdFromBody(const std::string& body) {
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return body + "10X98765432"[sum % 11];
}

std::string schoolsCsv() {
  return "code,name,stage,district\n"
         "XH0001,玄湖区第一小学,primary,玄湖区\n"
         "XH0002,玄湖区第二小学,小学,玄湖区\n"
         "XH0003,玄湖区实验初级中学,junior,玄湖区\n"
         "XH0004,玄湖区高级中学,senior,玄湖区\n"
         "XH0005,玄湖区明德幼儿园,kindergarten,玄湖区\n";
}

std::string teachersCsv(long long n, long long first) {
  std::string s =
      "staff_no,name,gender,birth_date,national_id,home_school,subject,title,hire_date\n";
  s.reserve(static_cast<std::size_t>(n) * 110);
  char buf[256];
  for (long long i = first; i < first + n; ++i) {
    int year = 1970 + static_cast<int>(i % 30);
    char body[32];
    std::snprintf(body, sizeof body, "3201%02d%04d0101%03d", static_cast<int>(i / 1000 % 100), year,
                  static_cast<int>(i % 1000));
    std::string id = nationalIdFromBody(std::string(body, 17));
    std::snprintf(buf, sizeof buf,
                  "T%07lld,教师%lld,%s,%04d-01-01,%s,XH%04d,语文,first,%04d-09-01\n", i, i,
                  i % 2 ? "M" : "F", year, id.c_str(), static_cast<int>(i % 5 + 1), year + 23);
    s += buf;
  }
  return s;
}

CliDistrict::CliDistrict(std::string today, std::string pluginDir)
    : today_(std::move(today)),
      pluginDir_(pluginDir.empty() ? builtinPluginsDir() : std::move(pluginDir)),
      url_(dir_.dbUrl()) {}

RunResult CliDistrict::run(std::vector<std::string> args, std::vector<std::string> env) {
  args.insert(args.begin(), {"--db", url_, "--plugins=" + pluginDir_});
  env.push_back("TDR_TODAY=" + today_);
  return runTdr(args, env);
}

RunResult CliDistrict::importText(const std::string& type, const std::string& csv,
                                  const std::string& flag) {
  std::string f = dir_.file("in" + std::to_string(files_++) + ".csv");
  writeFile(f, csv);
  return flag.empty() ? tdr("import", type, f) : tdr("import", type, f, flag);
}

std::vector<std::string> CliDistrict::reportCsv(const std::string& name,
                                                const std::vector<std::string>& params,
                                                const std::vector<std::string>& env) {
  std::vector<std::string> args = {"report", name, "--format", "csv"};
  for (const auto& p : params) {
    args.push_back("--param");
    args.push_back(p);
  }
  RunResult r = run(args, env);
  std::vector<std::string> lines;
  if (r.exitCode != 0) {
    lines.push_back("report failed: " + r.err);
    return lines;
  }
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);
    lines.push_back(line);
  }
  return lines;
}

}  // namespace tdr::test
