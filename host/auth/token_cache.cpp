#include "auth/token_cache.h"

namespace tdr::host {

std::optional<User> TokenCache::find(const std::string& token) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return std::nullopt;
  if (clock_() >= it->second.until) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.user;
}

void TokenCache::remember(const std::string& token, const User& user) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();  // bounded; refilled on demand
  entries_[token] = {user, clock_() + kTtl};
}

void TokenCache::forget(const std::string& token) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(token);
}

}  // namespace tdr::host
