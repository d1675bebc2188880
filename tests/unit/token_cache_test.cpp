#include "auth/token_cache.h"

#include <gtest/gtest.h>

namespace tdr::host {
namespace {

TEST(TokenCache, RemembersATokenForItsTtlOnTheClockItIsGiven) {
  auto now = std::chrono::steady_clock::time_point{};
  TokenCache cache([&] { return now; });
  User u;
  u.login = "hr1";
  cache.remember("tdr_x", u);
  ASSERT_TRUE(cache.find("tdr_x"));
  EXPECT_EQ(cache.find("tdr_x")->login, "hr1");
  now += TokenCache::kTtl - std::chrono::milliseconds(1);
  EXPECT_TRUE(cache.find("tdr_x")) << "still within its second";
  now += std::chrono::milliseconds(1);
  EXPECT_FALSE(cache.find("tdr_x")) << "asked of the database again once the second is over";
}

TEST(TokenCache, ForgetIsImmediateAndTheCacheIsBounded) {
  auto now = std::chrono::steady_clock::time_point{};
  TokenCache cache([&] { return now; });
  cache.remember("a", User{});
  cache.forget("a");
  EXPECT_FALSE(cache.find("a"));
  for (std::size_t i = 0; i <= TokenCache::kMaxEntries; ++i)
    cache.remember("t" + std::to_string(i), User{});
  // The entry past the bound emptied the cache first: only it is left.
  EXPECT_FALSE(cache.find("t0"));
  EXPECT_TRUE(cache.find("t" + std::to_string(TokenCache::kMaxEntries)));
}

}  // namespace
}  // namespace tdr::host
