#pragma once

#include <tdr/json.h>

#include <istream>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace tdr::host {

/// Limits on request bodies.
struct BodyLimits {
  std::size_t maxJsonBytes = 1 << 20;     ///< 1 MiB
  std::size_t maxImportBytes = 64 << 20;  ///< 64 MiB
  int maxJsonDepth = 32;
};

/// Reads a request body of at most `limit` bytes; HttpError 413 beyond it (without reading
/// more than limit + 1 bytes).
std::string readBody(Poco::Net::HTTPServerRequest& req, std::size_t limit);

/// Parses a JSON object body: HttpError 400 for invalid UTF-8, nesting deeper than
/// `maxDepth`, malformed JSON or anything but an object; an empty body is an empty object.
JsonPtr parseJsonObject(const std::string& body, int maxDepth);

}  // namespace tdr::host
