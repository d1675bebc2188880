#include "http/api_handler.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>
#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/error.h>

#include <iostream>
#include <optional>
#include <sstream>

#include "app/runtime.h"
#include "audit/audit_log.h"
#include "audit/audit_writer.h"
#include "audit/sensitive_reads.h"
#include "auth/login_throttle.h"
#include "auth/token_cache.h"
#include "auth/users.h"
#include "db/db_error.h"
#include "db/transaction.h"
#include "http/http_error.h"
#include "http/import_jobs.h"
#include "http/metrics.h"
#include "http/response_headers.h"
#include "io/exporter.h"
#include "io/table_writer.h"
#include "plugins/invocation.h"
#include "records/record_scope.h"
#include "records/record_service.h"
#include "util/digest.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {
// What a user reads about a failure of the server: the request id to quote, no internals.
std::string internalMessage(const std::string& requestId) {
  return tr("服务器内部错误（请求 " + requestId + "），请把请求编号告诉管理员",
            "internal error (request " + requestId + ")");
}
}  // namespace

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// Records what a GET is about to send of sensitive fields (queued: AuditWriter).
void auditDisclosure(AuditWriter& audit, std::optional<ReadSnapshot>& snapshot, const User& user,
                     const char* action, const SensitiveRead& read) {
  if (read.empty()) return;
  snapshot.reset();  // reading is done; SQLite gets its read lock back at once
  audit.append(sensitiveReadEntry(user.login, action, read));
}

Poco::JSON::Object::Ptr fieldJson(Context& ctx, const Field& f) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  Object::Ptr j(new Object);
  j->set("name", f.name());
  j->set("label", f.label());
  j->set("type", std::string(fieldTypeName(f.type())));
  j->set("required", f.isRequired());
  if (f.isReadOnly()) j->set("read_only", true);
  if (!f.defaultText().empty()) j->set("default", f.defaultText());
  if (!f.descriptionText().empty()) j->set("description", f.descriptionText());
  if (f.minValue()) j->set("min", *f.minValue());
  if (f.maxValue()) j->set("max", *f.maxValue());
  if (f.maxLen()) j->set("max_length", static_cast<long long>(f.maxLen()));
  if (!f.target().empty()) j->set("reference", f.target());
  if (!f.sensitiveCapability().empty()) j->set("sensitive", !ctx.can(f.sensitiveCapability()));
  if (!f.choices().empty()) {
    Array::Ptr choices(new Array);
    for (const auto& c : f.choices()) {
      Object::Ptr cj(new Object);
      cj->set("code", c.code);
      cj->set("label", c.label);
      choices->add(cj);
    }
    j->set("choices", choices);
  }
  return j;
}

Poco::JSON::Array::Ptr fieldsJson(Context& ctx, const std::vector<Field>& fields) {
  Poco::JSON::Array::Ptr out(new Poco::JSON::Array);
  for (const auto& f : fields) out->add(fieldJson(ctx, f));
  return out;
}

