#include "util/text.h"

namespace tdr::host {

namespace {
thread_local std::string current = "zh";
const std::string kZh = "zh", kEn = "en";
}  // namespace

const std::string& language() { return current == "en" ? kEn : kZh; }

void setLanguage(const std::string& lang) { current = lang == "en" ? "en" : "zh"; }

std::string languageFrom(const std::string& accepted) {
  // The first language named wins; quality values are not weighed (people set one or two).
  std::string first = accepted.substr(0, accepted.find_first_of(",;"));
  while (!first.empty() && first.front() == ' ') first.erase(0, 1);
  return first.size() >= 2 && (first[0] == 'e' || first[0] == 'E') &&
                 (first[1] == 'n' || first[1] == 'N')
             ? "en"
             : "zh";
}

std::string yuanText(long long fen) {
  const bool negative = fen < 0;
  const unsigned long long a =
      negative ? 0ULL - static_cast<unsigned long long>(fen) : static_cast<unsigned long long>(fen);
  const unsigned long long cents = a % 100;
  return (negative ? "-" : "") + std::to_string(a / 100) + (cents < 10 ? ".0" : ".") +
         std::to_string(cents);
}

}  // namespace tdr::host
