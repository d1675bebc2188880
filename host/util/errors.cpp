#include "util/errors.h"

namespace tdr::host {

namespace {
// The SDK's kind closest to an HTTP status, for code that only asks for the kind.
ErrorCode kindOf(int status) {
  switch (status) {
    case 401:
    case 403:
      return ErrorCode::kForbidden;
    case 404:
      return ErrorCode::kNotFound;
    case 409:
      return ErrorCode::kConflict;
    case 503:
      return ErrorCode::kUnavailable;
    default:
      return status >= 500 ? ErrorCode::kInternal : ErrorCode::kValidation;
  }
}
}  // namespace

HttpError::HttpError(int status, std::string code, const std::string& message,
                     std::vector<FieldError> details)
    : Error(kindOf(status), message, std::move(details)),
      status_(status),
      codeName_(std::move(code)) {}

}  // namespace tdr::host
