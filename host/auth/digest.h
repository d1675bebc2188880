#pragma once

#include <string>

namespace tdr::host {

/// SHA-256 of `data`, lower-case hex.
std::string sha256Hex(const std::string& data);

/// HMAC-SHA-256 of `data` under `key`, lower-case hex.
std::string hmacSha256Hex(const std::string& key, const std::string& data);

/// `bytes` random bytes from the system's CSPRNG, lower-case hex.
std::string randomHex(std::size_t bytes);

}  // namespace tdr::host
