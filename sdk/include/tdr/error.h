#pragma once

#include <tdr/export.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace tdr {

/// Stable error kinds; each maps to one CLI exit code and one HTTP status.
enum class ErrorCode { kValidation, kNotFound, kForbidden, kConflict, kUnavailable, kInternal };

/// The stable text name of an error code ("validation_failed", "not_found", ...).
TDR_API const char* errorCodeName(ErrorCode code);

/// One field-level problem: which field, what is wrong, and (for files) which line.
struct FieldError {
  std::string field;
  std::string reason;
  long long line = 0;
};

/// The one exception type of the SDK: a code, a message for people, optional field details.
class TDR_API Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message, std::vector<FieldError> details = {});
  ~Error() override;

  ErrorCode code() const { return code_; }
  const std::vector<FieldError>& details() const { return details_; }

 private:
  ErrorCode code_;
  std::vector<FieldError> details_;
};

/// Shorthands for the common kinds.
TDR_API Error validationError(const std::string& message, std::vector<FieldError> details = {});
TDR_API Error notFound(const std::string& message);
TDR_API Error forbidden(const std::string& message);
TDR_API Error conflict(const std::string& message);

}  // namespace tdr
