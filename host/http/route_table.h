#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <string>
#include <vector>

#include "registry/registry.h"

namespace tdr::host {

struct ApiCall;
struct Route;

/// Which declarations a route's pattern stands for: in OpenAPI, one path per record type,
/// report, action or record action, with {plugin}, {record}, {report} and {action} filled in
/// (other placeholders, such as {id}, stay path parameters).
enum class RouteFamily { kFixed, kRecordType, kReport, kAction, kRecordAction };

/// What a route's OpenAPI operation is built from: the route and, for a family route, the one
/// declaration its path stands for.
struct RouteDocArgs {
  RouteDocArgs(const Registry& reg, const Route& of) : registry(reg), route(of) {}

  const Registry& registry;
  const Route& route;
  const RecordTypeEntry* recordType = nullptr;
  std::string name;  ///< qualified report / action name (plugin.name)
  const ReportDecl* report = nullptr;
  const ActionDecl* action = nullptr;
  const RecordActionDecl* recordAction = nullptr;
};

/// One endpoint of the API. The table of them (apiRoutes) drives both dispatch
/// (http/api_handler.cpp) and the OpenAPI description (http/openapi.cpp).
struct Route {
  const char* method;   ///< GET, POST, PUT, DELETE
  const char* pattern;  ///< "/api/v1/{plugin}/{record}/{id}"
  bool authenticated;   ///< needs a bearer token (the log-in, health and OpenAPI do not)
  bool database;        ///< leases a database session
  RouteFamily family;
  /// The capability the route needs, for the description; "declared" when the declaration
  /// (record type, report, action) names it.
  const char* capability;
  void (*handle)(ApiCall&);
  /// The OpenAPI operation object of this route for one declaration (or the fixed route).
  Poco::JSON::Object::Ptr (*doc)(const RouteDocArgs&);
  /// A GET that must read the primary even when a read replica serves the others (what was
  /// written a moment ago must be there: an import job's progress).
  bool primary = false;
};

/// Every route, most specific pattern first within each length.
const std::vector<Route>& apiRoutes();

/// The result of matching a request path against the table.
struct RouteMatch {
  const Route* route = nullptr;               ///< the route for the method, if any
  std::map<std::string, std::string> params;  ///< placeholder -> path segment
  std::vector<std::string> allowed;           ///< the pattern's methods (for a 405)
};

/// The first pattern that `segments` (the path split on '/', without empty segments) matches
/// and, among that pattern's routes, the one for `method`. No pattern: route null, allowed
/// empty (404). The pattern but not the method: route null, allowed its methods (405).
RouteMatch matchRoute(const std::vector<Route>& routes, const std::string& method,
                      const std::vector<std::string>& segments);

/// The pattern's segments ("/api/v1/{plugin}" -> {"api", "v1", "{plugin}"}).
std::vector<std::string> patternSegments(const std::string& pattern);

}  // namespace tdr::host
