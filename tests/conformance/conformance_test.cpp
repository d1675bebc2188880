// The contract every plugin must keep (DESIGN §3): a well-formed descriptor, registration that
// loads on an empty database, migrations that apply and then change nothing when applied again,
// and a column for every declared field.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <tdr/plugin.h>

#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/core_plugin.h"
#include "db/catalog.h"
#include "db/database.h"
#include "db/migrator.h"
#include "io/exporter.h"
#include "plugins/host_context.h"
#include "plugins/invocation.h"
#include "plugins/plugin_host.h"
#include "records/record_store.h"
#include "registry/declarations.h"
#include "test_support.h"

namespace {

using namespace tdr::host;

/// A plugin under test and the plugins it needs beside it.
struct Subject {
  std::string name;
  std::string path;
  std::vector<std::string> companions;
};

void PrintTo(const Subject& s, std::ostream* os) { *os << s.name << " (" << s.path << ")"; }

std::vector<std::string> sharedObjects(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec))
    if (f.path().extension() == ".so") out.push_back(f.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> splitPaths(const char* s) {
  std::vector<std::string> out;
  std::stringstream ss(s ? s : "");
  std::string item;
  while (std::getline(ss, item, ':'))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::vector<Subject> subjects() {
  std::vector<Subject> out;
  if (const char* p = std::getenv("TDR_CONFORMANCE_PLUGIN"); p && *p) {
    out.push_back({"external", p, splitPaths(std::getenv("TDR_CONFORMANCE_WITH"))});
    return out;
  }
  auto builtins = sharedObjects(tdr::test::builtinPluginsDir());
  for (const auto& b : builtins) {
    Subject s{std::filesystem::path(b).stem().string(), b, {}};
    for (const auto& other : builtins)
      if (other != b) s.companions.push_back(other);
    out.push_back(s);
  }
  std::string mixed = tdr::test::testPluginsDir() + "/mixed/";
  out.push_back({"fixture_notes", mixed + "notes.so", {}});
  out.push_back({"fixture_memo", mixed + "memo.so", {mixed + "notes.so"}});
  return out;
}

class Conformance : public ::testing::TestWithParam<Subject> {
 protected:
  struct Loaded {
    std::unique_ptr<Database> db;
    std::unique_ptr<PluginHost> host;
    PluginStatus subject;
  };

  Loaded load(bool apply = true) {
    Loaded l;
    l.db = Database::open(dir_.dbUrl(), true);
    l.host = std::make_unique<PluginHost>(l.db->pool().at(0), l.db->dialect());
    l.host->addBuiltIn(makeCorePlugin(), coreDescriptor());
    for (const auto& c : GetParam().companions) l.host->addFile(c);
    l.host->addFile(GetParam().path);
    l.host->finish(apply);
    l.subject = l.host->statuses().back();
    return l;
  }

  std::string schemaDump(soci::session& s) {
    std::string dump, type, name, sql;
    soci::indicator ind;
    const char* catalog =
        tdr::test::onPostgres()
            ? "SELECT c.relkind::text, c.relname::text, pg_get_indexdef(c.oid) FROM pg_class c "
              "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
              "ORDER BY c.relname"
            : "SELECT type, name, sql FROM sqlite_master ORDER BY name";
    soci::statement st =
        (s.prepare << catalog, soci::into(type), soci::into(name), soci::into(sql, ind));
    st.execute();
    while (st.fetch()) dump += type + " " + name + " " + (ind == soci::i_ok ? sql : "") + "\n";
    if (tdr::test::onPostgres()) {
      std::string table, column, dataType;
      soci::statement cols =
          (s.prepare << "SELECT table_name, column_name, data_type FROM information_schema.columns "
                        "WHERE table_schema = current_schema() ORDER BY table_name, column_name",
           soci::into(table), soci::into(column), soci::into(dataType));
      cols.execute();
      while (cols.fetch()) dump += table + "." + column + " " + dataType + "\n";
    }
    std::string owner, checksum;
    int version = 0;
    soci::statement ledger =
        (s.prepare
             << "SELECT owner, version, checksum FROM core_migrations ORDER BY owner, version",
         soci::into(owner), soci::into(version), soci::into(checksum));
    ledger.execute();
    while (ledger.fetch()) dump += owner + " " + std::to_string(version) + " " + checksum + "\n";
    return dump;
  }

  tdr::test::TempDir dir_;
};

TEST_P(Conformance, DescriptorIsWellFormed) {
  boost::dll::shared_library lib(GetParam().path);
  ASSERT_TRUE(lib.has("tdr_plugin_descriptor"));
  ASSERT_TRUE(lib.has("tdr_plugin_create"));
  const auto& d = lib.get_alias<const tdr::PluginDescriptor>("tdr_plugin_descriptor");
  EXPECT_EQ(d.magic, tdr::kPluginMagic);
  EXPECT_EQ(d.abiMajor, TDR_SDK_ABI_MAJOR);
  EXPECT_LE(d.abiMinor, TDR_SDK_ABI_MINOR);
  ASSERT_NE(d.id, nullptr);
  EXPECT_TRUE(isValidIdentifier(d.id)) << d.id;
  ASSERT_NE(d.version, nullptr);
  EXPECT_TRUE(versionSatisfies(d.version, ">=0")) << d.version;
  EXPECT_STREQ(d.buildTag, TDR_BUILD_TAG);
  EXPECT_NO_THROW(migrationsFor(d.schemas, tdr::Dialect::kSQLite));
  EXPECT_NO_THROW(migrationsFor(d.schemas, tdr::Dialect::kPostgreSQL));
}

TEST_P(Conformance, LoadsAndMigratesOnAnEmptyDatabase) {
  auto l = load();
  ASSERT_EQ(l.subject.state, PluginState::kLoaded) << l.subject.reason;
  boost::dll::shared_library lib(GetParam().path);
  const auto& d = lib.get_alias<const tdr::PluginDescriptor>("tdr_plugin_descriptor");
  auto migrations = migrationsFor(d.schemas, l.db->dialect());
  EXPECT_EQ(l.subject.schemaVersion, migrations.empty() ? 0 : migrations.back().version);
}

TEST_P(Conformance, MigratingAgainChangesNothing) {
  std::string before;
  {
    auto first = load();
    ASSERT_EQ(first.subject.state, PluginState::kLoaded) << first.subject.reason;
    before = schemaDump(first.db->pool().at(0));
  }
  auto probe = load(false);
  EXPECT_EQ(probe.subject.state, PluginState::kLoaded) << probe.subject.reason;
  EXPECT_EQ(probe.subject.pendingMigrations, 0);
  auto second = load();
  EXPECT_EQ(second.subject.state, PluginState::kLoaded) << second.subject.reason;
  EXPECT_EQ(schemaDump(second.db->pool().at(0)), before);
}

TEST_P(Conformance, EveryDeclaredFieldHasAColumnAndEveryRecordTypeReads) {
  auto l = load();
  ASSERT_EQ(l.subject.state, PluginState::kLoaded) << l.subject.reason;
  soci::session& s = l.db->pool().at(0);
  CapabilityTable capabilities(l.host->registry());
  HostContext ctx(s, l.db->dialect(), l.host->registry(), capabilities, commandLineOperator(), "");
  int checked = 0;
  for (const auto& entry : l.host->registry().recordTypes()) {
    if (entry.plugin != l.subject.id) continue;
    auto columns = tableColumns(s, l.db->dialect(), entry.type.table);
    for (const auto& c : columnsOf(entry.type)) {
      auto it = columns.find(c.name);
      ASSERT_NE(it, columns.end()) << entry.qualifiedName << ": no column " << c.name;
      EXPECT_TRUE(columnTypeFits(it->second, c.integer)) << entry.qualifiedName << "." << c.name;
    }
    for (const auto& f : entry.type.fields) {
      if (f.type() == tdr::FieldType::kReference) {
        EXPECT_NE(l.host->registry().recordType(f.target()), nullptr) << f.target();
      }
    }
    std::ostringstream out;
    ExportOptions o;
    o.format = TableWriter::Format::kJson;
    long long rows = 0;
    s << "SELECT COUNT(*) FROM " + entry.type.table, soci::into(rows);  // seeded rows, if any
    EXPECT_EQ(exportRecords(ctx, l.host->registry(), entry, out, o), rows);
    EXPECT_EQ(out.str().substr(0, 1), "[");
    ++checked;
  }
  SUCCEED() << checked << " record type(s) checked";
}

TEST_P(Conformance, ActionsAndReportsNeedDeclaredCapabilities) {
  auto l = load();
  ASSERT_EQ(l.subject.state, PluginState::kLoaded) << l.subject.reason;
  std::set<std::string> declared;
  for (const auto& c : l.host->registry().capabilities()) declared.insert(c.name);
  const std::string prefix = l.subject.id + ".";
  for (const auto& [name, action] : l.host->registry().actions()) {
    if (name.rfind(prefix, 0) == 0 && !action.pluginsOnly) {
      EXPECT_TRUE(declared.count(action.capability)) << name << " needs " << action.capability;
    }
  }
  for (const auto& [name, report] : l.host->registry().reports()) {
    if (name.rfind(prefix, 0) == 0) {
      EXPECT_TRUE(declared.count(report.capability)) << name << " needs " << report.capability;
    }
  }
}

// SDK 2: the declarations carry what a user interface needs — titles, labelled parameters and
// report columns, record actions bound to declared states, roles holding declared capabilities,
// and every record type about people naming its teacher for own-record scope.
TEST_P(Conformance, DeclarationsDescribeTheUserSurface) {
  auto l = load();
  ASSERT_EQ(l.subject.state, PluginState::kLoaded) << l.subject.reason;
  const Registry& reg = l.host->registry();
  std::set<std::string> declared;
  for (const auto& c : reg.capabilities()) {
    declared.insert(c.name);
    if (c.name.rfind(l.subject.id + ":", 0) == 0) {
      EXPECT_FALSE(c.description.empty()) << c.name;
    }
  }
  auto labelled = [](const std::string& where, const std::vector<tdr::Field>& params) {
    for (const auto& f : params) EXPECT_FALSE(f.label().empty()) << where << " " << f.name();
  };
  for (const auto& [name, a] : reg.actions()) {
    if (a.plugin != l.subject.id) continue;
    EXPECT_FALSE(a.title.empty()) << name;
    labelled(name, a.params);
  }
  for (const auto& [name, r] : reg.reports()) {
    if (r.plugin != l.subject.id) continue;
    EXPECT_FALSE(r.title.empty()) << name;
    EXPECT_FALSE(r.columns.empty()) << name;
    for (const auto& c : r.columns) EXPECT_FALSE(c.label.empty()) << name << " " << c.key;
    labelled(name, r.params);
  }
  for (const auto& a : reg.allRecordActions()) {
    if (a.plugin != l.subject.id) continue;
    EXPECT_TRUE(declared.count(a.capability)) << a.name << " needs " << a.capability;
    const auto* type = reg.recordType(a.plugin + "." + a.recordType);
    ASSERT_NE(type, nullptr) << a.recordType;
    if (!a.stateField.empty()) {
      EXPECT_NE(type->type.field(a.stateField), nullptr) << a.name;
    }
    labelled(a.name, a.params);
  }
  for (const auto& r : reg.roles()) {
    if (r.plugin != l.subject.id) continue;
    EXPECT_FALSE(r.label.empty()) << r.id;
    for (const auto& c : r.capabilities) EXPECT_TRUE(declared.count(c)) << r.id << " holds " << c;
  }
  for (const auto& entry : reg.recordTypes()) {
    if (entry.plugin != l.subject.id) continue;
    EXPECT_FALSE(entry.type.label.empty()) << entry.qualifiedName;
    bool people = false;
    for (const auto& f : entry.type.fields) {
      EXPECT_FALSE(f.label().empty()) << entry.qualifiedName << "." << f.name();
      people = people || (f.type() == tdr::FieldType::kReference && f.target() == "core.teachers");
    }
    // (The test fixtures keep district-only notes: hidden from scoped users, as tested.)
    if (people && GetParam().name.rfind("fixture_", 0) != 0) {
      EXPECT_FALSE(entry.type.teacherField.empty())
          << entry.qualifiedName << " references teachers but names no teacher field";
    }
  }
}

// SDK 2.1: the plugin says what it is (a title), and each declared portfolio section, run for a
// real teacher with no records yet, gives only declared facts and rows as wide as its columns.
TEST_P(Conformance, PortfolioSectionsFitTheirDeclaration) {
  auto l = load();
  ASSERT_EQ(l.subject.state, PluginState::kLoaded) << l.subject.reason;
  const Registry& reg = l.host->registry();
  const bool sdk21 = l.subject.abiMajor > 2 || (l.subject.abiMajor == 2 && l.subject.abiMinor >= 1);
  if (sdk21 && GetParam().name.rfind("fixture_", 0) != 0) {
    EXPECT_NE(reg.pluginTitle(l.subject.id), l.subject.id) << "the plugin declares no title";
  }
  soci::session& s = l.db->pool().at(0);
  s << "INSERT INTO core_schools (code, name, stage) VALUES ('C0001', '测试学校', 'primary')";
  long long school = 0, teacher = 0;
  s << "SELECT id FROM core_schools WHERE code = 'C0001'", soci::into(school);
  s << "INSERT INTO core_teachers (staff_no, name, home_school_id, hire_date) VALUES ('C1', "
       "'测试教师', :s, '2015-09-01')",
      soci::use(school);
  s << "SELECT id FROM core_teachers WHERE staff_no = 'C1'", soci::into(teacher);
  CapabilityTable capabilities(reg);
  HostContext ctx(s, l.db->dialect(), reg, capabilities, commandLineOperator(), "");
  for (const auto& [plugin, section] : reg.portfolio()) {
    if (plugin != l.subject.id) continue;
    EXPECT_FALSE(section.title.empty()) << section.name;
    if (section.legacy) continue;  // SDK 2.0's free-form JSON
    const PortfolioDecl& decl = section;
    tdr::PortfolioData data = ctx.asPlugin(plugin, "", [&] { return decl.fn(ctx, teacher); });
    for (const auto& [name, value] : data.facts.values()) {
      bool known = false;
      for (const auto& f : decl.facts) known = known || f.name() == name;
      EXPECT_TRUE(known) << plugin << "." << decl.name << " gives undeclared fact " << name;
    }
    for (const auto& row : data.rows)
      EXPECT_EQ(row.size(), decl.columns.size()) << plugin << "." << decl.name;
  }
}

// SDK 2.2: every declared indicator counts on a fresh database (its report runs with its
// parameters and gives a number), and report choices label only declared columns.
TEST_P(Conformance, IndicatorsCountOnAFreshDatabase) {
  auto l = load();
  ASSERT_EQ(l.subject.state, PluginState::kLoaded) << l.subject.reason;
  const Registry& reg = l.host->registry();
  soci::session& s = l.db->pool().at(0);
  CapabilityTable capabilities(reg);
  HostContext ctx(s, l.db->dialect(), reg, capabilities, commandLineOperator(), "");
  Invocation run(ctx);
  for (const auto& i : reg.indicators()) {
    if (i.plugin != l.subject.id) continue;
    long long n = -1;
    EXPECT_NO_THROW(n = run.countIndicator(i.plugin, i.name)) << i.plugin << "." << i.name;
    EXPECT_GE(n, 0) << i.plugin << "." << i.name;
  }
  for (const auto& [name, report] : reg.reports())
    for (const auto& [column, choices] : report.choices) {
      bool declared = false;
      for (const auto& c : report.columns) declared = declared || c.key == column;
      EXPECT_TRUE(declared) << name << " labels undeclared column " << column;
    }
}

INSTANTIATE_TEST_SUITE_P(Plugins, Conformance, ::testing::ValuesIn(subjects()),
                         [](const ::testing::TestParamInfo<Subject>& info) {
                           return info.param.name;
                         });

}  // namespace
