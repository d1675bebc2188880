#pragma once

#include <string>

namespace tdr::host {

/// SHA-256 of `data`, lower-case hex.
std::string sha256Hex(const std::string& data);

/// HMAC-SHA-256 of `data` under `key`, lower-case hex.
std::string hmacSha256Hex(const std::string& key, const std::string& data);

/// `bytes` random bytes from the system's CSPRNG, lower-case hex (tokens, keys).
std::string randomHex(std::size_t bytes);

/// 16 hex digits that identify a request in logs and error bodies: unique enough, not secret,
/// and cheap (a per-thread generator seeded once from the CSPRNG).
std::string requestId();

}  // namespace tdr::host

namespace tdr::host {

/// Incremental SHA-256 (of a file as it is read).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const char* data, std::size_t size);
  /// The digest of everything so far, lower-case hex.
  std::string hex() const;

 private:
  void* ctx_;
};

}  // namespace tdr::host
