#include "http/route_table.h"

#include <gtest/gtest.h>

#include "registry/declarations.h"

namespace tdr::host {
namespace {

std::vector<std::string> split(const std::string& path) { return patternSegments(path); }

TEST(RouteTable, CapturesThePatternsPlaceholders) {
  RouteMatch m = matchRoute(apiRoutes(), "GET", split("/api/v1/training/records/42"));
  ASSERT_NE(m.route, nullptr);
  EXPECT_STREQ(m.route->pattern, "/api/v1/{plugin}/{record}/{id}");
  EXPECT_EQ(m.params.at("plugin"), "training");
  EXPECT_EQ(m.params.at("record"), "records");
  EXPECT_EQ(m.params.at("id"), "42");
}

TEST(RouteTable, LiteralRoutesComeBeforeTheRecordRoutes) {
  RouteMatch report = matchRoute(apiRoutes(), "GET", split("/api/v1/training/reports/compliance"));
  ASSERT_NE(report.route, nullptr);
  EXPECT_EQ(report.route->family, RouteFamily::kReport);
  EXPECT_EQ(report.params.at("report"), "compliance");
  RouteMatch portfolio = matchRoute(apiRoutes(), "GET", split("/api/v1/teachers/T001/portfolio"));
  ASSERT_NE(portfolio.route, nullptr);
  EXPECT_EQ(portfolio.params.at("staff_no"), "T001");
  RouteMatch bulk =
      matchRoute(apiRoutes(), "POST", split("/api/v1/training/records/actions/approve"));
  ASSERT_NE(bulk.route, nullptr);
  EXPECT_EQ(bulk.route->family, RouteFamily::kRecordAction);
  EXPECT_EQ(bulk.params.count("id"), 0u);
}

TEST(RouteTable, WrongMethodListsThePatternsMethods) {
  // GET on the import path is a 405 naming POST, not a read of a record with id "import".
  RouteMatch m = matchRoute(apiRoutes(), "GET", split("/api/v1/training/records/import"));
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, std::vector<std::string>{"POST"});
  RouteMatch item = matchRoute(apiRoutes(), "PATCH", split("/api/v1/core/schools/3"));
  EXPECT_EQ(item.route, nullptr);
  EXPECT_EQ(item.allowed, (std::vector<std::string>{"GET", "PUT", "DELETE"}));
}

TEST(RouteTable, NoPatternIsANotFound) {
  for (const char* path : {"/api/v2/me", "/api/v1", "/api/v1/a/b/c/d/e/f/g", "/nothing"}) {
    RouteMatch m = matchRoute(apiRoutes(), "GET", split(path));
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_TRUE(m.allowed.empty()) << path;
  }
}

// A plugin or record type named like a literal word of a route would be shadowed by it (or
// shadow it): each such word is reserved, checked against the table itself.
TEST(RouteTable, EveryLiteralWordWherePluginsOrRecordTypesGoIsReserved) {
  for (const Route& r : apiRoutes()) {
    auto segs = patternSegments(r.pattern);
    if (segs.size() > 2 && segs[2].front() != '{') {
      EXPECT_TRUE(isReservedPluginId(segs[2])) << r.pattern << ": '" << segs[2] << "'";
    }
    if (segs.size() > 3 && segs[2] == "{plugin}" && segs[3].front() != '{') {
      EXPECT_TRUE(isReservedRecordName(segs[3])) << r.pattern << ": '" << segs[3] << "'";
    }
    if (segs.size() > 4 && segs[3] == "{record}" && segs[4].front() != '{') {
      EXPECT_TRUE(isReservedRecordName(segs[4])) << r.pattern << ": '" << segs[4] << "'";
    }
  }
}

TEST(RouteTable, EveryRouteHasAHandlerAndAllButTheDescriptionADoc) {
  for (const Route& r : apiRoutes()) {
    EXPECT_NE(r.handle, nullptr) << r.pattern;
    if (std::string(r.pattern) != "/openapi.json") {
      EXPECT_NE(r.doc, nullptr) << r.pattern;
    }
  }
}

}  // namespace
}  // namespace tdr::host
