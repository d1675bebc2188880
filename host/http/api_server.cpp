#include "http/api_server.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/ServerSocket.h>

#include <chrono>
#include <thread>

#include "auth/token_cache.h"
#include "http/api_handler.h"
#include "http/import_jobs.h"
#include "http/openapi.h"
#include "http/static_files.h"
#include "runtime.h"

namespace tdr::host {

namespace {

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
    if (!webDir_.empty() && isStaticPath(path)) return new StaticFileHandler(webDir_);
    return new ApiHandler(runtime_, jobs_, *tokens_, limits_, openApi_);
  }

 private:
  Runtime& runtime_;
  ImportJobs& jobs_;
  std::unique_ptr<TokenCache> tokens_;  // lives as long as the factory, which Poco owns
  const BodyLimits& limits_;
  const std::string openApi_;
  const std::string webDir_;
};

}  // namespace

ApiServer::ApiServer(Runtime& runtime, const ServerOptions& options)
    : runtime_(runtime), options_(options) {}

ApiServer::~ApiServer() { stop(0); }

void ApiServer::start() {
  jobs_ = std::make_unique<ImportJobs>(runtime_);
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(options_.threads);
  params->setMaxQueued(256);
  params->setTimeout(Poco::Timespan(options_.timeoutSeconds, 0));
  params->setKeepAlive(true);
  params->setServerName("tdr");
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options_.host, options_.port));
  server_ = std::make_unique<Poco::Net::HTTPServer>(
      new ApiHandlerFactory(runtime_, *jobs_, options_.limits, options_.webDir), socket, params);
  server_->start();
}

void ApiServer::stop(int graceSeconds) {
  if (!server_) return;
  server_->stop();  // no new connections; requests in flight go on
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(graceSeconds);
  while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  server_->stopAll(true);
  server_.reset();
  if (jobs_) jobs_->stop();
}

int ApiServer::port() const { return server_ ? server_->port() : options_.port; }

}  // namespace tdr::host
