#pragma once

#include <string>

namespace tdr::host {

/// The language messages are written in for the work the current thread does: "zh" (the
/// default) or "en". Set once per request (Accept-Language) or per command (--lang, TDR_LANG).
const std::string& language();
void setLanguage(const std::string& lang);

/// "en" when an Accept-Language header or a --lang value asks for English first, else "zh".
std::string languageFrom(const std::string& accepted);

/// `zh` or `en`, whichever the current language is.
inline const std::string& tr(const std::string& zh, const std::string& en) {
  return language() == "en" ? en : zh;
}

/// Fen as yuan with exactly two decimals, as money is written for people: 300000 -> "3000.00",
/// -5 -> "-0.05".
std::string yuanText(long long fen);

/// Sets the language for a scope and restores the previous one after it.
class LanguageScope {
 public:
  explicit LanguageScope(const std::string& lang) : saved_(language()) { setLanguage(lang); }
  ~LanguageScope() { setLanguage(saved_); }
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  std::string saved_;
};

}  // namespace tdr::host
