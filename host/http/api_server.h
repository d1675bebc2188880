#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "http/json_input.h"

namespace Poco::Net {
class TCPServer;
}

namespace tdr::host {

class Runtime;
class ImportJobs;
class ReadDeadlines;
class Metrics;
struct RequestLog;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 picks a free port
  int threads = 16;
  int timeoutSeconds = 30;  ///< per socket read/write: a stalled client is cut off
  int headSeconds = 10;     ///< a request head must be in by then (ReadDeadlines)
  BodyLimits limits;
  std::string webDir;              ///< the web interface's files, served under /app/ ("" = none)
  std::string logFormat = "text";  ///< the request log on stderr: text, json or none
  /// "Now" for the token cache's one-second memory (tests move it instead of sleeping).
  std::function<std::chrono::steady_clock::time_point()> clock;
};

/// The HTTP API of DESIGN §5 on Poco's HTTPServer: every declared record type of every loaded
/// plugin gets list/create/read/update/delete, import (as a job) and export; reports, actions,
/// portfolio, audit, health and the OpenAPI description.
class ApiServer {
 public:
  ApiServer(Runtime& runtime, const ServerOptions& options);
  ~ApiServer();

  void start();
  /// Stops accepting connections, lets requests in flight finish (up to `graceSeconds`), then
  /// stops the import worker.
  void stop(int graceSeconds = 10);
  int port() const;

 private:
  Runtime& runtime_;
  ServerOptions options_;
  std::unique_ptr<Metrics> metrics_;  // outlive the jobs and the connections that count
  std::unique_ptr<RequestLog> log_;
  std::unique_ptr<ImportJobs> jobs_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  std::unique_ptr<ReadDeadlines> deadlines_;  // outlives the server's connections
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace tdr::host
