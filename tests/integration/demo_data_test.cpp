// The demo data `make run` imports (examples/demo-data) stays importable into the demo district,
// and the pay schemes it sets up compute.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "test_support.h"

namespace {

class DemoData : public ::testing::Test, protected tdr::test::CliDistrict {
 protected:
  DemoData() : CliDistrict("2026-11-29") {}
};

TEST_F(DemoData, EveryFileImportsIntoTheDemoDistrict) {
  ASSERT_EQ(tdr("demo").exitCode, 0);
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(TDR_SOURCE_DIR "/examples/demo-data"))
    if (e.path().extension() == ".csv") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 8u);
  for (const auto& f : files) {
    std::string type = f.stem().string();
    type = type.substr(type.find('_') + 1);
    auto r = tdr("import", type, f.string());
    EXPECT_EQ(r.exitCode, 0) << type << ": " << r.out << r.err;
  }
  auto pay = tdr("run", "perfpay.compute", "--param", "year=2025");
  EXPECT_EQ(pay.exitCode, 0) << pay.err;
  EXPECT_NE(pay.out.find("\"vetoed\": 1"), std::string::npos) << "the demo's 不合格 appraisal";
}

}  // namespace
