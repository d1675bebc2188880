// The API's own routes: the description, health, log-in and log-out, the caller, plugins, the
// audit log and import jobs.
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <soci/soci.h>

#include "app/runtime.h"
#include "audit/audit_log.h"
#include "auth/login_throttle.h"
#include "auth/token_cache.h"
#include "db/bound_statement.h"
#include "http/api_call.h"
#include "http/api_routes.h"
#include "http/describe_user.h"
#include "http/import_jobs.h"
#include "http/openapi_schema.h"
#include "http/response_headers.h"
#include "util/errors.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

using namespace openapi;

Obj fixedDoc(const char* id, const char* summary, const char* tag) {
  return operation(id, summary, tag, response("ok", anyObject()));
}

void getOpenApi(ApiCall& c) { sendJson(c.resp, 200, c.services.openApi); }

void getHealth(ApiCall& c) {
  int one = 0;
  c.s() << "SELECT 1", soci::into(one);
  int loaded = 0, refused = 0;
  for (const auto& st : c.services.runtime.plugins().statuses())
    (st.state == PluginState::kRefused ? refused : loaded)++;
  JsonWriter w;
  w.beginObject().field("status", "ok");
  w.field("database", dialectName(c.services.runtime.database().dialect()));
  w.key("plugins").beginObject().field("loaded", loaded).field("refused", refused).endObject();
  sendJson(c.resp, 200, w.endObject().str());
}

Obj healthDoc(const RouteDocArgs&) {
  Obj op = fixedDoc("health", "Liveness and database check", "system");
  op->set("security", arr());
  return op;
}

// Web log-in: login + password for a session token (12 hours).
void logIn(ApiCall& c) {
  JsonPtr body = c.jsonBody();
  std::vector<FieldError> missing;
  auto text = [&](const char* k) {
    std::string v;
    if (body->has(k) && body->get(k).isString()) v = body->getValue<std::string>(k);
    if (v.empty()) missing.push_back({k, tr("必填（字符串）", "is required (a string)"), 0});
    return v;
  };
  std::string login = text("login"), password = text("password");
  if (!missing.empty())
    throw validationError(tr("请填写账号和密码", "give login and password"), missing);
  soci::session& s = c.s();
  if (long long wait = LoginThrottle::retryAfterSeconds(s, login)) {
    c.resp.set("Retry-After", std::to_string(wait));
    const std::string minutes = std::to_string((wait + 59) / 60);
    throw HttpError(
        429, "too_many_requests",
        tr("账号“" + login + "”登录失败次数过多，请 " + minutes + " 分钟后再试",
           "too many failed log-ins for '" + login + "'; try again in " + minutes + " minute(s)"));
  }
  std::optional<IssuedToken> issued;
  {
    WriteTransaction tx(s);
    issued = host::logIn(s, login, password, 12);
    if (issued) {
      LoginThrottle::succeeded(s, login);
      JsonWriter detail;
      detail.beginObject().field("login", login).field("expires_at", issued->expiresAt);
      appendAudit(s, {login, "log_in", "core.users", 0, detail.endObject().str()});
      tx.commit();
    }
  }
  if (!issued) {
    LoginThrottle::failed(s, login);
    throw HttpError(401, "unauthorized", tr("账号或密码错误", "login or password is wrong"));
  }
  JsonWriter w;
  w.beginObject().field("token", issued->token).field("expires_at", issued->expiresAt);
  sendJson(c.resp, 200, w.endObject().str());
}

Obj logInDoc(const RouteDocArgs&) {
  Obj login = operation("logIn", "Log in with login and password; returns a session token",
                        "system", response("the token", anyObject()));
  login->set("security", arr());
  Obj body = typed("object"), props = obj();
  props->set("login", typed("string"));
  props->set("password", typed("string"));
  body->set("properties", props);
  Arr required = arr();
  required->add("login");
  required->add("password");
  body->set("required", required);
  login->set("requestBody", jsonBody(body));
  return login;
}

void logOut(ApiCall& c) {
  WriteTransaction tx(c.s());
  const std::string token = c.req.get("Authorization").substr(7);
  revokeToken(c.s(), token);
  c.services.tokens.forget(token);
  tx.commit();
  setStatus(c.resp, 204);
  c.resp.send();
}

Obj logOutDoc(const RouteDocArgs&) {
  return operation("logOut", "Revoke the token of this request", "system",
                   response("revoked", anyObject()));
}

void getMe(ApiCall& c) {
  sendJson(
      c.resp, 200,
      describeForUser(c.context(), c.registry(), c.services.runtime, c.context().user(), c.s()));
}

