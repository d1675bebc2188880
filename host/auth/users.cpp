#include "auth/users.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timespan.h>
#include <soci/soci.h>
#include <tdr/error.h>

#include <algorithm>
#include <sstream>

#include "auth/password.h"
#include "db/bound_statement.h"
#include "registry/registry.h"
#include "util/digest.h"
#include "util/text.h"
#include "util/timestamps.h"

namespace tdr::host {

namespace {
constexpr const char* kSessionLabel = "web session";  // the tokens of web log-ins
}  // namespace

namespace {

bool validLogin(const std::string& s) {
  if (s.size() < 2 || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.' || c == '-' || c == '@'))
      return false;
  return true;
}

long long userId(soci::session& s, const std::string& login) {
  long long id = 0;
  s << "SELECT id FROM core_users WHERE login = :l", soci::use(login), soci::into(id);
  if (!s.got_data()) throw notFound("no user '" + login + "'");
  return id;
}

}  // namespace

std::map<std::string, std::string> parseAttributes(const std::string& json) {
  std::map<std::string, std::string> out;
  if (json.empty() || json == "{}") return out;
  try {
    auto obj = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    for (const auto& [k, v] : *obj) out[k] = v.isEmpty() ? std::string() : v.convert<std::string>();
  } catch (const Poco::Exception&) {
    // A damaged attribute column grants nothing rather than failing every request.
  }
  return out;
}

long long addUser(soci::session& s, const Registry& registry, const std::string& login,
                  const std::string& role, const std::string& schoolCode,
                  const std::map<std::string, std::string>& attributes) {
  if (!validLogin(login))
    throw validationError(tr("登录名 '" + login + "'：请用 2–64 个字符（a-z A-Z 0-9 _ . - @）",
                             "login '" + login + "': use 2-64 characters a-z A-Z 0-9 _ . - @"),
                          {{"login", tr("格式不对", "invalid"), 0}});
  const RoleDecl* decl = registry.role(role);
  if (!decl) {
    std::string all;
    for (const auto& r : registry.roles())
      all += (all.empty() ? "" : ", ") + r.id + " (" + r.label + ")";
    throw validationError(
        tr("角色 '" + role + "' 未声明；可选：", "role '" + role + "' is not declared; one of: ") +
            all,
        {{"role", tr("未知角色", "unknown"), 0}});
  }
  soci::indicator schoolInd = soci::i_null;
  long long schoolId = 0;
  if (!schoolCode.empty()) {
    if (decl->scope != RoleScope::kSchool)
      throw validationError(tr("角色 " + decl->label + " 不按学校限定，请去掉 --school",
                               "role " + role + " is not school-scoped; drop --school"),
                            {{"school", tr("不适用", "not applicable"), 0}});
    s << "SELECT id FROM core_schools WHERE code = :c", soci::use(schoolCode), soci::into(schoolId);
    if (!s.got_data())
      throw validationError(
          tr("学校代码 '" + schoolCode + "' 不存在", "unknown school code '" + schoolCode + "'"),
          {{"school", tr("不存在", "unknown"), 0}});
    schoolInd = soci::i_ok;
  } else if (decl->scope == RoleScope::kSchool) {
    throw validationError(tr("角色 " + decl->label + " 需要 --school 学校代码",
                             "role " + role + " needs --school CODE"),
                          {{"school", tr("必填", "required"), 0}});
  }
  Poco::JSON::Object attrs;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : attributes) {
    const Field* f = nullptr;
    for (const auto& a : decl->attributes)
      if (a.name() == name) f = &a;
    if (!f) {
      errors.push_back(
          {name, tr("角色 " + decl->label + " 没有这个属性", "is not an attribute of role " + role),
           0});
      continue;
    }
    if (!value.empty() && f->maxLen() && value.size() > f->maxLen() * 4)
      errors.push_back({name, tr("太长", "is too long"), 0});
    attrs.set(name, value);
  }
  for (const auto& a : decl->attributes) {
    auto it = attributes.find(a.name());
    if (a.isRequired() && (it == attributes.end() || it->second.empty()))
      errors.push_back(
          {a.name(),
           tr("角色 " + decl->label + " 需要 --attr " + a.name() + "=…（" + a.label() + "）",
              "role " + role + " needs --attr " + a.name() + "=... (" + a.label() + ")"),
           0});
  }
  if (!errors.empty())
    throw validationError(tr("用户属性不对", "the user's attributes are not valid"), errors);
  long long existing = 0;
  s << "SELECT COUNT(*) FROM core_users WHERE login = :l", soci::use(login), soci::into(existing);
  if (existing)
    throw conflict(tr("用户 '" + login + "' 已存在", "user '" + login + "' already exists"));
  std::string now = utcNow();
  std::ostringstream json;
  attrs.stringify(json);
  std::string attrText = json.str();
  s << "INSERT INTO core_users (login, role, school_id, created_at, attributes) "
       "VALUES (:l, :r, :s, :t, :a)",
      soci::use(login), soci::use(role), soci::use(schoolId, schoolInd), soci::use(now),
      soci::use(attrText);
  return userId(s, login);
}

IssuedToken issueToken(soci::session& s, const std::string& login, int days,
                       const std::string& label) {
  long long uid = userId(s, login);
  IssuedToken t;
  t.token = "tdr_" + randomHex(32);
  Poco::DateTime expires;
  expires += Poco::Timespan(days, 0, 0, 0, 0);
  t.expiresAt = Poco::DateTimeFormatter::format(expires, "%Y-%m-%dT%H:%M:%SZ");
  std::string hash = sha256Hex(t.token), now = utcNow();
  s << "INSERT INTO core_tokens (user_id, token_hash, label, created_at, expires_at) "
       "VALUES (:u, :h, :l, :c, :e)",
      soci::use(uid), soci::use(hash), soci::use(label), soci::use(now), soci::use(t.expiresAt);
  return t;
}

int revokeTokens(soci::session& s, const std::string& login) {
  long long uid = userId(s, login);
  std::string now = utcNow();
  int n = 0;
  s << "SELECT COUNT(*) FROM core_tokens WHERE user_id = :u AND revoked_at IS NULL", soci::use(uid),
      soci::into(n);
  s << "UPDATE core_tokens SET revoked_at = :t WHERE user_id = :u AND revoked_at IS NULL",
      soci::use(now), soci::use(uid);
  return n;
}

void setPassword(soci::session& s, const std::string& login, const std::string& password) {
  long long uid = userId(s, login);
  std::string why = passwordProblem(password);
  if (!why.empty()) throw validationError("the password " + why, {{"password", why, 0}});
  std::string hash = hashPassword(password);
  s << "UPDATE core_users SET password_hash = :h WHERE id = :id", soci::use(hash), soci::use(uid);
  // Whoever logged in with the old password is logged out (API tokens stay: they are not
  // tied to the password).
  std::string now = utcNow(), label = kSessionLabel;
  s << "UPDATE core_tokens SET revoked_at = :t WHERE user_id = :u AND label = :l AND "
       "revoked_at IS NULL",
      soci::use(now), soci::use(uid), soci::use(label);
}

int setDisabled(soci::session& s, const std::string& login, bool disabled) {
  long long uid = userId(s, login);
  int flag = disabled ? 1 : 0;
  s << "UPDATE core_users SET disabled = :d WHERE id = :id", soci::use(flag), soci::use(uid);
  return disabled ? revokeTokens(s, login) : 0;
}

std::optional<IssuedToken> logIn(soci::session& s, const std::string& login,
                                 const std::string& password, int hours) {
  // A fixed hash to verify against when the login is unknown, so that both cases cost the same.
  static const std::string kDummy = hashPassword("no such user, no such password");
  std::string hash;
  soci::indicator ind = soci::i_null;
  int disabled = 1;
  s << "SELECT password_hash, disabled FROM core_users WHERE login = :l", soci::use(login),
      soci::into(hash, ind), soci::into(disabled);
  bool known = s.got_data() && ind == soci::i_ok;
  bool ok = verifyPassword(known ? hash : kDummy, password);
  if (!known || !ok || disabled) return std::nullopt;
  long long uid = userId(s, login);
  IssuedToken t;
  t.token = "tdr_" + randomHex(32);
  Poco::DateTime expires;
  expires += Poco::Timespan(0, hours, 0, 0, 0);
  t.expiresAt = Poco::DateTimeFormatter::format(expires, "%Y-%m-%dT%H:%M:%SZ");
  std::string tokenHash = sha256Hex(t.token), now = utcNow(), label = kSessionLabel;
  s << "INSERT INTO core_tokens (user_id, token_hash, label, created_at, expires_at) "
       "VALUES (:u, :h, :l, :c, :e)",
      soci::use(uid), soci::use(tokenHash), soci::use(label), soci::use(now),
      soci::use(t.expiresAt);
  return t;
}

bool revokeToken(soci::session& s, const std::string& token) {
  std::string hash = sha256Hex(token), now = utcNow();
  soci::statement st = (s.prepare << "UPDATE core_tokens SET revoked_at = :t WHERE token_hash = "
                                     ":h AND revoked_at IS NULL",
                        soci::use(now), soci::use(hash));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<UserRow> listUsers(soci::session& s) {
  std::vector<UserRow> out;
  UserRow r;
  std::string code;
  soci::indicator codeInd;
  int disabled = 0;
  std::string attrs;
  std::string now = utcNow();
  soci::statement st =
      (s.prepare << "SELECT u.id, u.login, u.role, s.code, u.disabled, u.attributes, "
                    "(SELECT COUNT(*) FROM core_tokens t WHERE t.user_id = u.id AND "
                    "t.revoked_at IS NULL AND t.expires_at > :now) "
                    "FROM core_users u LEFT JOIN core_schools s ON s.id = u.school_id "
                    "ORDER BY u.login",
       soci::use(now), soci::into(r.id), soci::into(r.login), soci::into(r.role),
       soci::into(code, codeInd), soci::into(disabled), soci::into(attrs),
       soci::into(r.activeTokens));
  st.execute();
  while (st.fetch()) {
    r.schoolCode = codeInd == soci::i_ok ? code : "";
    r.disabled = disabled != 0;
    r.attributes = parseAttributes(attrs);
    out.push_back(r);
  }
  return out;
}

std::optional<User> authenticate(soci::session& s, const std::string& token,
                                 StatementCache* cache) {
  if (token.size() != 68 || token.compare(0, 4, "tdr_") != 0) return std::nullopt;
  std::unique_ptr<StatementCache> own;
  if (!cache) {
    own = std::make_unique<StatementCache>(s);
    cache = own.get();
  }
  BoundStatement& st = cache->get(
      "SELECT u.id, u.login, u.role, u.school_id, u.attributes FROM core_tokens t "
      "JOIN core_users u ON u.id = t.user_id "
      "WHERE t.token_hash = :h AND t.revoked_at IS NULL AND t.expires_at > :now "
      "AND u.disabled = 0",
      {false, false}, {true, false, false, true, false});
  st.set(0, Value{sha256Hex(token)});
  st.set(1, Value{utcNow()});
  auto row = st.queryOne();
  if (!row) return std::nullopt;
  User u;
  u.id = std::get<long long>((*row)[0]);
  u.login = std::get<std::string>((*row)[1]);
  u.role = std::get<std::string>((*row)[2]);
  if (!isNull((*row)[3])) u.schoolId = std::get<long long>((*row)[3]);
  u.attributes = parseAttributes(toText((*row)[4]));
  return u;
}

}  // namespace tdr::host
