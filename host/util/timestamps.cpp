#include "util/timestamps.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Timestamp.h>

#include <cstdlib>

namespace tdr::host {

std::string utcNow() {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ");
}

std::string today() {
  if (const char* fixed = std::getenv("TDR_TODAY"); fixed && *fixed) return fixed;
  return Poco::DateTimeFormatter::format(Poco::LocalDateTime(), "%Y-%m-%d");
}

}  // namespace tdr::host
