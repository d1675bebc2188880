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

#include "app/runtime.h"
#include "audit/audit_writer.h"
#include "auth/token_cache.h"
#include "auth/users.h"
#include "db/failure.h"
#include "http/api_call.h"
#include "http/metrics.h"
#include "http/response_headers.h"
#include "http/route_table.h"
#include "util/digest.h"
#include "util/errors.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void sendError(HTTPServerResponse& resp, int status, const std::string& code,
               const std::string& message, const std::vector<FieldError>& details,
               const std::string& requestId) {
  const std::string body = apiErrorJson(code, message, details, requestId);
  if (status == 401) resp.set("WWW-Authenticate", "Bearer");
  if (status == 413) resp.setKeepAlive(false);  // the unread body makes the connection unusable
  sendJson(resp, status, body);
}

}  // namespace

User ApiHandler::authenticate(HTTPServerRequest& req, soci::session& s, StatementCache& cache) {
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
  auto user = host::authenticate(s, token, &cache);
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
  } catch (...) {
    Failure f =
        failureOf(std::current_exception(), tr("请求 " + requestId_, "request " + requestId_));
    if (cutStartedResponse(req, resp, requestId_,
                           f.internal ? f.logText.c_str() : f.message.c_str()))
      return;
    if (f.internal)
      std::cerr << "tdr: request " << requestId_ << " " << req.getMethod() << " " << req.getURI()
                << " failed: " << f.logText << "\n";
    if (resp.sent()) return;
    // A body not read to its end leaves the connection unusable for another request.
    if (f.httpStatus == 408 || f.httpStatus == 413) resp.setKeepAlive(false);
    if (f.retryAfterSeconds) resp.set("Retry-After", std::to_string(f.retryAfterSeconds));
    sendError(resp, f.httpStatus, f.code, f.message, f.details, requestId_);
  }
}

void ApiHandler::route(HTTPServerRequest& req, HTTPServerResponse& resp,
                       const std::vector<std::string>& path) {
  RouteMatch match = matchRoute(apiRoutes(), req.getMethod(), path);
  if (!match.route && !match.allowed.empty()) {
    std::string list;
    for (const auto& m : match.allowed) list += (list.empty() ? "" : ", ") + m;
    throw HttpError(405, "method_not_allowed",
                    tr("这里不能用 " + req.getMethod() + "，请用 " + list,
                       req.getMethod() + " is not allowed here; use " + list));
  }
  if (!match.route)
    throw HttpError(404, "not_found",
                    tr("没有这个接口：", "no such endpoint: ") +
                        req.getURI().substr(0, req.getURI().find('?')));
  const Route& r = *match.route;
  ApiServices services{runtime_, jobs_, tokens_, audit_, limits_, openApi_};
  ApiCall call(req, resp, services, requestId_, std::move(match.params));
  try {
    call.query = Poco::URI(req.getURI()).getQueryParameters();
  } catch (const Poco::Exception&) {
    throw HttpError(400, "bad_request", tr("查询字符串格式错误", "the query string is malformed"));
  }
  // Text the database could not store faithfully is refused here, on both databases alike.
  auto badText = [](const std::string& v) {
    return !isValidUtf8(v) || v.find('\0') != std::string::npos;
  };
  for (const auto& [k, v] : call.query)
    if (badText(k) || badText(v))
      throw HttpError(400, "bad_request",
                      tr("查询参数含有无效的 UTF-8 或 NUL 字符",
                         "a query parameter holds invalid UTF-8 or a NUL character"),
                      {{badText(k) ? "?" : k, tr("无效的文本", "invalid text"), 0}});
  if (!r.database) {
    r.handle(call);
    return;
  }
  // With a read replica (tdr serve --read-db) GETs read the standby; writes, and GETs that must
  // see what was just written, the primary.
  const bool replica = req.getMethod() == "GET" && !r.primary && runtime_.hasReadReplica();
  SessionLease lease(replica ? runtime_.readDatabase() : runtime_.database());
  call.session = &*lease;
  call.cache = &lease.cache();
  if (r.authenticated) {
    // A GET on SQLite reads in one snapshot: the token check and the data under one set of
    // file locks (on PostgreSQL BEGIN/COMMIT would be two more round trips).
    if (req.getMethod() == "GET" && runtime_.database().dialect() == Dialect::kSQLite)
      call.snapshot.emplace(lease.cache());
    // Tokens are checked on the primary: one issued or revoked a moment ago counts at once.
    std::optional<SessionLease> primary;
    if (replica) primary.emplace(runtime_.database());
    call.user = primary ? authenticate(req, **primary, primary->cache())
                        : authenticate(req, *lease, lease.cache());
    call.ctx = runtime_.context(*lease, *call.user);
  }
  r.handle(call);
}

}  // namespace tdr::host
