#pragma once

#include <vector>

#include "http/route_table.h"

namespace tdr::host {

// The API's routes by group, each with its handler and its OpenAPI documentation beside it;
// apiRoutes() (http/route_table.cpp) puts them in matching order.

/// openapi.json, health, session (log-in, log-out), me, plugins, audit, jobs.
std::vector<Route> systemRoutes();
/// A teacher's portfolio: every section the caller may read.
std::vector<Route> portfolioRoutes();
/// Reports, actions and record actions (one record and bulk).
std::vector<Route> pluginRoutes();
/// Records: list, create, get, update, delete, import, export.
std::vector<Route> recordRoutes();

}  // namespace tdr::host
