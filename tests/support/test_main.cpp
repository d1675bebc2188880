// main() of every test executable: on a PostgreSQL run without a server (TDR_TEST_PG unset),
// every test is skipped with the reason, instead of failing.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.h"
#include "util/text.h"

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
  // The suites read messages in English (TDR_LANG for the tdr processes they start, the
  // in-process host below, Accept-Language for HTTP); the Chinese default has tests of its own
  // that ask for zh explicitly.
  setenv("TDR_LANG", "en", 0);
  tdr::host::setLanguage(tdr::host::languageFrom(std::getenv("TDR_LANG")));
  ::testing::AddGlobalTestEnvironment(new BackendEnvironment);
  return RUN_ALL_TESTS();
}
