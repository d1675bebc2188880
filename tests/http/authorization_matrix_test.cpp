// Every role × every record type × every verb, on a real server with the built-in plugins,
// against what the declarations say: the capability grants (capability default roles, role
// capability lists, all / all-read roles), the read and write capability of each type, and the
// role's scope with the type's school and teacher fields. Each cell is one request and one
// assertion; a cell the declarations forbid must be 403, an allowed one must get past the
// check (the record id does not exist, so reads and writes of a single record are 404).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/runtime.h"
#include "http_fixture.h"

namespace {

using tdr::RoleScope;
using tdr::test::HttpResponse;

class AuthorizationMatrix : public tdr::test::ServerSuite<AuthorizationMatrix> {
 public:
  static std::string pluginDir() { return tdr::test::builtinPluginsDir(); }
};

// The grants as declared, computed here from the declarations alone.
class Grants {
 public:
  explicit Grants(const tdr::host::Registry& r) {
    for (const auto& role : r.roles()) {
      auto& held = held_[role.id];
      held.insert(role.capabilities.begin(), role.capabilities.end());
      if (role.allCapabilities) all_.insert(role.id);
      for (const auto& c : r.capabilities()) {
        for (const auto& d : c.defaultRoles)
          if (d == role.id) held.insert(c.name);
        if (role.allReadCapabilities && c.name.size() > 5 &&
            c.name.compare(c.name.find(':') + 1, 4, "read") == 0)
          held.insert(c.name);
      }
      scope_[role.id] = role.scope;
    }
  }
  bool holds(const std::string& role, const std::string& cap) const {
    return all_.count(role) || held_.at(role).count(cap);
  }
  RoleScope scope(const std::string& role) const { return scope_.at(role); }
  std::vector<std::string> roles() const {
    std::vector<std::string> out;
    for (const auto& [id, caps] : held_) out.push_back(id);
    return out;
  }

 private:
  std::map<std::string, std::set<std::string>> held_;
  std::set<std::string> all_;
  std::map<std::string, RoleScope> scope_;
};

// A body giving every required parameter a value of its type, so that only the missing record
// (404) or the missing grant (403) can refuse.
std::string paramsBody(const std::vector<tdr::Field>& params) {
  std::string body;
  for (const auto& p : params) {
    if (!p.isRequired()) continue;
    std::string v;
    switch (p.type()) {
      case tdr::FieldType::kInteger:
      case tdr::FieldType::kYear:
        v = "2026";
        break;
      case tdr::FieldType::kBoolean:
        v = "true";
        break;
      case tdr::FieldType::kDate:
        v = "\"2026-01-05\"";
        break;
      case tdr::FieldType::kChoice:
        v = "\"" + p.choices().front().code + "\"";
        break;
      case tdr::FieldType::kMoney:
        v = "\"1.00\"";
        break;
      case tdr::FieldType::kHoursX10:
        v = "\"1.0\"";
        break;
      default:
        v = "\"矩阵测试\"";
        break;
    }
    body += (body.empty() ? "" : ", ") + ("\"" + p.name() + "\": ") + v;
  }
  return "{" + body + "}";
}

struct Cell {
  std::string verb;
  bool allowed;
  HttpResponse response;
  std::set<int> allowedStatus;  // what an allowed cell may answer
};

TEST_F(AuthorizationMatrix, EveryRoleRecordTypeAndVerbAsDeclared) {
  tdr::host::RuntimeOptions o;
  o.dbUrl = s().dbUrl();
  o.pluginDir = pluginDir();
  o.applyMigrations = false;
  tdr::host::Runtime rt(o);
  const auto& registry = rt.registry();
  Grants grants(registry);
  const std::string missing = "999999999";
  std::size_t cells = 0, forbidden = 0;
  std::set<std::string> rolesSeen;
  for (const std::string& role : grants.roles()) {
    ASSERT_TRUE(s().hasRole(role)) << "the fixture has no user for declared role " << role;
    rolesSeen.insert(role);
    const std::string& token = s().token(role);
    const RoleScope scope = grants.scope(role);
    for (const auto& entry : registry.recordTypes()) {
      const tdr::RecordType& t = entry.type;
      const std::string readCap =
          t.readCapability.empty() ? entry.plugin + ":read" : t.readCapability;
      const std::string writeCap =
          t.writeCapability.empty() ? entry.plugin + ":write" : t.writeCapability;
      bool people = entry.qualifiedName == "core.teachers";
      for (const auto& f : t.fields)
        people =
            people || (f.type() == tdr::FieldType::kReference && f.target() == "core.teachers");
      const bool bound = entry.qualifiedName != "core.schools" && !t.schoolField.empty();
      const bool own = !t.teacherField.empty();
      const bool hidden = (scope == RoleScope::kSchool && people && !bound) ||
                          (scope == RoleScope::kOwnRecords && people && !own);
      const bool unwritable =
          (scope == RoleScope::kSchool && !bound) || (scope == RoleScope::kOwnRecords && !own);
      const bool read = grants.holds(role, readCap) && !hidden;
      const bool write = grants.holds(role, writeCap) && !hidden && !unwritable;

      const std::string base = "/api/v1/" + entry.plugin + "/" + t.name;
      std::string keyHeader;
      for (const auto& k : t.naturalKey) keyHeader += (keyHeader.empty() ? "" : ",") + k;
      std::vector<Cell> row = {
          {"list", read, s().request("GET", base, token), {200}},
          {"get", read, s().request("GET", base + "/" + missing, token), {404}},
          {"export", read, s().request("GET", base + "/export", token), {200}},
          // An empty record: refused by validation (422) or, where nothing is required, made.
          {"create", write, s().request("POST", base, token, "{}"), {201, 422}},
          {"update", write, s().request("PUT", base + "/" + missing, token, "{}"), {404}},
          {"delete", write, s().request("DELETE", base + "/" + missing, token), {404}},
          {"import",
           write,
           s().request("POST", base + "/import?dry_run=true", token,
                       (keyHeader.empty() ? "id" : keyHeader) + "\n", "text/csv"),
           {202}},
      };
      for (const auto* a : registry.recordActions(entry.qualifiedName))
        row.push_back({"action " + a->name,
                       grants.holds(role, a->capability),
                       s().request("POST", base + "/" + missing + "/actions/" + a->name, token,
                                   paramsBody(a->params)),
                       {404}});
      for (const auto& c : row) {
        ++cells;
        const std::string where = role + " × " + entry.qualifiedName + " × " + c.verb;
        if (c.allowed) {
          EXPECT_TRUE(c.allowedStatus.count(c.response.status))
              << where << ": allowed, got " << c.response.status << " " << c.response.body;
        } else {
          ++forbidden;
          EXPECT_EQ(c.response.status, 403) << where << ": forbidden, got " << c.response.body;
        }
        if (c.verb == "create" && c.response.status == 201) {  // leave nothing behind
          long long id = tdr::test::json(c.response.body)->getValue<long long>("id");
          s().request("DELETE", base + "/" + std::to_string(id), s().token("admin"));
        }
      }
    }
  }
  // The matrix is the whole district's: 8 roles, every record type, both outcomes.
  EXPECT_GE(rolesSeen.size(), 8u);
  EXPECT_GE(registry.recordTypes().size(), 20u);
  EXPECT_GT(forbidden, 0u);
  EXPECT_LT(forbidden, cells);
  RecordProperty("cells", static_cast<int>(cells));
}

}  // namespace
