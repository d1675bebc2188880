#pragma once

#include <tdr/context.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace tdr::host {

class StatementCache;
class Registry;

/// A user as `tdr user list` shows it.
struct UserRow {
  long long id = 0;
  std::string login;
  std::string role;
  std::string schoolCode;
  std::map<std::string, std::string> attributes;
  bool disabled = false;
  int activeTokens = 0;
};

/// A newly issued bearer token: shown once, stored only as its SHA-256.
struct IssuedToken {
  std::string token;
  std::string expiresAt;
};

/// A user's attributes as stored (a JSON object of text values).
std::map<std::string, std::string> parseAttributes(const std::string& json);

/// Creates a user holding one of the declared roles. Throws tdr::Error naming what is wrong: bad
/// login, undeclared role, unknown school, a school for a role that is not school-scoped (or
/// none for one that is), a missing, unknown or invalid attribute, login taken (conflict).
/// Call inside a write transaction.
long long addUser(soci::session& s, const Registry& registry, const std::string& login,
                  const std::string& role, const std::string& schoolCode,
                  const std::map<std::string, std::string>& attributes = {});
/// Issues a new token for `login`, valid for `days` days.
IssuedToken issueToken(soci::session& s, const std::string& login, int days,
                       const std::string& label);
/// Revokes every active token of `login`; returns how many.
int revokeTokens(soci::session& s, const std::string& login);
std::vector<UserRow> listUsers(soci::session& s);

/// Sets the password of `login` for the web log-in (Argon2id) and ends every web session of
/// the user. Throws tdr::Error (validation) naming what is wrong with it.
void setPassword(soci::session& s, const std::string& login, const std::string& password);

/// Disables (no log-in, no token works; every token revoked — returns how many) or enables
/// `login` again (it then needs a new token or log-in).
int setDisabled(soci::session& s, const std::string& login, bool disabled);

/// A web log-in: a session token valid for `hours` when the login exists, is not disabled and
/// the password matches; nothing otherwise (the caller says only "login or password is wrong").
/// Takes the same time whether or not the login exists.
std::optional<IssuedToken> logIn(soci::session& s, const std::string& login,
                                 const std::string& password, int hours);

/// Revokes one token (a log-out); true when it was active.
bool revokeToken(soci::session& s, const std::string& token);

/// The user holding `token`, if the token exists, is not revoked, has not expired and the user
/// is not disabled.
std::optional<User> authenticate(soci::session& s, const std::string& token,
                                 StatementCache* cache = nullptr);

}  // namespace tdr::host
