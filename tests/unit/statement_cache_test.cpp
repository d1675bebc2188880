#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "db/bound_statement.h"
#include "db/database.h"

namespace tdr::host {
namespace {

TEST(StatementCache, KeepsTheMostRecentlyUsedWithinItsCapacity) {
  soci::session s(soci::sqlite3, ":memory:");
  StatementCache cache(s, 3);
  auto sql = [](int n) { return "SELECT " + std::to_string(n); };
  BoundStatement* first = &cache.get(sql(1), {}, {true});
  for (int n = 2; n <= 5; ++n) cache.get(sql(n), {}, {true});
  cache.get(sql(1), {}, {true});  // used again: the most recent now
  EXPECT_EQ(cache.size(), 5u) << "nothing is dropped while statements may be in use";
  cache.trim();
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.evictions(), 2u);
  EXPECT_EQ(&cache.get(sql(1), {}, {true}), first) << "the recent one kept, not prepared again";
  // 2 and 3 were the least recently used: asking again prepares them afresh, and they work.
  BoundStatement& again = cache.get(sql(2), {}, {true});
  auto row = again.queryOne();
  ASSERT_TRUE(row);
  EXPECT_EQ(toText((*row)[0]), "2");
  cache.trim();
  EXPECT_EQ(cache.size(), 3u);
}

TEST(StatementCache, ALeaseGivesItsSessionBackWithABoundedCache) {
  const std::string file = ::testing::TempDir() + "/statement_cache.db";
  std::remove(file.c_str());
  auto db = Database::open("sqlite:" + file, true, 1);
  std::size_t kept = 0;
  {
    SessionLease lease(*db);
    // A server asked for endless filter combinations: each a new SQL text.
    for (std::size_t n = 0; n < StatementCache::kDefaultCapacity * 3; ++n)
      lease.cache().get("SELECT " + std::to_string(n), {}, {true});
    EXPECT_EQ(lease.cache().size(), StatementCache::kDefaultCapacity * 3);
  }
  {
    SessionLease lease(*db);  // the same pooled session, its cache trimmed on return
    kept = lease.cache().size();
  }
  EXPECT_EQ(kept, StatementCache::kDefaultCapacity);
}

}  // namespace
}  // namespace tdr::host
