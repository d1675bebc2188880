#pragma once

#include <string>

namespace tdr::host {

/// An Argon2id hash of `password` in the standard encoded form ($argon2id$v=19$m=...), with a
/// fresh random salt. Parameters: 19 MiB, 2 passes, 1 lane (the OWASP minimum for Argon2id),
/// about 50 ms here: slow for guessing, fast enough for a log-in.
std::string hashPassword(const std::string& password);

/// True when `password` matches the encoded hash.
bool verifyPassword(const std::string& encoded, const std::string& password);

/// Why a new password is not acceptable ("" when it is): at least 10 characters.
std::string passwordProblem(const std::string& password);

}  // namespace tdr::host