// What the acting user may see and do, for clients that build their screens from it (the web
// interface): the user and their role, capabilities, every readable record type with its
// fields and record actions, the reports and actions they may use with their parameters, the
// roles, the loaded plugins.
std::string describeForUser(Context& ctx, const Registry& registry, Runtime& runtime,
                            const User& user, soci::session& s) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  Object::Ptr out(new Object), u(new Object);
  u->set("login", user.login);
  u->set("role", user.role);
  const RoleDecl* role = registry.role(user.role);
  u->set("role_label", role ? role->label : user.role);
  u->set("scope", user.scope == RoleScope::kSchool       ? "school"
                  : user.scope == RoleScope::kOwnRecords ? "own"
                                                         : "district");
  Object::Ptr attrs(new Object);
  for (const auto& [k, v] : user.attributes) attrs->set(k, v);
  u->set("attributes", attrs);
  u->set("provider", user.attribute("provider"));
  if (user.schoolId) {
    std::string code;
    long long id = *user.schoolId;
    s << "SELECT code FROM core_schools WHERE id = :id", soci::use(id), soci::into(code);
    u->set("school", code);
  } else {
    u->set("school", Poco::Dynamic::Var());
  }
  out->set("user", u);
  Array::Ptr caps(new Array);
  for (const auto& c : registry.capabilities())
    if (ctx.can(c.name)) caps->add(c.name);
  out->set("capabilities", caps);
  Array::Ptr types(new Array);
  for (const auto& t : registry.recordTypes()) {
    RecordScope scope(s, registry, t, user);
    if (!ctx.can(scope.readCapability()) || !scope.hiddenReason().empty()) continue;
    Object::Ptr o(new Object);
    o->set("name", t.qualifiedName);
    o->set("plugin", t.plugin);
    o->set("label", t.type.label);
    o->set("writable", ctx.can(scope.writeCapability()) && scope.unwritableReason().empty());
    Array::Ptr key(new Array);
    for (const auto& k : t.type.naturalKey) key->add(k);
    o->set("natural_key", key);
    if (!t.type.teacherField.empty()) o->set("teacher_field", t.type.teacherField);
    o->set("fields", fieldsJson(ctx, t.type.fields));
    Array::Ptr recordActions(new Array);
    for (const auto* a : registry.recordActions(t.qualifiedName)) {
      if (!ctx.can(a->capability)) continue;
      Object::Ptr aj(new Object);
      aj->set("name", a->name);
      aj->set("title", a->title);
      aj->set("description", a->description);
      aj->set("confirm", a->confirm);
      if (!a->stateField.empty()) {
        aj->set("state_field", a->stateField);
        Array::Ptr states(new Array);
        for (const auto& st : a->states) states->add(st);
        aj->set("states", states);
      }
      aj->set("params", fieldsJson(ctx, a->params));
      recordActions->add(aj);
    }
    o->set("actions", recordActions);
    types->add(o);
  }
  out->set("record_types", types);
  Array::Ptr reports(new Array), actions(new Array), reportSpecs(new Array), actionSpecs(new Array);
  for (const auto& [name, r] : registry.reports()) {
    if (!ctx.can(r.capability)) continue;
    reports->add(name);
    Object::Ptr rj(new Object);
    rj->set("name", name);
    rj->set("title", r.title);
    rj->set("description", r.description);
    rj->set("params", fieldsJson(ctx, r.params));
    Array::Ptr cols(new Array);
    for (const auto& c : r.columns) {
      Object::Ptr cj(new Object);
      cj->set("key", c.key);
      cj->set("label", c.label);
      cj->set("type", std::string(fieldTypeName(c.type)));
      cols->add(cj);
    }
    rj->set("columns", cols);
    reportSpecs->add(rj);
  }
  for (const auto& [name, a] : registry.actions()) {
    if (a.pluginsOnly || !ctx.can(a.capability)) continue;
    actions->add(name);
    Object::Ptr aj(new Object);
    aj->set("name", name);
    aj->set("title", a.title);
    aj->set("description", a.description);
    aj->set("confirm", a.confirm);
    aj->set("params", fieldsJson(ctx, a.params));
    actionSpecs->add(aj);
  }
  out->set("reports", reports);
  out->set("actions", actions);
  out->set("report_specs", reportSpecs);
  out->set("action_specs", actionSpecs);
  Array::Ptr roles(new Array);
  for (const auto& r : registry.roles()) {
    Object::Ptr rj(new Object);
    rj->set("id", r.id);
    rj->set("label", r.label);
    rj->set("plugin", r.plugin);
    roles->add(rj);
  }
  out->set("roles", roles);
  Array::Ptr plugins(new Array);
  for (const auto& st : runtime.plugins().statuses())
    if (st.state == PluginState::kLoaded) plugins->add(st.id);
  out->set("plugins", plugins);
  std::ostringstream os;
  out->stringify(os);
  return os.str();
}

void sendJson(HTTPServerResponse& resp, int status, const std::string& body) {
  setStatus(resp, status);
  resp.setContentType("application/json; charset=utf-8");
  resp.setContentLength(static_cast<std::streamsize>(body.size()));
  resp.send() << body;
}

void sendError(HTTPServerResponse& resp, int status, const std::string& code,
               const std::string& message, const std::vector<FieldError>& details,
               const std::string& requestId) {
  std::string body = "{\"error\": {\"code\": " + jsonString(code) +
                     ", \"message\": " + jsonString(message) + ", \"details\": [";
  for (std::size_t i = 0; i < details.size(); ++i) {
    body += std::string(i ? ", " : "") + "{\"field\": " + jsonString(details[i].field) +
            ", \"reason\": " + jsonString(details[i].reason);
    if (details[i].line) body += ", \"line\": " + std::to_string(details[i].line);
    body += "}";
  }
  body += "], \"request_id\": " + jsonString(requestId) + "}}";
  if (status == 401) resp.set("WWW-Authenticate", "Bearer");
  if (status == 413) resp.setKeepAlive(false);  // the unread body makes the connection unusable
  sendJson(resp, status, body);
}

int statusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

void allow(const HTTPServerRequest& req, std::initializer_list<const char*> methods) {
  std::string list;
  for (const char* m : methods) {
    if (req.getMethod() == m) return;
    list += (list.empty() ? "" : ", ") + std::string(m);
  }
  throw HttpError(405, "method_not_allowed",
                  tr("这里不能用 " + req.getMethod() + "，请用 " + list,
                     req.getMethod() + " is not allowed here; use " + list));
}

