#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <tdr/context.h>

#include <string>
#include <vector>

#include "http/json_input.h"

namespace soci {
class session;
}

namespace tdr::host {

class Runtime;
class ImportJobs;
class TokenCache;
class StatementCache;
class AuditWriter;

/// Handles one API request: authenticates, routes, runs the operation with a pooled database
/// session, and turns every error into the JSON error shape with its status — a 500 only for
/// failures of the server or of plugin code, never for bad input.
class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(Runtime& runtime, ImportJobs& jobs, TokenCache& tokens, AuditWriter& audit,
             const BodyLimits& limits, const std::string& openApi)
      : runtime_(runtime),
        jobs_(jobs),
        tokens_(tokens),
        audit_(audit),
        limits_(limits),
        openApi_(openApi) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override;

 private:
  void route(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
             const std::vector<std::string>& path);
  /// The user of the request's bearer token, looked up on `s` (with `cache`, its statements).
  User authenticate(Poco::Net::HTTPServerRequest& req, soci::session& s, StatementCache& cache);

  Runtime& runtime_;
  ImportJobs& jobs_;
  TokenCache& tokens_;
  AuditWriter& audit_;  // the group commit of sensitive-read entries
  const BodyLimits& limits_;
  const std::string& openApi_;
  std::string requestId_;
};

}  // namespace tdr::host
