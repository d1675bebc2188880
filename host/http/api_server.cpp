#include "http/api_server.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ostream>
#include <thread>

#include "app/runtime.h"
#include "audit/audit_writer.h"
#include "auth/token_cache.h"
#include "http/api_handler.h"
#include "http/import_jobs.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/read_deadlines.h"
#include "http/response_headers.h"
#include "http/static_files.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

// Connections beyond this many waiting for a thread are answered 503 at once (never queued
// without end); Poco closes those beyond the hard queue bound.
constexpr int kQueueBusy = 64, kQueueMax = 128;
// A keep-alive connection idle this long gives its thread back.
constexpr int kKeepAliveSeconds = 2;

// Answers 503 + Retry-After when every thread is taken and many clients already wait.
class OverloadedHandler : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& resp) override {
    setSecurityHeaders(resp, true);
    setStatus(resp, 503);
    resp.set("Retry-After", "1");
    resp.setKeepAlive(false);
    resp.setContentType("application/json; charset=utf-8");
    const std::string body = apiErrorJson(
        "unavailable",
        tr("服务器正忙（等待处理的连接超过 " + std::to_string(kQueueBusy) + " 个），请 1 秒后重试",
           "the server is busy (more than " + std::to_string(kQueueBusy) +
               " connections wait); retry in 1 s"));
    resp.setContentLength(static_cast<std::streamsize>(body.size()));
    resp.send() << body;
  }
};

// Every request: counted and timed for /metrics, one line in the request log, and the
// connection kept alive only while no other client waits for a thread (idle keep-alive
// connections, a browser holds several, must never starve new clients).
class ServedRequest : public Poco::Net::HTTPRequestHandler {
 public:
  ServedRequest(Poco::Net::HTTPRequestHandler* inner, const Poco::Net::TCPServer* server,
                Metrics& metrics, const RequestLog* log)
      : inner_(inner), server_(server), metrics_(metrics), log_(log) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    const auto start = std::chrono::steady_clock::now();
    metrics_.requestStarted();
    if (server_ && server_->queuedConnections() > 0) resp.setKeepAlive(false);
    setRequestLogin("");
    try {
      inner_->handleRequest(req, resp);
    } catch (...) {
      finish(req, resp, start);
      throw;
    }
    finish(req, resp, start);
    ReadDeadlines::responseSent();  // the next request's head is due
  }

 private:
  void finish(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
              std::chrono::steady_clock::time_point start) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string route = routeTemplate(req.getURI());
    const int status = static_cast<int>(resp.getStatus());
    metrics_.requestFinished(route, req.getMethod(), status, seconds);
    if (log_)
      log_->write(resp.get("X-Request-Id", ""), takeRequestLogin(), req.getMethod(), route, status,
                  seconds);
  }

  std::unique_ptr<Poco::Net::HTTPRequestHandler> inner_;
  const Poco::Net::TCPServer* server_;
  Metrics& metrics_;
  const RequestLog* log_;
};

// GET /metrics: Prometheus text. Without TDR_METRICS_TOKEN anyone who reaches the port may
// read it (it holds no data about people); with it, only `Authorization: Bearer <token>`.
class MetricsHandler : public Poco::Net::HTTPRequestHandler {
 public:
  MetricsHandler(Runtime& runtime, const Metrics& metrics) : runtime_(runtime), metrics_(metrics) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    setSecurityHeaders(resp, true);
    const char* token = std::getenv("TDR_METRICS_TOKEN");
    if (token && *token && req.get("Authorization", "") != std::string("Bearer ") + token) {
      setStatus(resp, 401);
      resp.set("WWW-Authenticate", "Bearer");
      resp.setContentLength(0);
      resp.send();
      return;
    }
    if (req.getMethod() != "GET") {
      setStatus(resp, 405);
      resp.set("Allow", "GET");
      resp.setContentLength(0);
      resp.send();
      return;
    }
    std::string body = metrics_.render(runtime_);
    setStatus(resp, 200);
    resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
    resp.setContentLength(static_cast<std::streamsize>(body.size()));
    resp.send() << body;
  }

 private:
  Runtime& runtime_;
  const Metrics& metrics_;
};

// Poco's HTTP connection, watched by the read deadlines while it lives.
class WatchedConnection : public Poco::Net::HTTPServerConnection {
 public:
  WatchedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ReadDeadlines& deadlines)
      : HTTPServerConnection(socket, params, factory), deadlines_(deadlines) {}
  void run() override {
    ReadDeadlines::Connection watched(deadlines_, socket());
    HTTPServerConnection::run();
  }

 private:
  ReadDeadlines& deadlines_;
};

class WatchedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  WatchedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                           Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                           ReadDeadlines& deadlines)
      : params_(params), factory_(factory), deadlines_(deadlines) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new WatchedConnection(socket, params_, factory_, deadlines_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  ReadDeadlines& deadlines_;
};

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ApiHandlerFactory(Runtime& runtime, ImportJobs& jobs, const BodyLimits& limits,
                    std::string webDir, Metrics& metrics, const RequestLog* log,
                    TokenCache::Clock clock)
      : runtime_(runtime),
        jobs_(jobs),
        metrics_(metrics),
        log_(log),
        tokens_(std::make_unique<TokenCache>(std::move(clock))),
        audit_(std::make_unique<AuditWriter>(runtime.database())),
        limits_(limits),
        openApi_(openApiJson(runtime.registry())),
        webDir_(std::move(webDir)) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& req) override {
    // Poco owns and deletes the handler.
    const std::string& uri = req.getURI();
    std::string path = uri.substr(0, uri.find('?'));
    ReadDeadlines::headRead();
    const Poco::Net::TCPServer* server = server_.load();
    if (server && server->queuedConnections() >= kQueueBusy) return new OverloadedHandler;
    Poco::Net::HTTPRequestHandler* handler;
    if (path == "/metrics")
      handler = new MetricsHandler(runtime_, metrics_);
    else if (!webDir_.empty() && isStaticPath(path))
      handler = new StaticFileHandler(webDir_);
    else
      handler = new ApiHandler(runtime_, jobs_, *tokens_, *audit_, limits_, openApi_);
    return new ServedRequest(handler, server, metrics_, log_);
  }
  void setServer(const Poco::Net::TCPServer* server) { server_ = server; }
  /// Tells every open connection to close (the event Poco's connections listen to).
  void abortConnections(const void* server) { serverStopped(server, true); }
  /// Connections waiting for a thread.
  int waiting() const {
    const Poco::Net::TCPServer* server = server_.load();
    return server ? server->queuedConnections() : 0;
  }

 private:
  Runtime& runtime_;
  ImportJobs& jobs_;
  Metrics& metrics_;
  const RequestLog* log_;
  std::unique_ptr<TokenCache> tokens_;  // lives as long as the factory, which Poco owns
  std::unique_ptr<AuditWriter> audit_;
  const BodyLimits& limits_;
  const std::string openApi_;
  const std::string webDir_;
  std::atomic<const Poco::Net::TCPServer*> server_{nullptr};
};

}  // namespace

ApiServer::ApiServer(Runtime& runtime, const ServerOptions& options)
    : runtime_(runtime), options_(options) {}

ApiServer::~ApiServer() { stop(0); }

void ApiServer::start() {
  metrics_ = std::make_unique<Metrics>();
  log_ = std::make_unique<RequestLog>();
  log_->json = options_.logFormat == "json";
  jobs_ = std::make_unique<ImportJobs>(runtime_, metrics_.get());
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(options_.threads);
  params->setMaxQueued(kQueueMax);
  params->setTimeout(Poco::Timespan(options_.timeoutSeconds, 0));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(kKeepAliveSeconds, 0));
  params->setMaxKeepAliveRequests(1000);
  params->setServerName("tdr");
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options_.host, options_.port));
  auto* factory =
      new ApiHandlerFactory(runtime_, *jobs_, options_.limits, options_.webDir, *metrics_,
                            options_.logFormat == "none" ? nullptr : log_.get(), options_.clock);
  handlers_ = factory;  // shared with every connection; lives as long as the last of them
  deadlines_ = std::make_unique<ReadDeadlines>(options_.headSeconds,
                                               [factory] { return factory->waiting(); });
  server_ = std::make_unique<Poco::Net::TCPServer>(
      new WatchedConnectionFactory(params, handlers_, *deadlines_), socket, params);
  factory->setServer(server_.get());
  server_->start();
}

void ApiServer::stop(int graceSeconds) {
  if (!server_) return;
  server_->stop();  // no new connections; requests in flight go on
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(graceSeconds);
  while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // As HTTPServer::stopAll(true): the connections still open are aborted.
  static_cast<ApiHandlerFactory*>(handlers_.get())->abortConnections(server_.get());
  server_.reset();
  deadlines_.reset();
  if (jobs_) jobs_->stop();
}

int ApiServer::port() const { return server_ ? server_->port() : options_.port; }

}  // namespace tdr::host
