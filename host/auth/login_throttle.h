#pragma once

#include <chrono>
#include <string>

namespace soci {
class session;
}

namespace tdr::host {

/// Slows down password guessing: after 10 failed log-ins for one login within 15 minutes, that
/// login is refused (429, with Retry-After) until the window has passed; a success clears it.
/// Kept in the database (core_login_failures), so every server on it shares the count.
class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 10;
  static constexpr std::chrono::minutes kWindow{15};

  /// Seconds until `login` may try again (0: now).
  static long long retryAfterSeconds(soci::session& s, const std::string& login);
  /// Records a failure in its own transaction (the log-in's own is rolled back).
  static void failed(soci::session& s, const std::string& login);
  /// Clears the failures of `login`; call inside the log-in's transaction.
  static void succeeded(soci::session& s, const std::string& login);
};

}  // namespace tdr::host
