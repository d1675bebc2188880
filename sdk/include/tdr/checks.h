#pragma once

#include <tdr/export.h>

#include <string>

namespace tdr {

/// True for a real calendar date written YYYY-MM-DD.
TDR_API bool isValidDate(const std::string& s);

/// `date` (YYYY-MM-DD) moved by `months` calendar months; a day the target month lacks becomes
/// its last day (2024-02-29 + 12 months = 2025-02-28), as periods are counted in Chinese law.
TDR_API std::string addMonths(const std::string& date, int months);
/// `date` (YYYY-MM-DD) moved by `days` days (negative: back).
TDR_API std::string addDays(const std::string& date, int days);
/// True for an 18-character GB 11643 citizen ID number whose check digit is right.
TDR_API bool isValidNationalId(const std::string& s);

/// True for a well-formed UTF-8 byte sequence.
TDR_API bool isValidUtf8(const std::string& s);

/// Parses a decimal with at most `decimals` digits after the point into an integer scaled by
/// 10^decimals ("2.5", 1 -> 25). Returns false on anything else (sign, exponent, overflow).
TDR_API bool parseScaledDecimal(const std::string& s, int decimals, long long& out);

/// Formats an integer scaled by 10^decimals back to text (25, 1 -> "2.5"; 20, 1 -> "2").
TDR_API std::string formatScaledDecimal(long long v, int decimals);

}  // namespace tdr
