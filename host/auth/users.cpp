#include "auth/users.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timespan.h>
#include <soci/soci.h>
#include <tdr/error.h>

#include <algorithm>

#include "auth/digest.h"
#include "auth/password.h"
#include "db/bound_statement.h"
#include "db/timestamps.h"

namespace tdr::host {

const std::vector<std::string>& roles() {
  static const std::vector<std::string> kRoles = {
      "admin",        "hr_officer",  "training_center", "ethics_officer",
      "school_admin", "studio_host", "auditor",         "teacher"};
  return kRoles;
}

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

long long addUser(soci::session& s, const std::string& login, const std::string& role,
                  const std::string& schoolCode, const std::string& provider) {
  if (!validLogin(login))
    throw validationError("login '" + login + "': use 2-64 characters a-z A-Z 0-9 _ . - @",
                          {{"login", "invalid", 0}});
  const auto& r = roles();
  if (std::find(r.begin(), r.end(), role) == r.end()) {
    std::string all;
    for (const auto& x : r) all += (all.empty() ? "" : ", ") + x;
    throw validationError("role '" + role + "' is not one of: " + all, {{"role", "unknown", 0}});
  }
  soci::indicator schoolInd = soci::i_null;
  long long schoolId = 0;
  if (!schoolCode.empty()) {
    s << "SELECT id FROM core_schools WHERE code = :c", soci::use(schoolCode), soci::into(schoolId);
    if (!s.got_data())
      throw validationError("unknown school code '" + schoolCode + "'", {{"school", "unknown", 0}});
    schoolInd = soci::i_ok;
  } else if (role == "school_admin") {
    throw validationError("role school_admin needs --school CODE", {{"school", "required", 0}});
  }
  if (role == "training_center" && provider.empty())
    throw validationError(
        "role training_center needs --provider NAME (the training provider "
        "whose records the user writes)",
        {{"provider", "required", 0}});
  long long existing = 0;
  s << "SELECT COUNT(*) FROM core_users WHERE login = :l", soci::use(login), soci::into(existing);
  if (existing) throw conflict("user '" + login + "' already exists");
  std::string now = utcNow();
  soci::indicator providerInd = provider.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO core_users (login, role, school_id, created_at, provider) "
       "VALUES (:l, :r, :s, :t, :p)",
      soci::use(login), soci::use(role), soci::use(schoolId, schoolInd), soci::use(now),
      soci::use(provider, providerInd);
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
  std::string tokenHash = sha256Hex(t.token), now = utcNow(), label = "web session";
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
  std::string now = utcNow();
  soci::statement st =
      (s.prepare << "SELECT u.id, u.login, u.role, s.code, u.disabled, "
                    "(SELECT COUNT(*) FROM core_tokens t WHERE t.user_id = u.id AND "
                    "t.revoked_at IS NULL AND t.expires_at > :now) "
                    "FROM core_users u LEFT JOIN core_schools s ON s.id = u.school_id "
                    "ORDER BY u.login",
       soci::use(now), soci::into(r.id), soci::into(r.login), soci::into(r.role),
       soci::into(code, codeInd), soci::into(disabled), soci::into(r.activeTokens));
  st.execute();
  while (st.fetch()) {
    r.schoolCode = codeInd == soci::i_ok ? code : "";
    r.disabled = disabled != 0;
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
      "SELECT u.id, u.login, u.role, u.school_id, u.provider FROM core_tokens t "
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
  u.provider = toText((*row)[4]);
  return u;
}

}  // namespace tdr::host
