#include "http/metrics.h"

#include <soci/soci.h>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <vector>

#include "app/runtime.h"
#include "db/database.h"
#include "util/json.h"
#include "util/timestamps.h"

namespace tdr::host {

namespace {

thread_local std::string requestLogin;

bool isNumber(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

std::string label(const std::string& v) {  // Prometheus label value escaping
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void setRequestLogin(const std::string& login) { requestLogin = login; }

std::string takeRequestLogin() {
  std::string l = std::move(requestLogin);
  requestLogin.clear();
  return l;
}

std::string routeTemplate(const std::string& uri) {
  std::string path = uri.substr(0, uri.find('?'));
  if (path.rfind("/app/", 0) == 0 || path == "/app") return "/app/*";
  if (path.rfind("/api/v1/", 0) != 0) return path == "/" || path == "/metrics" ? path : "other";
  std::vector<std::string> parts;
  std::stringstream ss(path.substr(8));
  for (std::string seg; std::getline(ss, seg, '/');) parts.push_back(seg);
  std::string out = "/api/v1";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (isNumber(p))
      out += "/{id}";
    else if (i == 1 && parts[0] == "teachers")  // /teachers/{staff_no}/portfolio
      out += "/{staff_no}";
    else if (p.size() > 40 ||
             p.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
      out += "/{other}";  // nothing a client typed ends up in a label
    else
      out += "/" + p;
  }
  return out;
}

void Metrics::requestFinished(const std::string& route, const std::string& method, int status,
                              double seconds) {
  --inFlight_;
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, method, status}];
  Latency& l = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++l.buckets[i];
  ++l.count;
  l.sum += seconds;
}

void Metrics::jobFinished(const std::string& status, long long rows) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++jobs_[status];
  jobRows_[status] += rows;
}

std::string Metrics::render(Runtime& runtime) const {
  std::ostringstream out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    out << "# HELP tdr_http_requests_total HTTP requests by route template, method and status.\n"
           "# TYPE tdr_http_requests_total counter\n";
    for (const auto& [key, n] : requests_)
      out << "tdr_http_requests_total{route=\"" << label(std::get<0>(key)) << "\",method=\""
          << label(std::get<1>(key)) << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
    out << "# HELP tdr_http_request_duration_seconds Time to answer a request.\n"
           "# TYPE tdr_http_request_duration_seconds histogram\n";
    for (const auto& [route, l] : latency_) {
      const std::string r = label(route);
      for (std::size_t i = 0; i < kBuckets.size(); ++i)
        out << "tdr_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\""
            << number(kBuckets[i]) << "\"} " << l.buckets[i] << "\n";
      out << "tdr_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} "
          << l.count << "\n"
          << "tdr_http_request_duration_seconds_sum{route=\"" << r << "\"} " << number(l.sum)
          << "\n"
          << "tdr_http_request_duration_seconds_count{route=\"" << r << "\"} " << l.count << "\n";
    }
    out << "# HELP tdr_import_jobs_total Import jobs finished, by outcome.\n"
           "# TYPE tdr_import_jobs_total counter\n";
    for (const auto& [status, n] : jobs_)
      out << "tdr_import_jobs_total{status=\"" << label(status) << "\"} " << n << "\n";
    out << "# HELP tdr_import_rows_total Rows read by finished import jobs, by outcome.\n"
           "# TYPE tdr_import_rows_total counter\n";
    for (const auto& [status, n] : jobRows_)
      out << "tdr_import_rows_total{status=\"" << label(status) << "\"} " << n << "\n";
  }
  // The scrape itself is in flight: it is not counted as waiting work.
  out << "# HELP tdr_http_requests_in_flight Requests being answered now.\n"
         "# TYPE tdr_http_requests_in_flight gauge\n"
      << "tdr_http_requests_in_flight " << std::max(0, inFlight_.load() - 1) << "\n";
  Database& db = runtime.database();
  out << "# HELP tdr_db_pool_sessions Database sessions in the pool.\n"
         "# TYPE tdr_db_pool_sessions gauge\n"
      << "tdr_db_pool_sessions " << db.poolSize() << "\n"
      << "# HELP tdr_db_pool_sessions_in_use Database sessions leased now.\n"
         "# TYPE tdr_db_pool_sessions_in_use gauge\n"
      << "tdr_db_pool_sessions_in_use " << db.leased() << "\n";
  std::map<std::string, int> states;
  for (const auto& st : runtime.plugins().statuses())
    ++states[st.state == PluginState::kLoaded ? "loaded" : "refused"];
  out << "# HELP tdr_plugins Plugins by load state.\n# TYPE tdr_plugins gauge\n";
  for (const char* st : {"loaded", "refused"})
    out << "tdr_plugins{state=\"" << st << "\"} " << states[st] << "\n";
  long long audit = 0;
  {
    SessionLease lease(db);
    soci::indicator ind = soci::i_null;
    *lease << "SELECT MAX(id) FROM core_audit", soci::into(audit, ind);
    if (ind != soci::i_ok) audit = 0;
  }
  out << "# HELP tdr_audit_entries Entries in the audit chain (the newest id).\n"
         "# TYPE tdr_audit_entries gauge\n"
      << "tdr_audit_entries " << audit << "\n";
  return out.str();
}

void RequestLog::write(const std::string& requestId, const std::string& login,
                       const std::string& method, const std::string& route, int status,
                       double seconds) const {
  const std::string at = utcNow();
  const long long ms = static_cast<long long>(seconds * 1000.0 + 0.5);
  std::string line;
  if (json) {
    JsonWriter w;
    w.beginObject().field("at", at).field("request_id", requestId).field("user", login);
    w.field("method", method).field("route", route).field("status", status);
    line = w.field("ms", static_cast<std::int64_t>(ms)).endObject().take() + "\n";
  } else {
    line = at + " request " + (requestId.empty() ? "-" : requestId) + " " +
           (login.empty() ? "-" : login) + " " + method + " " + route + " " +
           std::to_string(status) + " " + std::to_string(ms) + "ms\n";
  }
  std::cerr << line << std::flush;  // one write per line: lines from threads do not mix
}

}  // namespace tdr::host
