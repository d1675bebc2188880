#include "db/failure.h"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "util/errors.h"

namespace tdr::host {
namespace {

template <typename E>
Failure of(const E& e, const std::string& reference = "request r1") {
  return failureOf(std::make_exception_ptr(e), reference);
}

TEST(Failure, SdkErrorsMapToOneStatusAndCodeEach) {
  EXPECT_EQ(of(validationError("bad")).httpStatus, 422);
  EXPECT_EQ(of(validationError("bad")).code, "validation_failed");
  EXPECT_EQ(of(notFound("none")).httpStatus, 404);
  EXPECT_EQ(of(forbidden("no")).httpStatus, 403);
  EXPECT_EQ(of(conflict("twice")).httpStatus, 409);
  Failure f = of(validationError("bad", {{"year", "not a year", 3}}));
  EXPECT_EQ(f.exitCode, 1);
  ASSERT_EQ(f.details.size(), 1u);
  EXPECT_EQ(f.details[0].line, 3);
}

TEST(Failure, HttpErrorsKeepTheirStatusAndCode) {
  Failure f = of(HttpError(413, "too_large", "body too large"));
  EXPECT_EQ(f.httpStatus, 413);
  EXPECT_EQ(f.code, "too_large");
  EXPECT_EQ(f.message, "body too large");
  EXPECT_FALSE(f.internal);
  // Code that only knows the SDK's kinds still sees the right one.
  EXPECT_EQ(HttpError(401, "unauthorized", "x").code(), ErrorCode::kForbidden);
  EXPECT_EQ(HttpError(404, "not_found", "x").code(), ErrorCode::kNotFound);
}

TEST(Failure, UsageMistakesExitWithTwoAndShowTheUsage) {
  Failure f = of(UsageError("missing COMMAND"));
  EXPECT_EQ(f.exitCode, 2);
  EXPECT_TRUE(f.usage);
}

TEST(Failure, InternalFailuresNameTheReferenceAndHideTheirText) {
  Failure f = of(std::runtime_error("segment 7 of plugin x is corrupt"));
  EXPECT_TRUE(f.internal);
  EXPECT_EQ(f.httpStatus, 500);
  EXPECT_EQ(f.message.find("segment"), std::string::npos);
  EXPECT_NE(f.message.find("request r1"), std::string::npos);
  EXPECT_EQ(f.logText, "segment 7 of plugin x is corrupt");
  EXPECT_TRUE(of(Error(ErrorCode::kInternal, "secret")).internal);
}

TEST(Failure, ARealSqliteLockIsBusyWithRetryAndExitSeventyFive) {
  const std::string file = ::testing::TempDir() + "/failure_busy.db";
  std::remove(file.c_str());
  soci::session a(soci::sqlite3, "db=" + file + " timeout=0");
  soci::session b(soci::sqlite3, "db=" + file + " timeout=0");
  a << "CREATE TABLE t (x INTEGER)";
  a << "BEGIN IMMEDIATE";
  try {
    b << "BEGIN IMMEDIATE";
    FAIL() << "the second writer got the lock";
  } catch (const soci::soci_error&) {
    Failure f = failureOf(std::current_exception(), "");
    EXPECT_EQ(f.httpStatus, 503);
    EXPECT_EQ(f.exitCode, 75);
    EXPECT_GT(f.retryAfterSeconds, 0);
    EXPECT_FALSE(f.internal);
  }
  a << "ROLLBACK";
}

}  // namespace
}  // namespace tdr::host
