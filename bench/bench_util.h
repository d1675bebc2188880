#pragma once
// What the benchmarks share: running a command as a child process with its time and peak RSS,
// medians, and the plain-SQLite baseline insert.
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

struct Run {
  double seconds = 0;
  long peakKb = 0;
  int status = 0;
};

// Runs a command (argv), stdout to `out` ("" = /dev/null); time and peak RSS of the child.
inline Run runCommand(const std::vector<std::string>& argv, const std::string& out = "") {
  std::fflush(stdout);  // or the child's freopen writes our buffered lines again
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    std::FILE* f = std::freopen(out.empty() ? "/dev/null" : out.c_str(), "w", stdout);
    (void)f;
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Run r;
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.peakKb = usage.ru_maxrss;
  r.status = status;
  return r;
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The baseline every import benchmark compares with: plain SQLite (same pragmas as tdr) reading
// the CSV file with a naive split and inserting each row with one prepared statement in one
// transaction. `idsSql` selects (key, id) pairs the binder may use to resolve references;
// `bind(statement, cells, ids, n)` binds row `n`'s cells. Returns the rows inserted.
template <typename Bind>  // a template, so that binding a row costs no indirect call
long long sqliteBaseline(const std::string& dbPath, const std::string& idsSql,
                         const std::string& insertSql, const std::string& csv, Bind bind) {
  sqlite3* db = nullptr;
  sqlite3_open(dbPath.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
               "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY",
               nullptr, nullptr, nullptr);
  std::map<std::string, long long> ids;
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, idsSql.c_str(), -1, &q, nullptr);
  while (sqlite3_step(q) == SQLITE_ROW)
    ids[reinterpret_cast<const char*>(sqlite3_column_text(q, 0))] = sqlite3_column_int64(q, 1);
  sqlite3_finalize(q);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, insertSql.c_str(), -1, &ins, nullptr);
  std::ifstream in(csv);
  std::string line, cell;
  std::getline(in, line);  // header
  std::vector<std::string> cells;
  long long n = 0;
  while (std::getline(in, line)) {
    cells.clear();
    std::stringstream ss(line);
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    bind(ins, cells, ids, n);
    sqlite3_step(ins);
    sqlite3_reset(ins);
    ++n;
  }
  sqlite3_finalize(ins);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return n;
}
