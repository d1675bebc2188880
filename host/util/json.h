#pragma once

#include <tdr/error.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tdr::host {

/// A JSON string literal, with control characters escaped and any byte that is not valid
/// UTF-8 replaced by U+FFFD (the text is always valid JSON, whatever a file held).
std::string jsonString(const std::string& s);

/// The API's error shape (DESIGN §5): {"error": {"code", "message", "details": [{"field",
/// "reason", "line"}], "request_id"}} — request_id left out when empty, line when 0.
std::string apiErrorJson(const std::string& code, const std::string& message,
                         const std::vector<FieldError>& details = {},
                         const std::string& requestId = "");

/// True when `text` is one complete JSON value (used before splicing stored JSON).
bool isJsonValue(const std::string& text);

/// The one way the host writes JSON: objects, arrays, keys and values, with commas and
/// escaping handled. Keys and strings go through jsonString; `json()` splices text that is
/// already JSON (a stored detail, a plugin's result) after checking it is one JSON value, so
/// a damaged row becomes a JSON string rather than broken output.
///
///   JsonWriter w;
///   w.beginObject().field("id", 7).key("tags").beginArray().value("a").endArray().endObject();
///   w.str() == R"({"id": 7, "tags": ["a"]})"
class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);

  JsonWriter& value(const std::string& s);
  JsonWriter& value(const char* s) { return value(std::string(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(std::size_t n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /// A JSON number written from its decimal text (money, hours: exact as stored).
  JsonWriter& number(const std::string& decimal);
  /// Text that is already one JSON value; checked, and written as a string when it is not.
  JsonWriter& json(const std::string& text);
  /// Text this process produced with a JsonWriter (not checked again).
  JsonWriter& trusted(const std::string& text);

  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  /// `name` with a string, or null when `s` is empty.
  JsonWriter& optional(std::string_view name, const std::string& s) {
    key(name);
    return s.empty() ? null() : value(s);
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();

  std::string out_;
  std::vector<bool> hasItem_;  // one per open object/array: whether it has an item yet
  bool afterKey_ = false;
};

}  // namespace tdr::host
