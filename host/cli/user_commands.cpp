// People and their access: users, tokens and passwords, the declared roles, the audit chain.
#include <soci/soci.h>
#include <tdr/error.h>

#include <functional>
#include <iostream>

#include "app/runtime.h"
#include "audit/audit_log.h"
#include "auth/users.h"
#include "cli/command.h"
#include "db/transaction.h"
#include "io/table_writer.h"
#include "plugins/host_context.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

// A user change in the audit log: the login and what `more` adds to the detail.
void audit(soci::session& s, const std::string& action, const std::string& login,
           const std::function<void(JsonWriter&)>& more = nullptr) {
  JsonWriter w;
  w.beginObject().field("login", login);
  if (more) more(w);
  appendAudit(s, {commandLineOperator().login, action, "core.users", 0, w.endObject().take()});
}

// A password from the first line of standard input (never from the command line, where other
// users of the machine could read it).
std::string readPassword() {
  std::string line;
  if (!std::getline(std::cin, line))
    throw validationError("give the password on standard input", {{"password", "required", 0}});
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int cmdUser(const Globals& g, const Args& a) {
  const std::string& verb =
      a.require(0, tr("user 子命令（add、password、token、revoke、disable、enable、list）",
                      "user command (add, password, token, revoke, disable, enable, list)"));
  Runtime rt(runtimeOptions(g, false));
  soci::session& s = rt.session();
  int days = static_cast<int>(a.integer("expires-days", 90, 1, 3650));
  if (verb == "list") {
    a.maxPositional(1);
    TableWriter w(std::cout, TableWriter::Format::kTable,
                  {"LOGIN", "ROLE", "SCHOOL", "ACTIVE TOKENS", "DISABLED"});
    for (const auto& u : listUsers(s))
      w.row({u.login, u.role, u.schoolCode.empty() ? "-" : u.schoolCode,
             std::to_string(u.activeTokens), u.disabled ? "yes" : "no"});
    w.finish();
    return 0;
  }
  const std::string& login = a.require(1, tr("账号", "LOGIN"));
  a.maxPositional(2);
  WriteTransaction tx(s);
  if (verb == "add") {
    std::string role = a.value("role");
    if (role.empty())
      throw UsageError(tr("user add 需要 --role 角色", "user add needs --role ROLE"));
    std::map<std::string, std::string> attrs;
    for (const auto& [k, v] : a.pairs("attr")) attrs[k] = v;
    addUser(s, rt.registry(), login, role, a.value("school"), attrs);
    if (a.flag("password-stdin")) setPassword(s, login, readPassword());
    IssuedToken t = issueToken(s, login, days, "cli");
    audit(s, "user_add", login,
          [&](JsonWriter& w) { w.field("role", role).field("school", a.value("school")); });
    tx.commit();
    std::cout << "user " << login << " (" << role << ") created\n"
              << "token (shown once, expires " << t.expiresAt << "):\n"
              << t.token << "\n";
  } else if (verb == "password") {
    setPassword(s, login, readPassword());
    audit(s, "password_set", login);
    tx.commit();
    std::cout << "password of " << login << " set\n";
  } else if (verb == "token") {
    IssuedToken t = issueToken(s, login, days, "cli");
    audit(s, "token_issue", login, [&](JsonWriter& w) { w.field("expires_at", t.expiresAt); });
    tx.commit();
    std::cout << "token for " << login << " (shown once, expires " << t.expiresAt << "):\n"
              << t.token << "\n";
  } else if (verb == "revoke") {
    int n = revokeTokens(s, login);
    audit(s, "token_revoke", login,
          [&](JsonWriter& w) { w.field("revoked", static_cast<std::int64_t>(n)); });
    tx.commit();
    std::cout << "revoked " << n << " token(s) of " << login << "\n";
  } else if (verb == "disable" || verb == "enable") {
    bool off = verb == "disable";
    int n = setDisabled(s, login, off);
    audit(s, off ? "user_disable" : "user_enable", login,
          [&](JsonWriter& w) { w.field("revoked", static_cast<std::int64_t>(n)); });
    tx.commit();
    std::cout << (off ? tr("已停用 " + login + "，吊销 " + std::to_string(n) + " 个令牌",
                           "disabled " + login + "; revoked " + std::to_string(n) + " token(s)")
                      : tr("已启用 " + login, "enabled " + login))
              << "\n";
  } else {
    throw UsageError(tr("不认识的 user 子命令“" + verb +
                            "”（可用 add、password、token、revoke、disable、enable、list）",
                        "unknown user command '" + verb +
                            "' (add, password, token, revoke, disable, enable, list)"));
  }
  return 0;
}

int cmdAudit(const Globals& g, const Args& a) {
  const std::string& verb = a.require(0, tr("audit 子命令（verify）", "audit command (verify)"));
  a.maxPositional(1);
  if (verb != "verify")
    throw UsageError(tr("不认识的 audit 子命令“" + verb + "”（可用 verify）",
                        "unknown audit command '" + verb + "' (verify)"));
  Runtime rt(runtimeOptions(g, false));
  AuditVerification v = verifyAudit(rt.session());
  if (!v.ok) {
    std::cerr << "tdr: audit chain broken at row " << v.brokenAt << ": " << v.reason << "\n";
    return 1;
  }
  std::cout << "audit chain intact: " << v.rows << " entries, head " << v.headHash << "\n";
  return 0;
}

int cmdRoles(const Globals& g, const Args& a) {
  a.maxPositional(0);
  Runtime rt(runtimeOptions(g, false));
  TableWriter w(std::cout, TableWriter::Format::kTable,
                {tr("角色", "ROLE"), tr("名称", "LABEL"), tr("插件", "PLUGIN"), tr("范围", "SCOPE"),
                 tr("需要的属性", "ATTRIBUTES")});
  for (const auto& r : rt.registry().roles()) {
    std::string attrs;
    for (const auto& f : r.attributes)
      attrs += (attrs.empty() ? "" : ", ") + f.name() + " (" + f.label() + ")" +
               (f.isRequired() ? "*" : "");
    w.row({r.id, r.label, r.plugin,
           r.scope == RoleScope::kSchool       ? tr("本校", "school")
           : r.scope == RoleScope::kOwnRecords ? tr("本人", "own records")
                                               : tr("全区", "district"),
           attrs.empty() ? "-" : attrs});
  }
  w.finish();
  return 0;
}

}  // namespace

