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
#include <ostream>
#include <thread>

#include "auth/token_cache.h"
#include "http/api_handler.h"
#include "http/import_jobs.h"
#include "http/openapi.h"
#include "http/read_deadlines.h"
#include "http/response_headers.h"
#include "http/static_files.h"
#include "i18n/text.h"
#include "io/table_writer.h"
#include "runtime.h"

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
    std::string body = "{\"error\": {\"code\": \"unavailable\", \"message\": " +
                       jsonString(tr("服务器正忙（等待处理的连接超过 " +
                                         std::to_string(kQueueBusy) + " 个），请 1 秒后重试",
                                     "the server is busy (more than " + std::to_string(kQueueBusy) +
                                         " connections wait); retry in 1 s")) +
                       ", \"details\": []}}";
    resp.setContentLength(static_cast<std::streamsize>(body.size()));
    resp.send() << body;
  }
};

// Keeps a connection alive only while no other client waits for a thread: idle keep-alive
// connections (a browser holds several) must never starve new clients.
class CloseWhenOthersWait : public Poco::Net::HTTPRequestHandler {
 public:
  CloseWhenOthersWait(Poco::Net::HTTPRequestHandler* inner, const Poco::Net::TCPServer* server)
      : inner_(inner), server_(server) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    if (server_ && server_->queuedConnections() > 0) resp.setKeepAlive(false);
    inner_->handleRequest(req, resp);
    ReadDeadlines::responseSent();  // the next request's head is due
  }

 private:
  std::unique_ptr<Poco::Net::HTTPRequestHandler> inner_;
  const Poco::Net::TCPServer* server_;
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
                    std::string webDir)
      : runtime_(runtime),
        jobs_(jobs),
        tokens_(std::make_unique<TokenCache>()),
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
    if (!webDir_.empty() && isStaticPath(path))
      handler = new StaticFileHandler(webDir_);
    else
      handler = new ApiHandler(runtime_, jobs_, *tokens_, limits_, openApi_);
    return new CloseWhenOthersWait(handler, server);
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
  std::unique_ptr<TokenCache> tokens_;  // lives as long as the factory, which Poco owns
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
  jobs_ = std::make_unique<ImportJobs>(runtime_);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(options_.threads);
  params->setMaxQueued(kQueueMax);
  params->setTimeout(Poco::Timespan(options_.timeoutSeconds, 0));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(kKeepAliveSeconds, 0));
  params->setMaxKeepAliveRequests(1000);
  params->setServerName("tdr");
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options_.host, options_.port));
  auto* factory = new ApiHandlerFactory(runtime_, *jobs_, options_.limits, options_.webDir);
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
