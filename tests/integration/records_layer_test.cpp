// The records layer on a real database (SQLite and, as pg. tests, PostgreSQL): the store's SQL
// — multi-row inserts, batched natural-key and unique-value look-ups, updates one by one and in
// batches, filtered and sorted pages — and the service's scoping of school and own-record
// users, directly, without the HTTP or CLI around them.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <tdr/error.h>
#include <tdr/json.h>

#include <chrono>
#include <thread>

#include "app/runtime.h"
#include "db/database.h"
#include "db/transaction.h"
#include "plugins/host_context.h"
#include "records/field_codec.h"
#include "records/record_service.h"
#include "records/record_store.h"
#include "test_support.h"

namespace tdr::host {
namespace {

JsonPtr parseJson(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<JsonPtr>();
}

class RecordsLayer : public ::testing::Test {
 protected:
  void SetUp() override {
    RuntimeOptions o;
    o.dbUrl = dir_.dbUrl();
    o.pluginDir = tdr::test::noPluginsDir();
    o.create = true;
    rt_ = std::make_unique<Runtime>(o);
  }
  const RecordTypeEntry& type(const std::string& name) {
    return rt_->registry().requireRecordType(name);
  }
  static std::size_t column(const RecordStore& store, const std::string& key) {
    for (std::size_t c = 0; c < store.columns().size(); ++c)
      if (store.columns()[c].key == key) return c;
    ADD_FAILURE() << "no column " << key;
    return 0;
  }
  static std::vector<Value> school(const RecordStore& store, const std::string& code,
                                   const std::string& name, const std::string& stage) {
    std::vector<Value> row(store.columns().size());
    row[column(store, "code")] = Value{code};
    row[column(store, "name")] = Value{name};
    row[column(store, "stage")] = Value{stage};
    return row;
  }
  User user(const std::string& login, const std::string& role) {
    User u;
    u.login = login;
    u.role = role;
    const RoleDecl* r = rt_->registry().role(role);
    if (r) u.scope = r->scope;
    return u;
  }