std::vector<Command> userCommands() {
  return {
      {"roles",
       {},
       {},
       cmdRoles,
       "  roles                                  the declared roles: plugin, scope, attributes\n",
       "  roles                                  已声明的角色：插件、范围、需要的属性\n"},
      {"user",
       {"role", "school", "attr", "expires-days"},
       {"password-stdin"},
       cmdUser,
       "  user add LOGIN --role ROLE [--school CODE] [--attr key=value ...] [--expires-days N]\n"
       "           [--password-stdin]            create a user; prints its token once\n"
       "  user password LOGIN                    set the web log-in password (read from stdin)\n"
       "  user token LOGIN [--expires-days N]    issue another token (printed once)\n"
       "  user revoke LOGIN                      revoke every token of a user\n"
       "  user disable LOGIN                     no log-in, no token; revokes every token\n"
       "  user enable LOGIN                      let a disabled user in again\n"
       "  user list                              users, roles, schools, active tokens\n",
       "  user add 账号 --role 角色 [--school 学校代码] [--attr 属性=值 ...] [--expires-days N]\n"
       "           [--password-stdin]            新建用户；令牌只显示这一次\n"
       "  user password 账号                     设置网页登录密码（从标准输入读取）\n"
       "  user token 账号 [--expires-days N]     再签发一个令牌（只显示一次）\n"
       "  user revoke 账号                       撤销该用户的全部令牌\n"
       "  user disable 账号                      停用：不能登录，令牌全部撤销\n"
       "  user enable 账号                       重新启用已停用的用户\n"
       "  user list                              用户、角色、学校、有效令牌\n"},
      {"audit",
       {},
       {},
       cmdAudit,
       "  audit verify                           check the audit chain; exit 1 if broken\n",
       "  audit verify                           校验审计链；断裂时退出码为 1\n"},
  };
}

}  // namespace tdr::host
