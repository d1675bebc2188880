#pragma once

#include <tdr/error.h>

#include <string>
#include <vector>

namespace tdr::host {

// The host's exceptions are all tdr::Error, the SDK's one exception type; the two below add
// what only the HTTP API or the command line can say. db/failure.h maps every exception —
// these, tdr::Error, database errors, anything else — to what a user is told, in one place.

/// A request the HTTP layer itself refuses (bad syntax, no token, too large, wrong method),
/// with its status and stable code.
class HttpError : public Error {
 public:
  HttpError(int status, std::string code, const std::string& message,
            std::vector<FieldError> details = {});
  int status() const { return status_; }
  const std::string& codeName() const { return codeName_; }

 private:
  int status_;
  std::string codeName_;
};

/// A command-line mistake: printed with the usage, exit code 2.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ErrorCode::kValidation, message) {}
};

}  // namespace tdr::host