  tdr::test::TempDir dir_;
  std::unique_ptr<Runtime> rt_;
};

TEST_F(RecordsLayer, StoreWritesAndFindsInBatches) {
  soci::session& s = rt_->session();
  RecordStore store(s, type("core.schools"));
  const std::size_t code = column(store, "code"), name = column(store, "name"),
                    stage = column(store, "stage");
  EXPECT_TRUE(store.empty());
  WriteTransaction tx(s);
  store.insertMany({school(store, "S1", "一小", "primary"), school(store, "S2", "二中", "junior"),
                    school(store, "S3", "三小", "primary")},
                   {code, name, stage});
  EXPECT_EQ(store.count(), 3);

  // Natural keys looked up together: found, missing and found again, in the order asked.
  Record k2, kMissing, k1;
  k2.set("code", Value{std::string("S2")});
  kMissing.set("code", Value{std::string("ZZ")});
  k1.set("code", Value{std::string("S1")});
  auto found = store.findManyByNaturalKey({&k2, &kMissing, &k1});
  ASSERT_EQ(found.size(), 3u);
  ASSERT_TRUE(found[0] && found[2]);
  EXPECT_FALSE(found[1]);
  EXPECT_EQ(toText(found[0]->get("name")), "二中");
  EXPECT_EQ(toText(found[2]->get("name")), "一小");
  const long long s1 = found[2]->id(), s2 = found[0]->id();

  // One update of one column, then a batch of two: only the named column changes.
  Record renamed = *found[2];
  renamed.set("name", Value{std::string("第一小学")});
  renamed.set("stage", Value{std::string("senior")});  // not among the changed columns
  store.update(s1, renamed, {name});
  EXPECT_EQ(toText(store.findById(s1)->get("name")), "第一小学");
  EXPECT_EQ(toText(store.findById(s1)->get("stage")), "primary");
  auto s3 = store.findByNaturalKey([] {
    Record r;
    r.set("code", Value{std::string("S3")});
    return r;
  }());
  ASSERT_TRUE(s3);
  store.updateMany({{s2, school(store, "S2", "第二中学", "junior")},
                    {s3->id(), school(store, "S3", "第三小学", "primary")}},
                   {name});
  EXPECT_EQ(toText(store.findById(s2)->get("name")), "第二中学");
  EXPECT_EQ(toText(store.findById(s3->id())->get("name")), "第三小学");

  // Unique values: who holds them, and whether one is taken by another record.
  auto holders =
      store.holders(store.columns()[code], {Value{std::string("S1")}, Value{std::string("S9")}});
  EXPECT_EQ(holders["S1"], s1);
  EXPECT_EQ(holders["S9"], 0);
  EXPECT_FALSE(store.valueTaken(store.columns()[code], Value{std::string("S1")}, s1));
  EXPECT_TRUE(store.valueTaken(store.columns()[code], Value{std::string("S1")}, s2));

  // A filtered page sorted by code descending, and its count.
  std::vector<RecordStore::Filter> primary{{stage, Value{std::string("primary")}}};
  auto page = store.page(primary, "", std::nullopt, code, true, 1, 0);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(toText(page[0].get("code")), "S3");
  auto next = store.page(primary, "", std::nullopt, code, true, 1, 1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(toText(next[0].get("code")), "S1");
  EXPECT_EQ(store.countMatching(primary, "", std::nullopt), 2);

  store.remove(s3->id());
  EXPECT_EQ(store.count(), 2);
  EXPECT_FALSE(store.findById(s3->id()));
  tx.commit();
}

// Text that COPY's format (PostgreSQL) and array literals must escape comes back as it went in,
// keys holding quotes and backslashes are found, and a batch the database refuses (a unique
// key already taken) throws, writes none of its rows and leaves the session usable.
TEST_F(RecordsLayer, BulkWritesKeepAwkwardTextAndARefusedBatchWritesNothing) {
  soci::session& s = rt_->session();
  RecordStore store(s, type("core.schools"));
  const std::size_t code = column(store, "code"), name = column(store, "name"),
                    stage = column(store, "stage");
  const std::string awkward = "a\\b\tc\nd\re \\N \"q\" ,{x} 中文";
  {
    WriteTransaction tx(s);
    store.insertMany(
        {school(store, "Q\"1\\", awkward, "primary"), school(store, "Q2", "", "junior")},
        {code, name, stage});
    tx.commit();
  }
  Record quoted, plain;
  quoted.set("code", Value{std::string("Q\"1\\")});
  plain.set("code", Value{std::string("Q2")});
  auto found = store.findManyByNaturalKey({&quoted, &plain});
  ASSERT_TRUE(found[0] && found[1]);
  EXPECT_EQ(toText(found[0]->get("name")), awkward);
  EXPECT_EQ(toText(found[1]->get("name")), "") << "an empty text is not NULL";
  EXPECT_FALSE(isNull(found[1]->get("name")));

  {
    WriteTransaction tx(s);
    EXPECT_THROW(store.insertMany(
                     {school(store, "Q3", "三", "primary"), school(store, "Q2", "重复", "primary")},
                     {code, name, stage}),
                 soci::soci_error);
  }  // rolled back
  EXPECT_EQ(store.count(), 2);
  Record q3;
  q3.set("code", Value{std::string("Q3")});
  EXPECT_FALSE(store.findByNaturalKey(q3)) << "nothing of the refused batch is written";
}

// An import's batch helpers: an empty table guarded by unique indexes (PostgreSQL), references
// resolved together (PostgreSQL) and a plugin's field reads read ahead by blocks of ids — each
// without changing what is read.
TEST_F(RecordsLayer, ImportBatchHelpersReadWhatTheyWouldOneByOne) {
  soci::session& s = rt_->session();
  const bool pg = rt_->database().dialect() == Dialect::kPostgreSQL;
  RecordStore store(s, type("core.schools"));
  const std::size_t code = column(store, "code"), name = column(store, "name"),
                    stage = column(store, "stage");
  WriteTransaction tx(s);
  // Guarded: empty, and on PostgreSQL the school code has a unique index.
  EXPECT_TRUE(store.emptyAndGuarded({}));
  if (pg) {
    // Nothing is locked: another session writes the table meanwhile.
    auto other = Database::open(dir_.dbUrl(), false);
    SessionLease o(*other);
    *o << "SET lock_timeout = '200ms'";
    EXPECT_NO_THROW(*o << "INSERT INTO core_schools (code, name, stage) VALUES ('L1', 'x', "
                          "'primary')");
    *o << "DELETE FROM core_schools WHERE code = 'L1'";
    // Without a unique index on the key, an empty table is not enough.
    std::string constraint;
    s << "SELECT conname FROM pg_constraint WHERE conrelid = CAST('core_schools' AS regclass) "
         "AND contype = 'u'",
        soci::into(constraint);
    ASSERT_FALSE(constraint.empty());
    s << "SAVEPOINT unguarded";
    s << "ALTER TABLE core_schools DROP CONSTRAINT " + constraint;
    EXPECT_FALSE(store.emptyAndGuarded({})) << "no unique index guards the natural key";
    s << "ROLLBACK TO SAVEPOINT unguarded";
    EXPECT_TRUE(store.emptyAndGuarded({}));
  }
  const std::string awkward[] = {"Q\"1\\", "Q,{2}", "Q 3"};
  store.insertMany(
      {school(store, awkward[0], "一", "primary"), school(store, awkward[1], "二", "junior"),
       school(store, awkward[2], "三", "primary")},
      {code, name, stage});
  EXPECT_FALSE(store.emptyAndGuarded({}));

  ReferenceResolver refs(s, rt_->registry());
  refs.prefetch("core.schools", {awkward[0], awkward[1], awkward[2], "ZZ", awkward[0]});
  std::vector<long long> ids;
  for (const auto& k : awkward) {
    auto id = refs.idFor("core.schools", k);
    ASSERT_TRUE(id) << k;
    ids.push_back(*id);
  }
  EXPECT_FALSE(refs.idFor("core.schools", "ZZ"));
  store.insertMany({school(store, "ZZ", "后来的", "primary")}, {code, name, stage});
  EXPECT_TRUE(refs.idFor("core.schools", "ZZ")) << "a key not found is not remembered as missing";

  HostContext ctx(s, rt_->database().dialect(), rt_->registry(), rt_->capabilities(),
                  commandLineOperator(), "");
  // The first read is of one record; the second (a miss) reads the block of ids around it.
  EXPECT_EQ(toText(ctx.recordField("core.schools", ids[0], "name")), "一");
  EXPECT_EQ(toText(ctx.recordField("core.schools", ids[1], "name")), "二");
  s << "UPDATE core_schools SET name = '改' WHERE id = " + std::to_string(ids[2]);
  EXPECT_EQ(toText(ctx.recordField("core.schools", ids[2], "name")), "三")
      << "read ahead with the block: the store's later change is not asked for";
  Record renamed;
  renamed.setId(ids[2]);
  renamed.set("name", Value{std::string("新")});
  ctx.save("core.schools", renamed);
  EXPECT_EQ(toText(ctx.recordField("core.schools", ids[2], "name")), "新")
      << "a save through the context forgets the value read ahead";
  store.insertMany({school(store, "Z4", "新建", "junior")}, {code, name, stage});
  Record z4;
  z4.set("code", Value{std::string("Z4")});
  auto created = store.findByNaturalKey(z4);
  ASSERT_TRUE(created);
  EXPECT_EQ(toText(ctx.recordField("core.schools", created->id(), "name")), "新建")
      << "an id the block did not hold is asked for by itself";
  if (pg) {
    // The resolver answers from what it fetched: a key whose row is gone within this
    // transaction still resolves (on SQLite each key is asked when needed).
    ReferenceResolver fetched(s, rt_->registry());
    fetched.prefetch("core.schools", {"ZZ"});
    s << "DELETE FROM core_schools WHERE code = 'ZZ'";
    EXPECT_TRUE(fetched.idFor("core.schools", "ZZ")) << "prefetched in one query";
  }
}

// A page of a filtered list: the matches in id order, either way, the last page short — and on
// PostgreSQL only the page's rows are read from the table (its ids come from the index on the
// filter and the id, migration core/0008), not every match nor every row skipped.
TEST_F(RecordsLayer, APageOfAFilteredListReadsOnlyItsRows) {
  soci::session& s = rt_->session();
  const bool pg = rt_->database().dialect() == Dialect::kPostgreSQL;
  RecordStore schools(s, type("core.schools"));
  RecordStore teachers(s, type("core.teachers"));
  const std::size_t code = column(schools, "code"), name = column(schools, "name"),
                    stage = column(schools, "stage");
  const std::size_t staff = column(teachers, "staff_no"), tname = column(teachers, "name"),
                    home = column(teachers, "home_school");
  long long a = 0;
  {
    WriteTransaction tx(s);
    std::vector<std::vector<Value>> rows;
    for (int k = 0; k < 400; ++k)
      rows.push_back(school(schools, "S" + std::to_string(10 + k), "学校", "primary"));
    schools.insertMany(rows, {code, name, stage});
    std::vector<long long> ids(400);
    for (int k = 0; k < 400; ++k)
      s << "SELECT id FROM core_schools WHERE code = 'S" + std::to_string(10 + k) + "'",
          soci::into(ids[k]);
    a = ids[0];
    rows.clear();
    for (int i = 0; i < 8000; ++i) {  // the schools' teachers interleaved: 20 in each
      std::vector<Value> row(teachers.columns().size());
      row[staff] = Value{"T" + std::to_string(100000 + i)};
      row[tname] = Value{"教师" + std::to_string(i)};
      row[home] = Value{ids[i % 400]};
      rows.push_back(std::move(row));
    }
    teachers.insertMany(rows, {staff, tname, home});
    tx.commit();
  }
  const std::vector<RecordStore::Filter> inA{{home, Value{a}}};
  auto ascending = teachers.page(inA, "", std::nullopt, std::nullopt, false, 25, 15);
  ASSERT_EQ(ascending.size(), 5u) << "20 teachers in the school: the page from 15 has 5";
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    EXPECT_EQ(std::get<long long>(ascending[i].get("home_school")), a);
    if (i) {
      EXPECT_LT(ascending[i - 1].id(), ascending[i].id());
    }
  }
  EXPECT_EQ(toText(ascending.back().get("staff_no")), "T107600");
  auto descending = teachers.page(inA, "", std::nullopt, std::nullopt, true, 3, 1);
  ASSERT_EQ(descending.size(), 3u);
  EXPECT_EQ(toText(descending[0].get("staff_no")), "T107200");
  EXPECT_EQ(toText(descending[2].get("staff_no")), "T106400");
  EXPECT_EQ(teachers.countMatching(inA, "", std::nullopt), 20);
  if (!pg) return;
  // As a large import ends: VACUUM marks the table's pages all-visible, so the index answers
  // alone. It can only once the inserts' commit is flushed, which the test server (committing
  // asynchronously) does within a moment: VACUUM again until it has.
  for (int tries = 0; tries < 50; ++tries) {
    s << "VACUUM ANALYZE core_teachers";
    long long pages = 0, visible = 0;
    s << "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'core_teachers'",
        soci::into(pages), soci::into(visible);
    if (visible == pages) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // What this session read from the table (PostgreSQL's statistics not yet reported, which a
  // transaction's statements add to), before and after the page.
  auto readSoFar = [&s] {
    long long fetched = -1, scanned = -1;
    s << "SELECT COALESCE(idx_tup_fetch, 0), COALESCE(seq_tup_read, 0) FROM "
         "pg_stat_xact_user_tables WHERE relname = 'core_teachers'",
        soci::into(fetched), soci::into(scanned);
    return std::make_pair(fetched, scanned);
  };
  WriteTransaction tx(s);
  // The first page and one far on, each: the rows read from the table are the page's.
  for (long long offset : {0LL, 10LL}) {
    const auto before = readSoFar();
    auto page = teachers.page(inA, "", std::nullopt, std::nullopt, false, 5, offset);
    ASSERT_EQ(page.size(), 5u);
    EXPECT_EQ(toText(page[0].get("staff_no")), "T" + std::to_string(100000 + 400 * offset));
    const auto after = readSoFar();
    EXPECT_EQ(after.second, before.second) << "no scan of the whole table; offset " << offset;
    EXPECT_LE(after.first - before.first, 5)
        << "rows read from the table for a page of 5 after " << offset << " skipped";
  }
}

TEST_F(RecordsLayer, ServiceScopesSchoolAndOwnRecordUsersOnTheStoredRows) {
  soci::session& s = rt_->session();
  {  // each create is its own transaction, as over HTTP
    auto admin = rt_->context(s, user("admin1", "admin"));
    RecordService schools(*admin, rt_->registry(), type("core.schools"), "");
    for (const char* c : {"A", "B"})
      schools.create(parseJson(std::string("{\"code\": \"") + c + "\", \"name\": \"" + c +
                               "校\", \"stage\": \"primary\"}"));
    RecordService teachers(*admin, rt_->registry(), type("core.teachers"), "");
    for (const char* t : {"A1|A", "A2|A", "B1|B"}) {
      std::string staff(t, 2), home(t + 3);
      teachers.create(parseJson("{\"staff_no\": \"" + staff + "\", \"name\": \"师" + staff +
                                "\", \"home_school\": \"" + home + "\"}"));
    }
  }
  long long schoolA = 0, b1 = 0;
  s << "SELECT id FROM core_schools WHERE code = 'A'", soci::into(schoolA);
  s << "SELECT id FROM core_teachers WHERE staff_no = 'B1'", soci::into(b1);

  // A school administrator of A: lists only A's teachers; B's teacher does not exist for them.
  User sa = user("sa1", "school_admin");
  sa.schoolId = schoolA;
  auto saCtx = rt_->context(s, sa);
  RecordService forSa(*saCtx, rt_->registry(), type("core.teachers"), "");
  std::string list = forSa.list({});
  EXPECT_NE(list.find("\"A1\""), std::string::npos) << list;
  EXPECT_NE(list.find("\"A2\""), std::string::npos) << list;
  EXPECT_EQ(list.find("\"B1\""), std::string::npos) << list;
  EXPECT_NE(list.find("\"total\": 2"), std::string::npos) << list;
  try {
    forSa.get(b1);
    ADD_FAILURE() << "another school's teacher was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound) << e.what();
  }

  // A teacher (login = staff number): their own row only.
  auto tCtx = rt_->context(s, user("A2", "teacher"));
  RecordService forTeacher(*tCtx, rt_->registry(), type("core.teachers"), "");
  std::string own = forTeacher.list({});
  EXPECT_NE(own.find("\"A2\""), std::string::npos) << own;
  EXPECT_NE(own.find("\"total\": 1"), std::string::npos) << own;
}

}  // namespace
}  // namespace tdr::host
