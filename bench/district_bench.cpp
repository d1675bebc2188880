// District-wide planning benchmarks on a demo district, each as the median of RUNS runs of the
// real `tdr` binary (process start and plugin loading included), beside `tdr plugins` — the
// same start-up doing no work — as the baseline that shows what the work itself costs:
//  - rotation.quota and rotation.plan for a 15k-teacher district (target < 1 s each);
//  - perfpay.compute of every school's scheme of a 10k-teacher district in one call (target
//    < 1 s), each sheet checked to reconcile to its pool exactly; also on PostgreSQL when
//    TDR_BENCH_PG names a server.
//   district_bench BUILD_DIR [RUNS]
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>

#include "bench_util.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: district_bench BUILD_DIR [RUNS]\n");
    return 2;
  }
  std::string build = argv[1];
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  std::string tdr = build + "/bin/tdr", plugins = "--plugins=" + build + "/lib/tdr/plugins";
  std::string dir = "/tmp/tdr-district-bench";
  runCommand({"rm", "-rf", dir});
  runCommand({"mkdir", "-p", dir});
  std::string db = "sqlite:" + dir + "/district.db";
  Run seed = runCommand({tdr, "--db", db, plugins, "demo", "--teachers", "15000"});
  if (seed.status != 0) {
    std::fprintf(stderr, "demo district failed\n");
    return 1;
  }
  auto time = [&](std::vector<std::string> args) {
    std::vector<double> t;
    args.insert(args.begin(), {tdr, "--db", db, plugins});
    for (int i = 0; i < runs; ++i) {
      Run r = runCommand(args);
      if (r.status != 0) {
        std::fprintf(stderr, "failed: %s\n", args[4].c_str());
        std::exit(1);
      }
      t.push_back(r.seconds);
    }
    return median(t);
  };
  double startup = time({"plugins"});
  double quota = time({"report", "rotation.quota", "--param", "year=2026"});
  double plan = time({"run", "rotation.plan", "--param", "year=2026"});
  std::printf("15k-teacher demo district, median of %d runs (target < 1 s each)\n", runs);
  std::printf("  tdr plugins (start-up only)  %8.3f s\n", startup);
  std::printf("  rotation.quota               %8.3f s\n", quota);
  std::printf("  rotation.plan                %8.3f s\n", plan);

  // Performance pay: a 10k-teacher district, a scheme for every school (pool 8,000.00 yuan
  // a teacher a month), a few allowances and vetoes, computed together.
  std::string pdb = "sqlite:" + dir + "/perfpay.db";
  if (runCommand({tdr, "--db", pdb, plugins, "demo", "--teachers", "10000"}).status != 0) return 1;
  sqlite3* raw = nullptr;
  sqlite3_open((dir + "/perfpay.db").c_str(), &raw);
  std::string schemes = dir + "/schemes.csv", allowances = dir + "/allowances.csv";
  {
    std::ofstream s(schemes), a(allowances);
    s << "school,year,pool\n";
    a << "year,staff_no,kind,months,monthly\n";
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw,
                       "SELECT s.code, COUNT(t.id) FROM core_schools s JOIN core_teachers t ON "
                       "t.home_school_id = s.id GROUP BY s.code",
                       -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      s << sqlite3_column_text(st, 0) << ",2025," << sqlite3_column_int64(st, 1) * 96000 << "\n";
    sqlite3_finalize(st);
    sqlite3_prepare_v2(raw, "SELECT staff_no FROM core_teachers WHERE id % 7 = 0", -1, &st,
                       nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      a << "2025," << sqlite3_column_text(st, 0) << ",head_teacher,10,500\n";
    sqlite3_finalize(st);
  }
  std::string appraisals = dir + "/appraisals.csv";
  {
    std::ofstream f(appraisals);
    f << "staff_no,year,grade\n";
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT staff_no FROM core_teachers WHERE id % 97 = 0", -1, &st,
                       nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) f << sqlite3_column_text(st, 0) << ",2025,unqualified\n";
    sqlite3_finalize(st);
  }
  for (const auto& [type, file] :
       std::vector<std::pair<std::string, std::string>>{{"perfpay.schemes", schemes},
                                                        {"perfpay.allowances", allowances},
                                                        {"ethics.appraisals", appraisals}})
    if (runCommand({tdr, "--db", pdb, plugins, "import", type, file}).status != 0) {
      std::fprintf(stderr, "import of %s failed\n", type.c_str());
      return 1;
    }
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    Run r =
        runCommand({tdr, "--db", pdb, plugins, "run", "perfpay.compute", "--param", "year=2025"});
    if (r.status != 0) {
      std::fprintf(stderr, "perfpay.compute failed\n");
      return 1;
    }
    times.push_back(r.seconds);
  }
  // Every sheet sums to its pool exactly.
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw,
                     "SELECT COUNT(*), SUM(CASE WHEN p.pool_fen = (SELECT SUM(total_fen) FROM "
                     "perfpay_lines l WHERE l.scheme_id = p.id) THEN 1 ELSE 0 END), (SELECT "
                     "COUNT(*) FROM perfpay_lines) FROM perfpay_schemes p",
                     -1, &st, nullptr);
  sqlite3_step(st);
  long long schemesN = sqlite3_column_int64(st, 0), exact = sqlite3_column_int64(st, 1),
            lines = sqlite3_column_int64(st, 2);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  std::printf(
      "10k-teacher demo district, %lld schemes, %lld pay lines, median of %d runs "
      "(target < 1 s)\n",
      schemesN, lines, runs);
  std::printf(
      "  perfpay.compute, every school   %8.3f s  (%lld of %lld sheets reconcile exactly)\n",
      median(times), exact, schemesN);

  // The same on PostgreSQL when TDR_BENCH_PG names a server (postgresql://user@host:port/db).
  bool pgExact = true;
  if (const char* server = std::getenv("TDR_BENCH_PG"); server && *server) {
    std::string s = server;
    std::string url = s.substr(0, s.rfind('/') + 1) + "tdr_district_bench";
    runCommand({"psql", s, "-qc", "DROP DATABASE IF EXISTS tdr_district_bench"});
    runCommand({"psql", s, "-qc", "CREATE DATABASE tdr_district_bench"});
    runCommand({tdr, "--db", url, plugins, "demo", "--teachers", "10000"});
    for (const auto& file : {schemes, allowances, appraisals}) {
      std::string type = file == schemes      ? "perfpay.schemes"
                         : file == allowances ? "perfpay.allowances"
                                              : "ethics.appraisals";
      runCommand({tdr, "--db", url, plugins, "import", type, file});
    }
    std::vector<double> pg;
    for (int i = 0; i < runs; ++i)
      pg.push_back(
          runCommand({tdr, "--db", url, plugins, "run", "perfpay.compute", "--param", "year=2025"})
              .seconds);
    std::string check = dir + "/pg-check.txt";
    runCommand({"psql", url, "-tAc",
                "SELECT COUNT(*) FROM perfpay_schemes p WHERE p.pool_fen <> (SELECT SUM(total_fen) "
                "FROM perfpay_lines l WHERE l.scheme_id = p.id)"},
               check);
    std::ifstream in(check);
    long long wrong = -1;
    in >> wrong;
    pgExact = wrong == 0;
    std::printf("  on PostgreSQL                   %8.3f s  (%s)\n", median(pg),
                pgExact ? "every sheet reconciles exactly" : "SHEETS DO NOT RECONCILE");
    runCommand({"psql", s, "-qc", "DROP DATABASE IF EXISTS tdr_district_bench"});
  }
  runCommand({"rm", "-rf", dir});
  return exact == schemesN && pgExact ? 0 : 1;
}
