// main() of every test executable: on a PostgreSQL run without a server (TDR_TEST_PG unset),
// every test is skipped with the reason, instead of failing.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.h"

namespace {

class BackendEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* server = std::getenv("TDR_TEST_PG");
    if (tdr::test::onPostgres() && (!server || !*server))
      GTEST_SKIP() << "PostgreSQL run without a server: set TDR_TEST_PG "
                      "(scripts/pg-test-server start DIR prints one)";
  }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new BackendEnvironment);
  return RUN_ALL_TESTS();
}
