#pragma once
// What the benchmarks share: running a command as a child process with its time and peak RSS,
// and medians.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Run {
  double seconds = 0;
  long peakKb = 0;
  int status = 0;
};

// Runs a command (argv), stdout to `out` ("" = /dev/null); time and peak RSS of the child.
Run runCommand(const std::vector<std::string>& argv, const std::string& out = "") {
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

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace
