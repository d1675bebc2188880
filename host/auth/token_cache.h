#pragma once

#include <tdr/context.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tdr::host {

/// Who a bearer token belonged to, remembered for one second by a server: a client sending
/// many requests costs one token lookup a second instead of one a request. A token revoked or
/// expired in the database stops working within that second on every server (at once on the
/// server that revoked it, for a log-out).
class TokenCache {
 public:
  static constexpr std::chrono::milliseconds kTtl{1000};
  static constexpr std::size_t kMaxEntries = 4096;
  /// What "now" is; tests move it instead of sleeping.
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit TokenCache(Clock clock = nullptr)
      : clock_(clock ? std::move(clock) : [] { return std::chrono::steady_clock::now(); }) {}

  std::optional<User> find(const std::string& token);
  void remember(const std::string& token, const User& user);
  void forget(const std::string& token);

 private:
  struct Entry {
    User user;
    std::chrono::steady_clock::time_point until;
  };
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace tdr::host
