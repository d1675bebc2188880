#pragma once

#include <Poco/URI.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "auth/users.h"
#include "db/transaction.h"
#include "http/json_input.h"
#include "plugins/host_context.h"

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace soci {
class session;
}

namespace tdr::host {

class Runtime;
class ImportJobs;
class TokenCache;
class AuditWriter;
class Registry;
class StatementCache;
struct RecordTypeEntry;
struct SensitiveRead;

/// What the API's handlers share for the life of the server.
struct ApiServices {
  Runtime& runtime;
  ImportJobs& jobs;
  TokenCache& tokens;
  AuditWriter& audit;  // the group commit of sensitive-read entries
  const BodyLimits& limits;
  const std::string& openApi;
};

/// One API request as a handler sees it: the request and response, the route's path
/// parameters and the query, and — for routes that need them — the leased session and the
/// authenticated user with their context.
struct ApiCall {
  ApiCall(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
          ApiServices& shared, const std::string& id, std::map<std::string, std::string> params)
      : req(request), resp(response), services(shared), requestId(id), path(std::move(params)) {}

  Poco::Net::HTTPServerRequest& req;
  Poco::Net::HTTPServerResponse& resp;
  ApiServices& services;
  const std::string& requestId;
  std::map<std::string, std::string> path;  ///< {plugin}, {record}, {id}, … of the pattern
  Poco::URI::QueryParameters query;

  soci::session* session = nullptr;
  StatementCache* cache = nullptr;
  /// A GET on SQLite reads in one snapshot (the token check and the data under one set of
  /// file locks); reset as soon as the reading is done.
  std::optional<ReadSnapshot> snapshot;
  std::optional<User> user;
  std::unique_ptr<HostContext> ctx;

  soci::session& s() const { return *session; }
  HostContext& context() const { return *ctx; }
  const Registry& registry() const;
  /// The record type named by {plugin} and {record}; 404 naming it when there is none.
  const RecordTypeEntry& recordType() const;
  /// The request body as a JSON object, within the JSON limits.
  JsonPtr jsonBody() const;
  /// Records what a GET is about to send of sensitive fields (queued: AuditWriter).
  void auditDisclosure(const SensitiveRead& read);
};

/// Sends `body` (JSON text) with `status`.
void sendJson(Poco::Net::HTTPServerResponse& resp, int status, const std::string& body);

/// `s` as a whole number ≥ 1, or HttpError `status` (404 for path ids, 400 for query values)
/// naming `what`.
long long positiveInteger(const std::string& s, const std::string& what, int status);

/// A query flag: empty, true or 1 / false or 0; 400 naming it otherwise.
bool boolParam(const std::string& name, const std::string& v);

/// The 400 for a query parameter the route does not take.
[[noreturn]] void unknownParameter(const std::string& name);

}  // namespace tdr::host
