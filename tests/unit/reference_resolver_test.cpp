// References resolved from file cells against a real (in-memory SQLite) table: an integer key
// is matched whole, never by a numeric prefix, and a non-number names no record (no throw).
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "records/field_codec.h"
#include "registry/declarations.h"
#include "registry/registry.h"

namespace {

using tdr::Field;

class ReferenceResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tdr::RecordType items;
    items.name = "items";
    items.label = "项目";
    items.table = "t_items";
    items.fields = {Field::integer("num", "编号").required()};
    items.naturalKey = {"num"};
    tdr::host::Declarations d;
    d.recordTypes.push_back(items);
    registry_.add("t", d);
    db_ << "CREATE TABLE t_items (id INTEGER PRIMARY KEY, num BIGINT NOT NULL)";
    db_ << "INSERT INTO t_items (id, num) VALUES (5, 12)";
  }
  soci::session db_{soci::sqlite3, ":memory:"};
  tdr::host::Registry registry_;
};

TEST_F(ReferenceResolverTest, IntegerKeysMatchWholeNumbersOnly) {
  tdr::host::ReferenceResolver refs(db_, registry_);
  tdr::host::FieldCodec codec(refs, std::string(64, '1'));
  const Field ref = Field::reference("item", "项目", "t.items");
  tdr::Record r;
  EXPECT_EQ(codec.parse(ref, "12", r), "");
  EXPECT_EQ(std::get<long long>(r.get("item")), 5);
  for (const char* cell : {"12abc", "abc", "12.0", "99999999999999999999"}) {
    tdr::Record bad;
    std::string why;
    EXPECT_NO_THROW(why = codec.parse(ref, cell, bad)) << cell;
    EXPECT_NE(why.find(cell), std::string::npos) << cell << ": " << why;
    EXPECT_TRUE(tdr::isNull(bad.get("item"))) << cell;
  }
  EXPECT_EQ(codec.format(ref, r), "12");
}

TEST(BoundStatementTest, TextForAnIntegerParameterMustBeAWholeNumber) {
  soci::session db(soci::sqlite3, ":memory:");
  db << "CREATE TABLE n (v BIGINT)";
  tdr::host::BoundStatement insert(db, "INSERT INTO n (v) VALUES (:v)", {true}, {});
  insert.set(0, tdr::Value{std::string("42")});
  insert.execute();
  EXPECT_THROW(insert.set(0, tdr::Value{std::string("42x")}), tdr::Error);
  EXPECT_THROW(insert.set(0, tdr::Value{std::string("")}), tdr::Error);
  long long n = 0;
  EXPECT_TRUE(tdr::host::parseInteger("-7", n));
  EXPECT_EQ(n, -7);
  EXPECT_FALSE(tdr::host::parseInteger("+7", n));
  EXPECT_FALSE(tdr::host::parseInteger("7 ", n));
}

}  // namespace
