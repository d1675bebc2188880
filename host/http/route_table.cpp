#include "http/route_table.h"

#include <cstring>
#include <sstream>
#include <string_view>

#include "http/api_routes.h"

namespace tdr::host {

std::vector<std::string> patternSegments(const std::string& pattern) {
  std::vector<std::string> out;
  std::stringstream ss(pattern);
  for (std::string seg; std::getline(ss, seg, '/');)
    if (!seg.empty()) out.push_back(seg);
  return out;
}

namespace {

// Whether `pattern` ("/api/v1/{plugin}/...") matches `segments`, walking the pattern in place;
// the placeholders are captured only once the whole pattern matched (no allocation for the
// routes tried before).
bool matches(const char* pattern, const std::vector<std::string>& segments,
             std::map<std::string, std::string>* params) {
  std::size_t i = 0;
  for (const char* p = pattern; *p;) {
    if (*p == '/') {
      ++p;
      continue;
    }
    const char* end = p;
    while (*end && *end != '/') ++end;
    if (i == segments.size()) return false;
    const std::string_view seg(p, static_cast<std::size_t>(end - p));
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (params) (*params)[std::string(seg.substr(1, seg.size() - 2))] = segments[i];
    } else if (seg != segments[i]) {
      return false;
    }
    ++i;
    p = end;
  }
  return i == segments.size();
}

}  // namespace

const std::vector<Route>& apiRoutes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> all = systemRoutes();
    for (auto group : {portfolioRoutes(), pluginRoutes(), recordRoutes()})
      all.insert(all.end(), group.begin(), group.end());
    return all;
  }();
  return routes;
}

RouteMatch matchRoute(const std::vector<Route>& routes, const std::string& method,
                      const std::vector<std::string>& segments) {
  RouteMatch m;
  const char* pattern = nullptr;
  for (const Route& r : routes) {
    if (pattern) {  // the other methods of the pattern found
      if (std::strcmp(r.pattern, pattern) != 0) continue;
    } else if (!matches(r.pattern, segments, nullptr)) {
      continue;
    } else {
      matches(r.pattern, segments, &m.params);
    }
    pattern = r.pattern;
    m.allowed.push_back(r.method);
    if (!m.route && method == r.method) m.route = &r;
  }
  if (m.route) m.allowed.clear();
  return m;
}

}  // namespace tdr::host
