// Import of N teachers (default 100k) through tdr's engine — CSV parsing, validation,
// national-ID hashing, natural-key upsert — against plain SQLite inserting the same stored rows
// with one prepared statement in one transaction into the same table with the same indexes and
// the same connection settings.
// Alternating runs; prints the median rows/s of each and their ratio.
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/runtime.h"
#include "bench_util.h"
#include "core/core_plugin.h"
#include "io/csv_reader.h"
#include "io/importer.h"
#include "plugins/host_context.h"
#include "test_support.h"
#include "util/digest.h"

namespace {

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string prepareDatabase(const tdr::test::TempDir& dir, const std::string& name) {
  std::string url = dir.sqliteUrl(name);
  tdr::host::RuntimeOptions o;
  o.dbUrl = url;
  o.pluginDir = tdr::test::noPluginsDir();
  o.create = true;
  tdr::host::Runtime rt(o);
  auto ctx = rt.context(rt.session(), tdr::host::commandLineOperator());
  tdr::test::writeFile(dir.file("schools.csv"), tdr::test::schoolsCsv());
  tdr::host::CsvReader schools(dir.file("schools.csv"));
  tdr::host::ImportOptions io;
  io.nationalIdKey = rt.nationalIdKey();
  tdr::host::importRows(*ctx, rt.registry(), rt.registry().requireRecordType("core.schools"),
                        schools, io);
  return url;
}

double runTdr(const tdr::test::TempDir& dir, const std::string& csv, int i, long long rows) {
  std::string url = prepareDatabase(dir, "tdr" + std::to_string(i) + ".db");
  auto t0 = Clock::now();
  tdr::host::RuntimeOptions o;
  o.dbUrl = url;
  o.pluginDir = tdr::test::noPluginsDir();
  tdr::host::Runtime rt(o);
  auto ctx = rt.context(rt.session(), tdr::host::commandLineOperator());
  tdr::host::CsvReader reader(csv);
  tdr::host::ImportOptions io;
  io.nationalIdKey = rt.nationalIdKey();
  auto report = tdr::host::importRows(*ctx, rt.registry(),
                                      rt.registry().requireRecordType("core.teachers"), reader, io);
  auto t1 = Clock::now();
  if (report.inserted != rows) std::fprintf(stderr, "tdr inserted %lld\n", report.inserted);
  return static_cast<double>(rows) / seconds(t0, t1);
}

// The baseline stores exactly what tdr stores — the keyed hash of each national ID, computed
// before the clock starts — so both build the same random-key index.
std::vector<std::string> storedHashes(const std::string& csv) {
  std::vector<std::string> out;
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::size_t a = 0;
    for (int k = 0; k < 4; ++k) a = line.find(',', a) + 1;
    out.push_back(tdr::host::hmacSha256Hex("bench-key", line.substr(a, 18)));
  }
  return out;
}

double runBaseline(const tdr::test::TempDir& dir, const std::string& csv, int i, long long rows) {
  std::string url = prepareDatabase(dir, "base" + std::to_string(i) + ".db");
  std::string path = url.substr(7);
  std::vector<std::string> hashes = storedHashes(csv);
  auto t0 = Clock::now();
  long long n = sqliteBaseline(
      path, "SELECT code, id FROM core_schools",
      "INSERT INTO core_teachers (staff_no, name, gender, birth_date, national_id_hash, "
      "national_id_last4, home_school_id, subject, title, hire_date) VALUES "
      "(?,?,?,?,?,?,?,?,?,?)",
      csv, [&](sqlite3_stmt* ins, const std::vector<std::string>& c, auto& schools, long long row) {
        for (int k : {0, 1, 2, 3})
          sqlite3_bind_text(ins, k + 1, c[static_cast<std::size_t>(k)].c_str(), -1,
                            SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 5, hashes[static_cast<std::size_t>(row)].c_str(), -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 6, c[4].c_str() + 14, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 7, schools[c[5]]);
        for (int k : {6, 7, 8})
          sqlite3_bind_text(ins, k + 2, c[static_cast<std::size_t>(k)].c_str(), -1,
                            SQLITE_TRANSIENT);
      });
  auto t1 = Clock::now();
  if (n != rows) std::fprintf(stderr, "baseline inserted %lld\n", n);
  return static_cast<double>(rows) / seconds(t0, t1);
}

}  // namespace

int main(int argc, char** argv) {
  long long rows = argc > 1 ? std::atoll(argv[1]) : 100000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  tdr::test::TempDir dir;
  std::string csv = dir.file("teachers.csv");
  tdr::test::writeFile(csv, tdr::test::teachersCsv(rows));
  std::vector<double> tdrRates, baseRates;
  for (int i = 0; i < runs; ++i) {
    baseRates.push_back(runBaseline(dir, csv, i, rows));
    tdrRates.push_back(runTdr(dir, csv, i, rows));
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double t = median(tdrRates), b = median(baseRates);
  std::printf("core.teachers import, %lld rows, median of %d runs\n", rows, runs);
  std::printf("  tdr import engine        %10.0f rows/s\n", t);
  std::printf("  plain SQLite (baseline)  %10.0f rows/s\n", b);
  std::printf("  ratio tdr/baseline       %10.2f\n", t / b);
  std::printf("  peak RSS of the process  %10ld MB\n", usage.ru_maxrss / 1024);
  return 0;
}
