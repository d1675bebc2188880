#pragma once

#include <tdr/error.h>

#include <exception>
#include <string>
#include <vector>

namespace tdr::host {

/// What a failure means to whoever asked — the one mapping of every exception the host meets
/// (tdr::Error and its HttpError/UsageError, database errors, anything else) to an HTTP status,
/// a stable code, a CLI exit code and a message in the caller's language. The HTTP API, import
/// jobs and the command line all answer with it.
struct Failure {
  int httpStatus = 500;
  std::string code = "internal";  ///< validation_failed, not_found, bad_request, unavailable, …
  std::string message;            ///< for people; never internals (see `internal`)
  std::vector<FieldError> details;
  int exitCode = 1;           ///< 1 failed, 2 usage, 75 busy (EX_TEMPFAIL: retry)
  int retryAfterSeconds = 0;  ///< > 0 when trying again later may succeed
  bool usage = false;         ///< a command-line mistake: print the usage too
  bool internal = false;      ///< the server's or a plugin's fault: log `logText`
  std::string logText;        ///< what the operator's log gets when internal
};

/// The failure `e` stands for. `reference` names the request or job a user quotes to an
/// administrator about an internal failure ("request 3f2a…", "job 17").
Failure failureOf(const std::exception_ptr& e, const std::string& reference);

}  // namespace tdr::host
