#include "auth/login_throttle.h"

namespace tdr::host {

long long LoginThrottle::retryAfterSeconds(const std::string& login) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(login);
  if (it == failures_.end() || it->second.count < kMaxFailures) return 0;
  auto left = it->second.first + kWindow - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) {
    failures_.erase(it);
    return 0;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(left).count() + 1;
}

void LoginThrottle::failed(const std::string& login) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (failures_.size() > 100000) {  // bounded: forget windows that have passed
    for (auto it = failures_.begin(); it != failures_.end();)
      it = now - it->second.first > kWindow ? failures_.erase(it) : std::next(it);
  }
  Failures& f = failures_[login];
  if (f.count == 0 || now - f.first > kWindow) f = {0, now};
  ++f.count;
}

void LoginThrottle::succeeded(const std::string& login) {
  std::lock_guard<std::mutex> lock(mutex_);
  failures_.erase(login);
}

}  // namespace tdr::host
