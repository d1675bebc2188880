#pragma once

#include <string>

namespace tdr::host {

/// Now as UTC ISO-8601 with Z, second precision ("2026-11-29T04:23:08Z").
std::string utcNow();

/// Today as YYYY-MM-DD; TDR_TODAY overrides it (for tests and reproducible reports).
std::string today();

}  // namespace tdr::host