long long positiveInteger(const std::string& s, const std::string& what, int status) {
  long long v = 0;
  const char* code = status == 404 ? "not_found" : "bad_request";
  const std::string bad =
      tr(what + " '" + s + "' 不是正整数", what + " '" + s + "' is not a positive whole number");
  if (s.empty() || s.size() > 18) throw HttpError(status, code, bad);
  for (char c : s) {
    if (c < '0' || c > '9') throw HttpError(status, code, bad);
    v = v * 10 + (c - '0');
  }
  if (v < 1)
    throw HttpError(status, "bad_request", tr(what + " 不能小于 1", what + " must be 1 or more"));
  return v;
}

bool boolParam(const std::string& name, const std::string& v) {
  if (v == "true" || v == "1" || v.empty()) return true;
  if (v == "false" || v == "0") return false;
  throw HttpError(400, "bad_request",
                  tr(name + " 只能是 true 或 false", name + " must be true or false"),
                  {{name, tr("不是布尔值", "not a boolean"), 0}});
}

// Writes to the response only once something is written, so that errors found before the
// first byte (bad filters, missing capability) still get their status.
class LazyResponseBuf : public std::streambuf {
 public:
  explicit LazyResponseBuf(HTTPServerResponse& resp) : resp_(resp) {}

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return 0;
    char ch = static_cast<char>(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (!out_) out_ = &resp_.send();
    out_->write(s, n);
    return *out_ ? n : 0;
  }
  int sync() override { return out_ && !out_->flush() ? -1 : 0; }

 private:
  HTTPServerResponse& resp_;
  std::ostream* out_ = nullptr;
};

}  // namespace

User ApiHandler::authenticate(HTTPServerRequest& req, soci::session& s) {
  if (!req.has("Authorization"))
    throw HttpError(401, "unauthorized",
                    tr("缺少 Authorization 请求头（Bearer 令牌），请先登录",
                       "missing Authorization header (Bearer token)"));
  const std::string& h = req.get("Authorization");
  if (h.size() < 8 || Poco::icompare(h.substr(0, 7), "bearer ") != 0)
    throw HttpError(401, "unauthorized",
                    tr("Authorization 请求头应为 'Bearer <令牌>'",
                       "the Authorization header must be 'Bearer <token>'"));
  const std::string token = h.substr(7);
  if (auto known = tokens_.find(token)) {
    setRequestLogin(known->login);
    return *known;
  }
  auto user = host::authenticate(s, token, cache_);
  if (user) setRequestLogin(user->login);
  if (!user)
    throw HttpError(
        401, "unauthorized",
        tr("令牌无效、已过期或已撤销，请重新登录", "the token is invalid, expired or revoked"));
  tokens_.remember(token, *user);
  return *user;
}

namespace {
// A failure after the response began (an export streaming its rows): no error can be sent
// any more, so the connection is cut before the last chunk and the client sees a broken
// transfer, never a complete-looking file. True when that was done.
bool cutStartedResponse(HTTPServerRequest& req, HTTPServerResponse& resp,
                        const std::string& requestId, const char* what) {
  if (!resp.sent()) return false;
  std::cerr << "tdr: request " << requestId << " " << req.getMethod() << " " << req.getURI()
            << " failed after its response began: " << what << "\n";
  try {
    static_cast<Poco::Net::HTTPServerRequestImpl&>(req).socket().shutdown();
  } catch (const Poco::Exception&) {  // already gone
  }
  resp.setKeepAlive(false);
  return true;
}
}  // namespace