Obj meDoc(const RouteDocArgs&) {
  return fixedDoc("me",
                  "The user, their capabilities, the record types (with fields), reports and "
                  "actions they may use",
                  "system");
}

void getPlugins(ApiCall& c) {
  JsonWriter w;
  w.beginObject().key("plugins").beginArray();
  for (const auto& st : c.services.runtime.plugins().statuses()) {
    auto slash = st.file.rfind('/');
    w.beginObject().field("id", st.id).field("version", st.version);
    const About* about = c.registry().about(st.id);
    w.field("title", about && !about->title.empty() ? about->title : st.id);
    w.field("description", about ? about->description : "");
    w.field("sdk_abi", std::to_string(st.abiMajor) + "." + std::to_string(st.abiMinor));
    w.field("schema_version", st.schemaVersion);
    w.field("state", st.state == PluginState::kRefused  ? "refused"
                     : st.state == PluginState::kLoaded ? "loaded"
                                                        : "pending");
    w.field("reason", st.reason);
    w.field("file", slash == std::string::npos ? st.file : st.file.substr(slash + 1));
    w.endObject();
  }
  sendJson(c.resp, 200, w.endArray().endObject().str());
}

Obj pluginsDoc(const RouteDocArgs&) {
  return fixedDoc("plugins", "Loaded and refused plugins", "system");
}

void requireAudit(ApiCall& c) {
  if (!c.context().can("core:audit"))
    throw forbidden(tr("查看审计日志需要权限 core:audit",
                       "reading the audit log needs capability 'core:audit'"));
}

void getAudit(ApiCall& c) {
  requireAudit(c);
  long long page = 1, size = 50;
  std::string where;
  std::vector<std::string> filters;
  for (const auto& [k, v] : c.query) {
    if (k == "page") {
      page = positiveInteger(v, "page", 400);
    } else if (k == "page_size") {
      size = std::min<long long>(positiveInteger(v, "page_size", 400), 500);
    } else if (k == "actor" || k == "action" || k == "record_type") {
      where += std::string(where.empty() ? " WHERE " : " AND ") + k + " = :" + k;
      filters.push_back(v);
    } else {
      unknownParameter(k);
    }
  }
  std::vector<bool> textParams(filters.size(), false);
  BoundStatement count(c.s(), "SELECT COUNT(*) FROM core_audit" + where, textParams, {true});
  std::vector<bool> pageParams = textParams;
  pageParams.insert(pageParams.end(), {true, true});
  BoundStatement rows(c.s(),
                      "SELECT id, at, actor, action, record_type, record_id, detail FROM "
                      "core_audit" +
                          where + " ORDER BY id DESC LIMIT :l OFFSET :o",
                      pageParams, {true, false, false, false, false, true, false});
  for (std::size_t i = 0; i < filters.size(); ++i) {
    count.set(i, Value{filters[i]});
    rows.set(i, Value{filters[i]});
  }
  rows.set(filters.size(), Value{size});
  rows.set(filters.size() + 1, Value{(page - 1) * size});
  auto total = count.queryOne();
  JsonWriter w;
  w.beginObject().key("items").beginArray();
  for (bool more = rows.execute(); more; more = rows.fetch()) {
    const Value recordId = rows.result(5);
    w.beginObject().key("id").number(toText(rows.result(0)));
    w.field("at", toText(rows.result(1))).field("actor", toText(rows.result(2)));
    w.field("action", toText(rows.result(3))).field("record_type", toText(rows.result(4)));
    w.key("record_id").number(isNull(recordId) ? std::string() : toText(recordId));
    w.key("detail").json(toText(rows.result(6))).endObject();
  }
  w.endArray().field("page", static_cast<std::int64_t>(page));
  w.field("page_size", static_cast<std::int64_t>(size));
  w.key("total").number(total ? toText((*total)[0]) : std::string("0"));
  sendJson(c.resp, 200, w.endObject().str());
}

Obj auditDoc(const RouteDocArgs&) {
  Obj op = fixedDoc("audit", "The audit log (auditors, admins)", "system");
  Arr ps = arr();
  ps->add(param("page", "query", typed("integer"), false));
  ps->add(param("page_size", "query", typed("integer"), false));
  for (const char* f : {"actor", "action", "record_type"})
    ps->add(param(f, "query", typed("string"), false, "equals"));
  op->set("parameters", ps);
  return op;
}

