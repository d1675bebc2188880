// Training benchmarks, each against a baseline run side by side:
//  1. `tdr import training.records` of N rows (default 1M) into a district of 10k teachers,
//     against plain SQLite inserting the same stored rows with one prepared statement in one
//     transaction into the same table with the same indexes: rows/s, ratio, peak RSS of tdr.
//  2. `tdr report training.compliance` for the whole district against the equivalent
//     hand-written SQL run by the sqlite3 shell on the same file: median seconds, ratio.
//   training_bench BUILD_DIR [ROWS] [RUNS]
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_util.h"

namespace {

const char* kLevels[] = {"national", "provincial", "municipal", "district", "school"};
const char* kCategories[] = {"ethics", "subject", "psychology", "it", "research"};

// N records over teachers T0000001..T0010000 in 2026-2027, unique external refs per provider.
void writeCsv(const std::string& path, long long rows) {
  std::ofstream f(path);
  f << "staff_no,title,provider,level,category,hours,completed_on,external_ref\n";
  std::mt19937_64 rng(7);
  char line[256];
  for (long long i = 0; i < rows; ++i) {
    unsigned long long r = rng();
    int teacher = static_cast<int>(r % 10000) + 1;
    int month = static_cast<int>((r >> 16) % 12) + 1, day = static_cast<int>((r >> 24) % 28) + 1;
    int year = (r >> 32) % 2 ? 2026 : 2027;
    if (year == 2027 && month > 6) month -= 6;
    int hours10 = static_cast<int>((r >> 40) % 80) + 5;
    std::snprintf(line, sizeof line, "T%07d,培训课程%d,机构%d,%s,%s,%d.%d,%04d-%02d-%02d,R%lld\n",
                  teacher, static_cast<int>(i % 500), static_cast<int>(i % 10),
                  kLevels[(r >> 48) % 4], kCategories[(r >> 52) % 5], hours10 / 10, hours10 % 10,
                  year, month, day, i);
    f << line;
  }
}

// Plain SQLite: the same stored rows (teacher ids resolved, hours in tenths, approved).
double baselineImport(const std::string& db, const std::string& csv, long long rows) {
  auto t0 = Clock::now();
  long long n = sqliteBaseline(
      db, "SELECT staff_no, id FROM core_teachers",
      "INSERT INTO training_records (teacher_id, title, provider, level, category, hours_x10, "
      "completed_on, external_ref, status, source) VALUES (?,?,?,?,?,?,?,?,'approved','import')",
      csv, [](sqlite3_stmt* ins, const std::vector<std::string>& c, auto& teachers, long long) {
        sqlite3_bind_int64(ins, 1, teachers[c[0]]);
        for (int k = 1; k <= 4; ++k)
          sqlite3_bind_text(ins, k + 1, c[static_cast<std::size_t>(k)].c_str(), -1,
                            SQLITE_TRANSIENT);
        auto dot = c[5].find('.');
        long long x10 = std::atoll(c[5].substr(0, dot).c_str()) * 10 +
                        (dot == std::string::npos ? 0 : c[5][dot + 1] - '0');
        sqlite3_bind_int64(ins, 6, x10);
        sqlite3_bind_text(ins, 7, c[6].c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 8, c[7].c_str(), -1, SQLITE_TRANSIENT);
      });
  if (n != rows) std::fprintf(stderr, "baseline inserted %lld rows\n", n);
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The scripted load a district's IT staff would write instead (Python's csv + sqlite3
// executemany, same pragmas, one transaction, teacher ids resolved from a dict): tdr should be
// no slower than the script, validation included.
const char* kPythonLoad = R"py(import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for p in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "cache_size=-32768",
          "temp_store=MEMORY"):
    db.execute("PRAGMA " + p)
ids = dict(db.execute("SELECT staff_no, id FROM core_teachers"))
def rows():
    with open(sys.argv[2], encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        next(r)
        for staff, title, provider, level, category, hours, done, ref in r:
            yield (ids[staff], title, provider, level, category, round(float(hours) * 10), done, ref)
db.execute("BEGIN")
db.executemany("INSERT INTO training_records (teacher_id, title, provider, level, category, "
               "hours_x10, completed_on, external_ref, status, source) "
               "VALUES (?,?,?,?,?,?,?,?,'approved','import')", rows())
db.execute("COMMIT")
)py";

// The compliance report as hand-written SQL for the default rules (2026-2030 cycle, 72 a year,
// 120 in the year of hiring, 360 at most), whole district, end of 2027.
const char* kComplianceSql =
    "WITH done AS ("
    " SELECT t.id, t.staff_no, t.name, s.code, CAST(substr(t.hire_date, 1, 4) AS INTEGER) AS hy,"
    "  COALESCE(SUM(r.hours_x10), 0) AS d"
    " FROM core_teachers t JOIN core_schools s ON s.id = t.home_school_id"
    " LEFT JOIN training_records r ON r.teacher_id = t.id AND r.status = 'approved'"
    "  AND r.completed_on BETWEEN '2026-01-01' AND '2027-12-31'"
    " WHERE t.status = 'active' GROUP BY t.id, t.staff_no, t.name, s.code, t.hire_date),"
    " expected AS (SELECT *, CASE WHEN hy > 2027 THEN 0 ELSE MIN(3600,"
    "  (2027 - MAX(2026, hy) + 1) * 720 + CASE WHEN hy >= 2026 THEN 480 ELSE 0 END) END AS e"
    "  FROM done)"
    " SELECT staff_no, name, code, d, e, e - d FROM expected WHERE d < e"
    " ORDER BY e - d DESC, staff_no;";

}  // namespace

