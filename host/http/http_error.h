#pragma once

#include <tdr/error.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace tdr::host {

/// A request the HTTP layer itself refuses (bad syntax, no token, too large, wrong method),
/// with its status and stable code; domain errors stay tdr::Error.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string code, const std::string& message,
            std::vector<FieldError> details = {})
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        details_(std::move(details)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::vector<FieldError>& details() const { return details_; }

 private:
  int status_;
  std::string code_;
  std::vector<FieldError> details_;
};

}  // namespace tdr::host
