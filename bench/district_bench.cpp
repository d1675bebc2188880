// District-wide planning benchmarks on a demo district, each as the median of RUNS runs of the
// real `tdr` binary (process start and plugin loading included), beside `tdr plugins` — the
// same start-up doing no work — as the baseline that shows what the work itself costs:
//  - rotation.quota and rotation.plan for a 15k-teacher district (target < 1 s each);
//   district_bench BUILD_DIR [RUNS]
#include <cstdlib>

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
  runCommand({"rm", "-rf", dir});
  return 0;
}
