#include <tdr/checks.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace tdr {

namespace {
bool allDigits(const std::string& s, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}
int num(const std::string& s, std::size_t from, std::size_t len) {
  int v = 0;
  for (std::size_t i = from; i < from + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}
}  // namespace

bool isValidDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!allDigits(s, 0, 4) || !allDigits(s, 5, 7) || !allDigits(s, 8, 10)) return false;
  int y = num(s, 0, 4), m = num(s, 5, 2), d = num(s, 8, 2);
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

namespace {
int daysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
}
std::string formatDate(int y, int m, int d) {
  char buf[16] = {static_cast<char>('0' + y / 1000 % 10),
                  static_cast<char>('0' + y / 100 % 10),
                  static_cast<char>('0' + y / 10 % 10),
                  static_cast<char>('0' + y % 10),
                  '-',
                  static_cast<char>('0' + m / 10),
                  static_cast<char>('0' + m % 10),
                  '-',
                  static_cast<char>('0' + d / 10),
                  static_cast<char>('0' + d % 10)};
  return std::string(buf, 10);
}
}  // namespace

std::string addMonths(const std::string& date, int months) {
  int y = num(date, 0, 4), m = num(date, 5, 2), d = num(date, 8, 2);
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  return formatDate(y, m, std::min(d, daysInMonth(y, m)));
}

std::string addDays(const std::string& date, int days) {
  int y = num(date, 0, 4), m = num(date, 5, 2), d = num(date, 8, 2);
  for (; days > 0; --days)
    if (++d > daysInMonth(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  for (; days < 0; ++days)
    if (--d < 1) {
      if (--m < 1) {
        m = 12;
        --y;
      }
      d = daysInMonth(y, m);
    }
  return formatDate(y, m, d);
}

bool isValidNationalId(const std::string& s) {
  if (s.size() != 18 || !allDigits(s, 0, 17)) return false;
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * kWeights[i];
  char c = s[17] == 'x' ? 'X' : s[17];
  if (c != kCheck[sum % 11]) return false;
  return isValidDate(s.substr(6, 4) + "-" + s.substr(10, 2) + "-" + s.substr(12, 2));
}

bool isValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

bool parseScaledDecimal(const std::string& s, int decimals, long long& out) {
  if (s.empty()) return false;
  long long whole = 0;
  std::size_t i = 0;
  const long long kLimit = std::numeric_limits<long long>::max() / 1000;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    whole = whole * 10 + (s[i] - '0');
    if (whole > kLimit) return false;
  }
  if (i == 0) return false;
  long long frac = 0;
  int fracDigits = 0;
  if (i < s.size()) {
    ++i;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      if (++fracDigits > decimals) return false;
      frac = frac * 10 + (s[i] - '0');
    }
  }
  for (int k = fracDigits; k < decimals; ++k) frac *= 10;
  long long scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  out = whole * scale + frac;
  return true;
}

std::string formatScaledDecimal(long long v, int decimals) {
  long long scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  bool neg = v < 0;
  unsigned long long a = neg ? 0ULL - static_cast<unsigned long long>(v) : v;
  std::string out = (neg ? "-" : "") + std::to_string(a / scale);
  unsigned long long frac = a % scale;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, decimals - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

}  // namespace tdr
