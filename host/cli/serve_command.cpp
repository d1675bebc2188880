// Serving the HTTP API and the web interface until SIGINT or SIGTERM.
#include <Poco/Exception.h>
#include <pthread.h>
#include <tdr/error.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "app/runtime.h"
#include "cli/command.h"
#include "db/backup.h"
#include "http/api_server.h"
#include "http/static_files.h"
#include "util/text.h"

namespace tdr::host {

namespace {

int cmdServe(const Globals& g, const Args& a) {
  a.maxPositional(0);
  ServerOptions o;
  o.port = static_cast<int>(a.integer("port", 8080, 0, 65535));
  o.host = a.value("host", "127.0.0.1");
  o.threads = static_cast<int>(a.integer("threads", 16, 1, 256));
  o.webDir = resolveWebDir(a.value("web"));
  o.logFormat = a.value("log-format", "text");
  if (o.logFormat != "text" && o.logFormat != "json" && o.logFormat != "none")
    throw UsageError(
        tr("--log-format 只能是 text、json 或 none", "--log-format: expected text, json or none"));
  // Block the stop signals before any thread starts, so that only sigwait below sees them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  RuntimeOptions ro = runtimeOptions(g, true);
  ro.poolSize = static_cast<std::size_t>(o.threads) + 2;
  const char* readEnv = std::getenv("TDR_READ_DB");
  ro.readDbUrl = a.value("read-db", readEnv ? readEnv : "");
  Runtime rt(ro);
  std::optional<ServingLock> serving;  // tells `tdr restore` that the database is in use
  if (rt.database().dialect() == Dialect::kSQLite) serving.emplace(rt.database().url().target);
  warnRefused(rt.plugins());
  ApiServer server(rt, o);
  try {
    server.start();
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::kUnavailable,
                "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + e.message());
  }
  std::cout << "tdr serving http://" << o.host << ":" << server.port() << "/api/v1 (web "
            << "interface at /app/) on " << g.db
            << (ro.readDbUrl.empty() ? "" : ", reads on " + ro.readDbUrl) << std::endl;
  int signal = 0;
  sigwait(&stopSignals, &signal);
  std::cout << "tdr: stopping (finishing requests in flight)" << std::endl;
  server.stop(10);
  return 0;
}

}  // namespace

std::vector<Command> serveCommands() {
  return {
      {"serve",
       {"port", "host", "threads", "web", "log-format", "read-db"},
       {},
       cmdServe,
       "  serve [--port N] [--host ADDR] [--threads N] [--web DIR] [--log-format text|json|none]\n"
       "        [--read-db URL]                  serve the HTTP API and the web interface\n"
       "                                         (default 127.0.0.1:8080, web at /app/, metrics\n"
       "                                         at /metrics; one log line per request on "
       "stderr;\n"
       "                                         --read-db or TDR_READ_DB: a PostgreSQL hot\n"
       "                                         standby that serves the GETs)\n",
       "  serve [--port N] [--host 地址] [--threads N] [--web 目录] [--log-format text|json|none]\n"
       "        [--read-db URL]                  提供 HTTP 接口和网页界面（默认 127.0.0.1:8080，\n"
       "                                         网页在 /app/，指标在 /metrics；每个请求在 stderr\n"
       "                                         记一行日志；--read-db 或 TDR_READ_DB：承担\n"
       "                                         GET 请求的 PostgreSQL 热备库）\n"},
  };
}

}  // namespace tdr::host