void ApiHandler::handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) {
  requestId_ = requestId();
  LanguageScope language(languageFrom(req.get("Accept-Language", "")));
  resp.set("X-Request-Id", requestId_);
  setSecurityHeaders(resp, true);
  try {
    std::vector<std::string> path;
    try {
      Poco::URI(req.getURI()).getPathSegments(path);
    } catch (const Poco::Exception&) {
      throw HttpError(400, "bad_request", tr("请求地址格式错误", "the request URI is malformed"));
    }
    for (const auto& segment : path)
      if (!isValidUtf8(segment) || segment.find('\0') != std::string::npos)
        throw HttpError(400, "bad_request",
                        tr("请求路径含有无效的 UTF-8 或 NUL 字符",
                           "the request path holds invalid UTF-8 or a NUL character"));
    route(req, resp, path);
  } catch (const HttpError& e) {
    if (cutStartedResponse(req, resp, requestId_, e.what())) return;
    // A body not read to its end leaves the connection unusable for another request.
    if (e.status() == 408 || e.status() == 413) resp.setKeepAlive(false);
    sendError(resp, e.status(), e.code(), e.what(), e.details(), requestId_);
  } catch (const Error& e) {
    if (cutStartedResponse(req, resp, requestId_, e.what())) return;
    int status = statusFor(e.code());
    if (status == 500)
      std::cerr << "tdr: request " << requestId_ << " failed: " << e.what() << "\n";
    sendError(resp, status, errorCodeName(e.code()),
              status == 500 ? internalMessage(requestId_) : e.what(), e.details(), requestId_);
  } catch (const soci::soci_error& e) {
    if (cutStartedResponse(req, resp, requestId_, e.what())) return;
    DbErrorInfo info = classify(e);
    if (info.failure == DbFailure::kBusy && !resp.sent()) {
      resp.set("Retry-After", std::to_string(kBusyRetrySeconds));
      sendError(resp, 503, "unavailable",
                tr("数据库正忙（其他写入占用了它），请 " + std::to_string(kBusyRetrySeconds) +
                       " 秒后重试",
                   "the database is busy with other writes; retry in " +
                       std::to_string(kBusyRetrySeconds) + " s"),
                {}, requestId_);
      return;
    }
    if (info.failure == DbFailure::kBadText && !resp.sent()) {
      sendError(resp, 400, "bad_request",
                tr("请求含有数据库不能保存的文本（无效的 UTF-8 或 NUL 字符）",
                   "the request holds text the database cannot store (invalid UTF-8 or NUL)"),
                {}, requestId_);
      return;
    }
    std::cerr << "tdr: request " << requestId_ << " " << req.getMethod() << " " << req.getURI()
              << " failed: " << e.what() << "\n";
    if (!resp.sent()) sendError(resp, 500, "internal", internalMessage(requestId_), {}, requestId_);
  } catch (const std::exception& e) {
    // A failure of the server or of plugin code, never of the input: logged with the request
    // id, answered without internals.
    if (cutStartedResponse(req, resp, requestId_, e.what())) return;
    std::cerr << "tdr: request " << requestId_ << " " << req.getMethod() << " " << req.getURI()
              << " failed: " << e.what() << "\n";
    if (!resp.sent()) sendError(resp, 500, "internal", internalMessage(requestId_), {}, requestId_);
  } catch (...) {
    if (cutStartedResponse(req, resp, requestId_, "an unknown exception")) return;
    std::cerr << "tdr: request " << requestId_ << " failed with an unknown exception\n";
    if (!resp.sent()) sendError(resp, 500, "internal", internalMessage(requestId_), {}, requestId_);
  }
}

