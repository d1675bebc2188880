#pragma once

#include <memory>
#include <string>

#include "http/json_input.h"

namespace Poco::Net {
class HTTPServer;
}

namespace tdr::host {

class Runtime;
class ImportJobs;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 picks a free port
  int threads = 16;
  int timeoutSeconds = 30;  ///< per socket read/write: a stalled client is cut off
  BodyLimits limits;
  std::string webDir;  ///< the web interface's files, served under /app/ ("" = none)
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
  std::unique_ptr<ImportJobs> jobs_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace tdr::host