// The chain, recomputed: what `tdr audit verify` says.
void verifyAuditChain(ApiCall& c) {
  requireAudit(c);
  c.snapshot.reset();
  AuditVerification v = verifyAudit(c.s());
  JsonWriter w;
  w.beginObject().field("ok", v.ok).field("rows", static_cast<std::int64_t>(v.rows));
  w.field("broken_at", static_cast<std::int64_t>(v.brokenAt)).field("reason", v.reason);
  sendJson(c.resp, 200, w.field("head_hash", v.headHash).endObject().str());
}

Obj verifyDoc(const RouteDocArgs&) {
  return fixedDoc("auditVerify", "Recompute the audit chain and name its first broken link",
                  "system");
}

void getJob(ApiCall& c) {
  long long id = positiveInteger(c.path.at("id"), "job id", 404);
  sendJson(c.resp, 200,
           c.services.jobs.statusJson(c.s(), id, *c.user, c.context().can("core:audit")));
}

// The import history: the caller's own jobs (everyone's for core:audit), newest first, without
// their reports (GET /jobs/{id} has those).
void listJobs(ApiCall& c) {
  long long page = 1, size = 20;
  for (const auto& [k, v] : c.query) {
    if (k == "page")
      page = positiveInteger(v, "page", 400);
    else if (k == "page_size")
      size = std::min<long long>(positiveInteger(v, "page_size", 400), 100);
    else
      unknownParameter(k);
  }
  const int all = c.context().can("core:audit") ? 1 : 0;  // bound by reference: a variable
  const std::string who = c.user->login;
  long long offset = (page - 1) * size, id = 0, rows = 0;
  std::string target, status, createdBy, createdAt, updatedAt, fileName;
  soci::indicator fileInd = soci::i_null;
  soci::statement st =
      (c.s().prepare << "SELECT id, target, status, created_by, created_at, updated_at, "
                        "rows_done, file_name FROM core_jobs WHERE (:all = 1 OR created_by = :u) "
                        "ORDER BY id DESC LIMIT :l OFFSET :o",
       soci::use(all), soci::use(who), soci::use(size), soci::use(offset), soci::into(id),
       soci::into(target), soci::into(status), soci::into(createdBy), soci::into(createdAt),
       soci::into(updatedAt), soci::into(rows), soci::into(fileName, fileInd));
  st.execute();
  JsonWriter w;
  w.beginObject().key("items").beginArray();
  while (st.fetch()) {
    w.beginObject().field("id", static_cast<std::int64_t>(id)).field("target", target);
    w.field("status", status).field("created_by", createdBy).field("created_at", createdAt);
    w.field("updated_at", updatedAt).field("rows_done", static_cast<std::int64_t>(rows));
    w.optional("file_name", fileInd == soci::i_ok ? fileName : "").endObject();
  }
  w.endArray().field("page", static_cast<std::int64_t>(page));
  sendJson(c.resp, 200, w.field("page_size", static_cast<std::int64_t>(size)).endObject().str());
}

Obj jobsDoc(const RouteDocArgs&) {
  Obj op = fixedDoc("jobs", "The caller's import jobs, newest first (everyone's for auditors)",
                    "system");
  Arr ps = arr();
  ps->add(param("page", "query", typed("integer"), false));
  ps->add(param("page_size", "query", typed("integer"), false));
  op->set("parameters", ps);
  return op;
}

Obj jobDoc(const RouteDocArgs&) {
  Obj op = fixedDoc("job", "Progress and report of an import job", "system");
  Arr ps = arr();
  ps->add(param("id", "path", typed("integer"), true));
  op->set("parameters", ps);
  return op;
}

}  // namespace

std::vector<Route> systemRoutes() {
  const auto fixed = RouteFamily::kFixed;
  return {
      {"GET", "/openapi.json", false, false, fixed, "", getOpenApi, nullptr},
      {"GET", "/api/v1/health", false, true, fixed, "", getHealth, healthDoc},
      {"POST", "/api/v1/session", false, true, fixed, "", logIn, logInDoc},
      {"DELETE", "/api/v1/session", true, true, fixed, "", logOut, logOutDoc},
      {"GET", "/api/v1/me", true, true, fixed, "", getMe, meDoc},
      {"GET", "/api/v1/plugins", true, true, fixed, "", getPlugins, pluginsDoc},
      {"GET", "/api/v1/audit", true, true, fixed, "core:audit", getAudit, auditDoc},
      {"GET", "/api/v1/audit/verify", true, true, fixed, "core:audit", verifyAuditChain, verifyDoc},
      {"GET", "/api/v1/jobs", true, true, fixed, "", listJobs, jobsDoc, true},
      {"GET", "/api/v1/jobs/{id}", true, true, fixed, "", getJob, jobDoc, true},
  };
}

}  // namespace tdr::host
