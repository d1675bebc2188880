#include "util/json.h"

#include <Poco/JSON/Parser.h>
#include <tdr/checks.h>

#include <cstdio>

namespace tdr::host {

namespace {

// `s` with every byte that starts no valid UTF-8 sequence replaced by U+FFFD, so that JSON
// text is always UTF-8 whatever a file or a library message held.
std::string repairedUtf8(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + len <= s.size() && ((c & 0xF8) != 0xF8) && isValidUtf8(s.substr(i, len))) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string jsonString(const std::string& text) {
  const std::string repaired = isValidUtf8(text) ? std::string() : repairedUtf8(text);
  const std::string& s = repaired.empty() ? text : repaired;
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string apiErrorJson(const std::string& code, const std::string& message,
                         const std::vector<FieldError>& details, const std::string& requestId) {
  JsonWriter w;
  w.beginObject().key("error").beginObject().field("code", code).field("message", message);
  w.key("details").beginArray();
  for (const auto& d : details) {
    w.beginObject().field("field", d.field).field("reason", d.reason);
    if (d.line) w.field("line", static_cast<std::int64_t>(d.line));
    w.endObject();
  }
  w.endArray();
  if (!requestId.empty()) w.field("request_id", requestId);
  return w.endObject().endObject().take();
}

bool isJsonValue(const std::string& text) {
  if (text.empty() || !isValidUtf8(text)) return false;
  try {
    Poco::JSON::Parser parser;
    parser.parse(text);
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

void JsonWriter::separate() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (!hasItem_.empty()) {
    if (hasItem_.back()) out_ += ", ";
    hasItem_.back() = true;
  }
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  out_ += '{';
  hasItem_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_ += '}';
  hasItem_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  out_ += '[';
  hasItem_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_ += ']';
  hasItem_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  out_ += jsonString(std::string(name));
  out_ += ": ";
  afterKey_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(const std::string& s) {
  separate();
  out_ += jsonString(s);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
  separate();
  out_ += std::to_string(n);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::number(const std::string& decimal) {
  if (decimal.empty()) return null();
  separate();
  out_ += decimal;
  return *this;
}

JsonWriter& JsonWriter::json(const std::string& text) {
  if (!isJsonValue(text)) return value(text);
  return trusted(text);
}

JsonWriter& JsonWriter::trusted(const std::string& text) {
  separate();
  out_ += text;
  return *this;
}

}  // namespace tdr::host
