#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace tdr::host {

class Runtime;

/// What the server counts for Prometheus (`GET /metrics`, text exposition format 0.0.4):
/// requests by route template, method and status, their latency, requests in flight, import
/// jobs and rows by outcome; with the database pool, plugin states and the audit chain read
/// at scrape time. Labels never hold data about people: a route is its template
/// (`/api/v1/core/teachers/{id}`, `/api/v1/teachers/{staff_no}/portfolio`).
class Metrics {
 public:
  /// Upper bounds of the latency histogram, seconds.
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1,    2.5,   5,    10};

  void requestStarted() { ++inFlight_; }
  void requestFinished(const std::string& route, const std::string& method, int status,
                       double seconds);
  void jobFinished(const std::string& status, long long rows);

  /// The exposition text; `runtime` adds the pool, plugin and audit gauges.
  std::string render(Runtime& runtime) const;

 private:
  struct Latency {
    std::array<long long, kBuckets.size()> buckets{};
    long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long long> requests_;
  std::map<std::string, Latency> latency_;  // by route
  std::map<std::string, long long> jobs_, jobRows_;
  std::atomic<int> inFlight_{0};
};

/// The route template of a request path: ids and staff numbers replaced by placeholders,
/// static files as one route.
std::string routeTemplate(const std::string& path);

/// One line per request for the operator's log (stderr), as text or JSON
/// (`tdr serve --log-format json`): time, request id, user login, method, route, status and
/// duration in milliseconds.
struct RequestLog {
  bool json = false;
  void write(const std::string& requestId, const std::string& login, const std::string& method,
             const std::string& route, int status, double seconds) const;
};

/// The login of the user the current thread's request authenticated as ("" before, or for
/// an anonymous request): set by the API handler, read for the request log.
void setRequestLogin(const std::string& login);
std::string takeRequestLogin();

}  // namespace tdr::host
