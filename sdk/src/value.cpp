#include <tdr/value.h>

namespace tdr {

std::string toText(const Value& v) {
  if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

const Value& Record::get(const std::string& field) const {
  static const Value kNull;
  auto it = values_.find(field);
  return it == values_.end() ? kNull : it->second;
}

std::optional<long long> Record::integer(const std::string& field) const {
  if (const auto* i = std::get_if<long long>(&get(field))) return *i;
  return std::nullopt;
}

std::optional<std::string> Record::text(const std::string& field) const {
  if (const auto* s = std::get_if<std::string>(&get(field))) return *s;
  return std::nullopt;
}

}  // namespace tdr