int main(int argc, char** argv) {
  std::string build = argc > 1 ? argv[1] : "build";
  long long rows = argc > 2 ? std::atoll(argv[2]) : 1000000;
  int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  std::string tdr = build + "/bin/tdr";
  std::string plugins = "--plugins=" + build + "/lib/tdr/plugins";
  char tmpl[] = "/tmp/tdr-bench-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  setenv("TDR_TODAY", "2027-06-30", 1);
  std::string csv = dir + "/records.csv";
  writeCsv(csv, rows);

  std::vector<double> tdrRates, baseRates, pythonRates;
  long peakKb = 0;
  std::string lastDb;
  for (int i = 0; i < runs; ++i) {
    std::string base = dir + "/base" + std::to_string(i) + ".db";
    std::string mine = dir + "/tdr" + std::to_string(i) + ".db";
    std::string script = dir + "/py" + std::to_string(i) + ".db";
    for (const auto& db : {base, mine, script})
      runCommand({tdr, "--db", "sqlite:" + db, plugins, "demo", "--teachers", "10000"});
    double b = baselineImport(base, csv, rows);
    baseRates.push_back(static_cast<double>(rows) / b);
    Run py = runCommand({"python3", "-c", kPythonLoad, script, csv});
    if (py.status != 0) std::fprintf(stderr, "the Python load failed (status %d)\n", py.status);
    pythonRates.push_back(static_cast<double>(rows) / py.seconds);
    Run t = runCommand({tdr, "--db", "sqlite:" + mine, plugins, "import", "training.records", csv});
    if (t.status != 0) std::fprintf(stderr, "tdr import failed (status %d)\n", t.status);
    tdrRates.push_back(static_cast<double>(rows) / t.seconds);
    peakKb = std::max(peakKb, t.peakKb);
    lastDb = mine;
  }
  double tr = median(tdrRates), br = median(baseRates);
  std::printf("training.records import, %lld rows into 10k teachers, median of %d runs\n", rows,
              runs);
  std::printf("  tdr import (CLI, validated)   %10.0f rows/s  peak RSS %ld MB\n", tr,
              peakKb / 1024);
  std::printf("  plain SQLite (baseline)       %10.0f rows/s\n", br);
  std::printf("  ratio tdr/baseline            %10.2f  (target >= 0.7)\n", tr / br);
  std::printf("  Python csv + executemany      %10.0f rows/s\n", median(pythonRates));
  std::printf("  ratio tdr/Python              %10.2f  (target >= 1.0)\n",
              tr / median(pythonRates));

  std::vector<double> reportTimes, sqlTimes;
  std::string reportOut = dir + "/report.csv", sqlOut = dir + "/sql.txt";
  for (int i = 0; i < 5; ++i) {
    reportTimes.push_back(
        runCommand({tdr, "--db", "sqlite:" + lastDb, plugins, "report", "training.compliance",
                    "--param", "year=2027", "--format", "csv"},
                   reportOut)
            .seconds);
    sqlTimes.push_back(runCommand({"sqlite3", lastDb, kComplianceSql}, sqlOut).seconds);
  }
  auto lines = [](const std::string& path) {
    std::ifstream f(path);
    return std::count(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>(), '\n');
  };
  double rt = median(reportTimes), st = median(sqlTimes);
  std::printf("training.compliance, whole district (10k teachers, %lld records), median of 5\n",
              rows);
  std::printf("  tdr report                    %10.3f s  (%ld teachers behind)\n", rt,
              static_cast<long>(lines(reportOut)) - 1);
  std::printf("  hand-written SQL in sqlite3   %10.3f s  (%ld rows)\n", st,
              static_cast<long>(lines(sqlOut)));
  std::printf("  ratio tdr/sqlite3             %10.2f  (target <= 1.5)\n", rt / st);
  // The same import and report on PostgreSQL, when a server is given (TDR_BENCH_PG=URL of a
  // maintenance database, e.g. the one scripts/pg-test-server prints), against `psql \copy` of
  // the same file into a plain table (no foreign keys, no checks) with the indexes
  // training_records has (key, unique natural key, teacher + date, status, reference),
  // alternating, each on a fresh database.
  if (const char* pg = std::getenv("TDR_BENCH_PG"); pg && *pg) {
    std::string server = pg;
    std::string url = server.substr(0, server.rfind('/') + 1) + "tdr_bench";
    std::vector<double> pgRates, copyRates, pgReport;
    bool failed = false;
    auto fresh = [&] {
      runCommand({"psql", server, "-qc", "DROP DATABASE IF EXISTS tdr_bench"});
      runCommand({"psql", server, "-qc", "CREATE DATABASE tdr_bench"});
    };
    for (int i = 0; i < runs; ++i) {
      fresh();
      runCommand({"psql", url, "-qc",
                  "CREATE TABLE bench_copy (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY "
                  "KEY, staff_no TEXT NOT NULL, title TEXT, provider TEXT NOT NULL, level TEXT "
                  "NOT NULL, category TEXT NOT NULL, hours TEXT NOT NULL, completed_on TEXT NOT "
                  "NULL, external_ref TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'approved', "
                  "UNIQUE (provider, external_ref)); CREATE INDEX bench_copy_teacher ON "
                  "bench_copy (staff_no, id) INCLUDE (completed_on, status, level, hours); CREATE "
                  "INDEX bench_copy_status ON "
                  "bench_copy (status); CREATE INDEX bench_copy_ref ON bench_copy (external_ref)"});
      Run copy = runCommand({"psql", url, "-qc",
                             "\\copy bench_copy (staff_no, title, provider, level, category, "
                             "hours, completed_on, external_ref) FROM '" +
                                 csv + "' CSV HEADER"});
      copyRates.push_back(static_cast<double>(rows) / copy.seconds);
      fresh();
      runCommand({tdr, "--db", url, plugins, "demo", "--teachers", "10000"});
      Run imp = runCommand({tdr, "--db", url, plugins, "import", "training.records", csv});
      failed = failed || imp.status != 0;
      pgRates.push_back(static_cast<double>(rows) / imp.seconds);
    }
    for (int i = 0; i < 3; ++i)
      pgReport.push_back(runCommand({tdr, "--db", url, plugins, "report", "training.compliance",
                                     "--param", "year=2027", "--format", "csv"},
                                    reportOut)
                             .seconds);
    double pr = median(pgRates), cr = median(copyRates);
    std::printf("on PostgreSQL (same file, same report), median of %d runs\n", runs);
    std::printf("  tdr import (CLI, validated)   %10.0f rows/s%s\n", pr, failed ? "  FAILED" : "");
    std::printf("  psql \\copy, plain table (baseline) %4.0f rows/s\n", cr);
    std::printf("  ratio tdr/psql \\copy         %10.2f  (target >= 0.5)\n", pr / cr);
    std::printf("  tdr compliance report         %10.3f s  (SQLite %.3f s)\n", median(pgReport),
                rt);
    runCommand({"psql", server, "-qc", "DROP DATABASE IF EXISTS tdr_bench"});
  }
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
