#include <tdr/error.h>

namespace tdr {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return "validation_failed";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error::Error(ErrorCode code, const std::string& message, std::vector<FieldError> details)
    : std::runtime_error(message), code_(code), details_(std::move(details)) {}

Error::~Error() = default;

Error validationError(const std::string& message, std::vector<FieldError> details) {
  return Error(ErrorCode::kValidation, message, std::move(details));
}
Error notFound(const std::string& message) { return Error(ErrorCode::kNotFound, message); }
Error forbidden(const std::string& message) { return Error(ErrorCode::kForbidden, message); }
Error conflict(const std::string& message) { return Error(ErrorCode::kConflict, message); }

}  // namespace tdr