void ApiHandler::route(HTTPServerRequest& req, HTTPServerResponse& resp,
                       const std::vector<std::string>& path) {
  if (path.size() == 1 && path[0] == "openapi.json") {
    allow(req, {"GET"});
    sendJson(resp, 200, openApi_);
    return;
  }
  if (path.size() < 3 || path[0] != "api" || path[1] != "v1")
    throw HttpError(404, "not_found",
                    tr("没有这个接口：", "no such endpoint: ") +
                        req.getURI().substr(0, req.getURI().find('?')));
  std::vector<std::string> rest(path.begin() + 2, path.end());
  const Registry& registry = runtime_.registry();
  Poco::URI uri(req.getURI());
  Poco::URI::QueryParameters query;
  try {
    query = uri.getQueryParameters();
  } catch (const Poco::Exception&) {
    throw HttpError(400, "bad_request", tr("查询字符串格式错误", "the query string is malformed"));
  }
  // Text the database could not store faithfully is refused here, on both databases alike.
  auto badText = [](const std::string& v) {
    return !isValidUtf8(v) || v.find('\0') != std::string::npos;
  };
  for (const auto& [k, v] : query)
    if (badText(k) || badText(v))
      throw HttpError(400, "bad_request",
                      tr("查询参数含有无效的 UTF-8 或 NUL 字符",
                         "a query parameter holds invalid UTF-8 or a NUL character"),
                      {{isValidUtf8(k) && k.find('\0') == std::string::npos ? k : "?",
                        tr("无效的文本", "invalid text"), 0}});

  SessionLease lease(runtime_.database());
  soci::session& s = *lease;
  cache_ = &lease.cache();
  if (rest.size() == 1 && rest[0] == "health") {
    allow(req, {"GET"});
    int one = 0;
    s << "SELECT 1", soci::into(one);
    int loaded = 0, refused = 0;
    for (const auto& st : runtime_.plugins().statuses())
      (st.state == PluginState::kRefused ? refused : loaded)++;
    sendJson(resp, 200,
             "{\"status\": \"ok\", \"database\": " +
                 jsonString(dialectName(runtime_.database().dialect())) +
                 ", \"plugins\": {\"loaded\": " + std::to_string(loaded) +
                 ", \"refused\": " + std::to_string(refused) + "}}");
    return;
  }

  // Web log-in: login + password for a session token (12 hours).
  if (rest.size() == 1 && rest[0] == "session" && req.getMethod() == "POST") {
    JsonPtr body = parseJsonObject(readBody(req, limits_.maxJsonBytes), limits_.maxJsonDepth);
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
    if (long long wait = LoginThrottle::retryAfterSeconds(s, login)) {
      resp.set("Retry-After", std::to_string(wait));
      throw HttpError(429, "too_many_requests",
                      tr("账号“" + login + "”登录失败次数过多，请 " +
                             std::to_string((wait + 59) / 60) + " 分钟后再试",
                         "too many failed log-ins for '" + login + "'; try again in " +
                             std::to_string((wait + 59) / 60) + " minute(s)"));
    }
    std::optional<IssuedToken> issued;
    {
      WriteTransaction tx(s);
      issued = logIn(s, login, password, 12);
      if (issued) {
        LoginThrottle::succeeded(s, login);
        appendAudit(s, {login, "log_in", "core.users", 0,
                        "{\"login\": " + jsonString(login) +
                            ", \"expires_at\": " + jsonString(issued->expiresAt) + "}"});
        tx.commit();
      }
    }
    if (!issued) {
      LoginThrottle::failed(s, login);
      throw HttpError(401, "unauthorized", tr("账号或密码错误", "login or password is wrong"));
    }
    sendJson(resp, 200,
             "{\"token\": " + jsonString(issued->token) +
                 ", \"expires_at\": " + jsonString(issued->expiresAt) + "}");
    return;
  }

  // A GET on SQLite reads in one snapshot: the token check and the data under one set of file
  // locks (on PostgreSQL BEGIN/COMMIT would be two more round trips).
  std::optional<ReadSnapshot> snapshot;
  if (req.getMethod() == "GET" && runtime_.database().dialect() == Dialect::kSQLite)
    snapshot.emplace(lease.cache());
  User user = authenticate(req, s);
  auto ctx = runtime_.context(s, user);

  if (rest.size() == 1 && rest[0] == "session") {
    allow(req, {"POST", "DELETE"});
    WriteTransaction tx(s);
    const std::string token = req.get("Authorization").substr(7);
    revokeToken(s, token);
    tokens_.forget(token);
    tx.commit();
    setStatus(resp, 204);
    resp.send();
    return;
  }

  if (rest.size() == 1 && rest[0] == "me") {
    allow(req, {"GET"});
    sendJson(resp, 200, describeForUser(*ctx, registry, runtime_, user, s));
    return;
  }

  if (rest.size() == 1 && rest[0] == "plugins") {
    allow(req, {"GET"});
    std::string out = "{\"plugins\": [";
    bool first = true;
    for (const auto& st : runtime_.plugins().statuses()) {
      auto slash = st.file.rfind('/');
      out += std::string(first ? "" : ", ") + "{\"id\": " + jsonString(st.id) +
             ", \"version\": " + jsonString(st.version) + ", \"sdk_abi\": " +
             jsonString(std::to_string(st.abiMajor) + "." + std::to_string(st.abiMinor)) +
             ", \"schema_version\": " + std::to_string(st.schemaVersion) + ", \"state\": " +
             jsonString(st.state == PluginState::kRefused  ? "refused"
                        : st.state == PluginState::kLoaded ? "loaded"
                                                           : "pending") +
             ", \"reason\": " + jsonString(st.reason) + ", \"file\": " +
             jsonString(slash == std::string::npos ? st.file : st.file.substr(slash + 1)) + "}";
      first = false;
    }
    sendJson(resp, 200, out + "]}");
    return;
  }

  if (rest[0] == "audit" && (rest.size() == 1 || (rest.size() == 2 && rest[1] == "verify"))) {
    allow(req, {"GET"});
    if (!ctx->can("core:audit"))
      throw forbidden(tr("查看审计日志需要权限 core:audit",
                         "reading the audit log needs capability 'core:audit'"));
    if (rest.size() == 2) {  // the chain, recomputed: what `tdr audit verify` says
      snapshot.reset();
      AuditVerification v = verifyAudit(s);
      sendJson(resp, 200,
               "{\"ok\": " + std::string(v.ok ? "true" : "false") + ", \"rows\": " +
                   std::to_string(v.rows) + ", \"broken_at\": " + std::to_string(v.brokenAt) +
                   ", \"reason\": " + jsonString(v.reason) +
                   ", \"head_hash\": " + jsonString(v.headHash) + "}");
      return;
    }
    long long page = 1, size = 50;
    std::string where;
    std::vector<std::string> filters;
    for (const auto& [k, v] : query) {
      if (k == "page") {
        page = positiveInteger(v, "page", 400);
      } else if (k == "page_size") {
        size = std::min<long long>(positiveInteger(v, "page_size", 400), 500);
      } else if (k == "actor" || k == "action" || k == "record_type") {
        where += std::string(where.empty() ? " WHERE " : " AND ") + k + " = :" + k;
        filters.push_back(v);
      } else {
        throw HttpError(400, "bad_request",
                        tr("不认识的参数 '" + k + "'", "unknown parameter '" + k + "'"),
                        {{k, tr("不认识", "unknown"), 0}});
      }
    }
    std::vector<bool> textParams(filters.size(), false);
    BoundStatement count(s, "SELECT COUNT(*) FROM core_audit" + where, textParams, {true});
    std::vector<bool> pageParams = textParams;
    pageParams.insert(pageParams.end(), {true, true});
    BoundStatement rows(s,
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
    std::string out = "{\"items\": [";
    bool first = true;
    for (bool more = rows.execute(); more; more = rows.fetch()) {
      const Value recordId = rows.result(5);
      out += std::string(first ? "" : ", ") + "{\"id\": " + toText(rows.result(0)) +
             ", \"at\": " + jsonString(toText(rows.result(1))) +
             ", \"actor\": " + jsonString(toText(rows.result(2))) +
             ", \"action\": " + jsonString(toText(rows.result(3))) +
             ", \"record_type\": " + jsonString(toText(rows.result(4))) +
             ", \"record_id\": " + (isNull(recordId) ? std::string("null") : toText(recordId)) +
             ", \"detail\": " + toText(rows.result(6)) + "}";
      first = false;
    }
    sendJson(resp, 200,
             out + "], \"page\": " + std::to_string(page) +
                 ", \"page_size\": " + std::to_string(size) +
                 ", \"total\": " + (total ? toText((*total)[0]) : std::string("0")) + "}");
    return;
  }

  if (rest.size() == 2 && rest[0] == "jobs") {
    allow(req, {"GET"});
    long long id = positiveInteger(rest[1], "job id", 404);
    sendJson(resp, 200, jobs_.statusJson(s, id, user, ctx->can("core:audit")));
    return;
  }

  if (rest.size() == 3 && rest[0] == "teachers" && rest[2] == "portfolio") {
    allow(req, {"GET"});
    const RecordTypeEntry& teachers = registry.requireRecordType("core.teachers");
    RecordService service(*ctx, registry, teachers, runtime_.nationalIdKey(), cache_);
    RecordStore store(s, teachers, cache_);
    Record probe;
    probe.set("staff_no", Value{rest[1]});
    auto teacher = store.findByNaturalKey(probe);
    bool own = ctx->user().scope == RoleScope::kOwnRecords;
    if (!teacher || (own && ctx->user().login != rest[1]))
      throw notFound(
          tr("没有工号为 '" + rest[1] + "' 的教师", "no teacher with staff_no '" + rest[1] + "'"));
    std::string teacherJson = service.get(teacher->id());  // capability and school checks
    auditDisclosure(audit_, snapshot, user, "read", service.sensitiveRead());
    std::string out = "{\"teacher\": " + teacherJson + ", \"sections\": [";
    bool first = true;
    for (const auto& entry : registry.portfolio()) {
      const std::string& plugin = entry.first;
      const PortfolioDecl& section = entry.second;
      if (!ctx->can(section.capability)) continue;
      std::string data;
      try {
        JsonPtr json = ctx->asPlugin(plugin, "", [&] { return section.fn(*ctx, teacher->id()); });
        std::ostringstream os;
        if (json) json->stringify(os);
        data = json ? os.str() : "null";
      } catch (const std::exception& e) {
        std::cerr << "tdr: request " << requestId_ << ": portfolio section of " << plugin
                  << " failed: " << e.what() << "\n";
        data = "{\"error\": \"this section is unavailable (request " + requestId_ + ")\"}";
      }
      out += std::string(first ? "" : ", ") + "{\"plugin\": " + jsonString(plugin) +
             ", \"title\": " + jsonString(section.title) + ", \"data\": " + data + "}";
      first = false;
    }
    sendJson(resp, 200, out + "]}");
    return;
  }

  if (rest.size() == 3 && rest[1] == "reports") {
    allow(req, {"GET"});
    const std::string name = rest[0] + "." + rest[2];
    Invocation run(*ctx);
    const ReportDecl& report = run.report(name);
    Params params;
    std::string format = "json";
    for (const auto& [k, v] : query) (k == "format" ? format : params[k]) = v;
    if (format != "json" && format != "csv" && format != "xlsx")
      throw HttpError(400, "bad_request",
                      tr("format 只能是 json、csv 或 xlsx", "format must be json, csv or xlsx"),
                      {{"format", tr("未知格式", "unknown"), 0}});
    ReportTable table = run.runReport(name, params);
    if (format == "csv" || format == "xlsx") {
      std::ostringstream os;
      bool csv = format == "csv";
      run.writeReport(os, csv ? TableWriter::Format::kCsv : TableWriter::Format::kXlsx, report,
                      table);
      resp.setContentType(
          csv ? "text/csv; charset=utf-8"
              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      resp.set("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"");
      resp.sendBuffer(os.str().data(), os.str().size());
      return;
    }
    sendJson(resp, 200, run.reportJson(report, table));
    return;
  }

  if (rest.size() == 3 && rest[1] == "actions") {
    allow(req, {"POST"});
    const std::string name = rest[0] + "." + rest[2];
    Invocation run(*ctx);
    run.userAction(name);
    JsonPtr params = parseJsonObject(readBody(req, limits_.maxJsonBytes), limits_.maxJsonDepth);
    WriteTransaction tx(s);
    JsonPtr result = run.runAction(name, params);
    tx.commit();
    std::ostringstream resultText;
    if (result)
      result->stringify(resultText);
    else
      resultText << "null";
    sendJson(resp, 200, resultText.str());
    return;
  }

  // Record actions: one record (/{plugin}/{record}/{id}/actions/{name}) or many
  // (/{plugin}/{record}/actions/{name} with {"ids": [...], "partial": bool, ...params}).
  if ((rest.size() == 5 && rest[3] == "actions") || (rest.size() == 4 && rest[2] == "actions")) {
    allow(req, {"POST"});
    const RecordTypeEntry* entry = registry.recordType(rest[0] + "." + rest[1]);
    if (!entry)
      throw HttpError(404, "not_found",
                      tr("没有记录类型 '", "no record type '") + rest[0] + "." + rest[1] + "'");
    const std::string& name = rest.size() == 5 ? rest[4] : rest[3];
    JsonPtr params = parseJsonObject(readBody(req, limits_.maxJsonBytes), limits_.maxJsonDepth);
    std::vector<long long> ids;
    bool partial = false;
    if (rest.size() == 5) {
      ids.push_back(positiveInteger(rest[2], entry->qualifiedName + " id", 404));
    } else {
      auto list = params->getArray("ids");
      if (!params->has("ids") || !list)
        throw validationError(tr("请在 ids 中给出记录编号", "give the record ids in \"ids\""),
                              {{"ids", tr("必须是编号数组", "must be an array of ids"), 0}});
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& v = list->get(static_cast<unsigned>(i));
        if (!v.isInteger())
          throw validationError(tr("ids 只能包含编号", "ids must hold record ids"),
                                {{"ids",
                                  tr("第 " + std::to_string(i + 1) + " 项不是编号",
                                     "item " + std::to_string(i + 1) + " is not an id"),
                                  0}});
        ids.push_back(v.convert<long long>());
      }
      if (params->has("partial")) {
        const auto& v = params->get("partial");
        if (!v.isBoolean())
          throw validationError(tr("partial 必须是 true 或 false", "partial must be true or false"),
                                {{"partial", tr("不是布尔值", "not a boolean"), 0}});
        partial = v.extract<bool>();
        params->remove("partial");
      }
    }
    WriteTransaction tx(s);
    JsonPtr result = Invocation(*ctx).runRecordAction(*entry, name, ids, params, partial);
    tx.commit();
    std::ostringstream os;
    if (rest.size() == 5)
      result->getArray("results")->getObject(0)->getObject("result")
          ? result->getArray("results")->getObject(0)->getObject("result")->stringify(os)
          : void(os << "null");
    else
      result->stringify(os);
    sendJson(resp, 200, os.str());
    return;
  }

  if (rest.size() < 2 || rest.size() > 3)
    throw HttpError(404, "not_found", tr("没有这个接口：", "no such endpoint: ") + uri.getPath());
  const RecordTypeEntry* entry = registry.recordType(rest[0] + "." + rest[1]);
  if (!entry)
    throw HttpError(404, "not_found",
                    tr("没有记录类型 '", "no record type '") + rest[0] + "." + rest[1] + "'");

  if (rest.size() == 3 && rest[2] == "import") {
    allow(req, {"POST"});
    bool dryRun = false, partial = false;
    std::string fileName;
    for (const auto& [k, v] : query) {
      if (k == "dry_run")
        dryRun = boolParam(k, v);
      else if (k == "partial")
        partial = boolParam(k, v);
      else if (k == "file_name") {
        if (v.size() > 255)
          throw HttpError(400, "bad_request",
                          tr("文件名过长（最多 255 字节）", "file_name is longer than 255 bytes"),
                          {{"file_name", tr("过长", "too long"), 0}});
        fileName = v;  // the user's own name for the file, for messages
      } else
        throw HttpError(400, "bad_request",
                        tr("不认识的参数 '" + k + "'", "unknown parameter '" + k + "'"),
                        {{k, tr("不认识", "unknown"), 0}});
    }
    {
      RecordScope scope(s, registry, *entry, ctx->user());
      if (!ctx->can(scope.writeCapability()))
        throw forbidden(tr("导入" + entry->type.label + "需要权限 " + scope.writeCapability(),
                           "importing " + entry->qualifiedName + " needs capability '" +
                               scope.writeCapability() + "'"));
      if (std::string why = scope.unwritableReason(); !why.empty()) throw forbidden(why);
    }
    std::string body = readBody(req, limits_.maxImportBytes);
    if (body.empty())
      throw HttpError(
          400, "bad_request",
          tr("请求体必须是要导入的 CSV 或 XLSX 文件", "the body must be the CSV or XLSX file"));
    long long job = jobs_.submit(s, user, entry->qualifiedName, body, fileName, dryRun, partial);
    resp.set("Location", "/api/v1/jobs/" + std::to_string(job));
    sendJson(resp, 202,
             "{\"job\": {\"id\": " + std::to_string(job) +
                 ", \"status\": \"queued\", \"url\": \"/api/v1/jobs/" + std::to_string(job) +
                 "\"}}");
    return;
  }

  if (rest.size() == 3 && rest[2] == "export") {
    allow(req, {"GET"});
    ExportOptions o;
    o.nationalIdKey = runtime_.nationalIdKey();
    for (const auto& [k, v] : query) {
      if (k == "format") {
        if (v != "csv" && v != "json" && v != "xlsx")
          throw HttpError(400, "bad_request",
                          tr("format 只能是 csv、json 或 xlsx", "format must be csv, json or xlsx"),
                          {{"format", tr("不认识的格式", "unknown"), 0}});
        o.format = TableWriter::parseFormat(v, "format");
      } else {
        o.where.emplace_back(k, v);
      }
    }
    bool csv = o.format == TableWriter::Format::kCsv;
    resp.setContentType(csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
    resp.set("Content-Disposition",
             "attachment; filename=\"" + entry->qualifiedName + (csv ? ".csv\"" : ".json\""));
    resp.setChunkedTransferEncoding(true);
    SensitiveRead disclosed;
    o.disclosed = &disclosed;
    LazyResponseBuf buf(resp);
    std::ostream out(&buf);
    exportRecords(*ctx, registry, *entry, out, o);
    out.flush();
    if (!disclosed.empty()) {  // streamed: recorded as soon as the last row is out
      snapshot.reset();
      audit_.append(sensitiveReadEntry(user.login, "export", disclosed), true);
    }
    return;
  }

  RecordService service(*ctx, registry, *entry, runtime_.nationalIdKey(), cache_);
  if (rest.size() == 2) {
    allow(req, {"GET", "POST"});
    if (req.getMethod() == "POST") {
      JsonPtr body = parseJsonObject(readBody(req, limits_.maxJsonBytes), limits_.maxJsonDepth);
      std::string json = service.create(body);
      sendJson(resp, 201, json);
      return;
    }
    ListQuery q;
    for (const auto& [k, v] : query) {
      if (k == "page") {
        q.page = positiveInteger(v, "page", 400);
      } else if (k == "page_size") {
        q.pageSize = positiveInteger(v, "page_size", 400);
      } else if (k == "sort") {
        q.descending = !v.empty() && v[0] == '-';
        q.sort = q.descending ? v.substr(1) : v;
      } else if (k == "q") {
        q.search = v;
      } else {
        q.filters.emplace_back(k, v);
      }
    }
    std::string json = service.list(q);
    auditDisclosure(audit_, snapshot, user, "read", service.sensitiveRead());
    sendJson(resp, 200, json);
    return;
  }
  long long id = positiveInteger(rest[2], entry->qualifiedName + " id", 404);
  allow(req, {"GET", "PUT", "DELETE"});
  if (req.getMethod() == "GET") {
    std::string json = service.get(id);
    auditDisclosure(audit_, snapshot, user, "read", service.sensitiveRead());
    sendJson(resp, 200, json);
  } else if (req.getMethod() == "PUT") {
    JsonPtr body = parseJsonObject(readBody(req, limits_.maxJsonBytes), limits_.maxJsonDepth);
    sendJson(resp, 200, service.update(id, body));
  } else {
    service.remove(id);
    setStatus(resp, 204);
    resp.setContentLength(0);
    resp.send();
  }
}

}  // namespace tdr::host
