#pragma once

#include <tdr/export.h>

#include <map>
#include <optional>
#include <string>
#include <variant>

namespace tdr {

/// One stored field value: null, an integer (ids, fen, hours_x10, booleans) or text.
using Value = std::variant<std::monostate, long long, std::string>;

/// True when the value is null.
inline bool isNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

/// The value as text for people and files ("" for null).
TDR_API std::string toText(const Value& v);

/// A record's values by field name, as validation hooks and actions see them.
class TDR_API Record {
 public:
  /// The value of a field, null when absent.
  const Value& get(const std::string& field) const;
  /// The integer value of a field, if it holds one.
  std::optional<long long> integer(const std::string& field) const;
  /// The text value of a field, if it holds one.
  std::optional<std::string> text(const std::string& field) const;
  /// Sets a field's value.
  void set(const std::string& field, Value v) { values_[field] = std::move(v); }
  /// The id of a stored record (0 before insert).
  long long id() const { return id_; }
  void setId(long long id) { id_ = id; }
  const std::map<std::string, Value>& values() const { return values_; }

 private:
  long long id_ = 0;
  std::map<std::string, Value> values_;
};

}  // namespace tdr
