#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tdr::host {

/// Slows down password guessing: after 10 failed log-ins for one login within 15 minutes, that
/// login is refused (429, with Retry-After) until the window has passed; a success clears it.
/// Per server process, in memory.
class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 10;
  static constexpr std::chrono::minutes kWindow{15};

  /// Seconds until `login` may try again (0: now).
  long long retryAfterSeconds(const std::string& login);
  void failed(const std::string& login);
  void succeeded(const std::string& login);

 private:
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point first;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace tdr::host
