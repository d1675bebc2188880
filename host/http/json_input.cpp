#include "http/json_input.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <tdr/checks.h>

#include "http/read_deadlines.h"
#include "util/errors.h"
#include "util/text.h"

namespace tdr::host {

std::string readBody(Poco::Net::HTTPServerRequest& req, std::size_t limit) {
  const long long declared = req.hasContentLength() ? req.getContentLength64() : -1;
  if (declared > static_cast<long long>(limit))
    throw HttpError(413, "payload_too_large",
                    tr("请求体有 " + std::to_string(declared) + " 字节，最多接受 " +
                           std::to_string(limit) + " 字节",
                       "the body has " + std::to_string(declared) + " bytes; at most " +
                           std::to_string(limit) + " are accepted"));
  const long long expected = declared >= 0 ? declared : static_cast<long long>(limit);
  ReadDeadlines::bodyStarts(expected);
  std::string body;
  std::istream& in = req.stream();
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (body.size() > limit)
      throw HttpError(413, "payload_too_large",
                      tr("请求体超过 " + std::to_string(limit) + " 字节",
                         "the body is larger than " + std::to_string(limit) + " bytes"));
  }
  ReadDeadlines::bodyRead();
  if (ReadDeadlines::bodyCutOff()) {
    const std::string seconds = std::to_string(ReadDeadlines::bodySeconds(expected));
    throw HttpError(
        408, "request_timeout",
        tr("请求体发送太慢：" + std::to_string(expected) + " 字节须在请求头之后 " + seconds +
               " 秒内送达（至少每秒 64 KiB）",
           "the body came too slowly: " + std::to_string(expected) + " bytes must arrive within " +
               seconds + " s after the head (64 KiB/s at least)"));
  }
  if (declared >= 0 && static_cast<long long>(body.size()) < declared)
    throw HttpError(400, "bad_request",
                    tr("请求体在 " + std::to_string(body.size()) + " 字节处中断（声明 " +
                           std::to_string(declared) + " 字节）",
                       "the body ended after " + std::to_string(body.size()) + " of " +
                           std::to_string(declared) + " bytes"));
  return body;
}

namespace {
// Deepest nesting of objects/arrays outside strings; stops counting past the limit.
int nestingDepth(const std::string& s, int limit) {
  int depth = 0, deepest = 0;
  bool inString = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}
}  // namespace

JsonPtr parseJsonObject(const std::string& body, int maxDepth) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return new Json;
  if (!isValidUtf8(body))
    throw HttpError(400, "bad_request",
                    tr("请求体不是有效的 UTF-8 文本", "the body is not valid UTF-8"));
  if (nestingDepth(body, maxDepth) > maxDepth)
    throw HttpError(400, "bad_request",
                    tr("JSON 嵌套超过 " + std::to_string(maxDepth) + " 层",
                       "the JSON nests deeper than " + std::to_string(maxDepth) + " levels"));
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(body);
  } catch (const Poco::Exception&) {  // its text names the parser's internals, not the mistake
    throw HttpError(400, "bad_request",
                    tr("请求体不是格式正确的 JSON", "the body is not well-formed JSON"));
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
    throw HttpError(400, "bad_request",
                    tr("请求体必须是 JSON 对象（{...}）", "the body must be a JSON object"));
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace tdr::host
