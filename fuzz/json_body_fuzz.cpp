// Request bodies: parseJsonObject accepts an object or refuses with an HttpError 400 (bad
// UTF-8, too deep, malformed, not an object), never another exception or a crash. And the
// other way: whatever bytes a response quotes (jsonString) make a valid JSON document.
#include <tdr/json.h>

#include <cstdint>
#include <cstdlib>

#include "http/json_input.h"
#include "io/table_writer.h"
#include "util/errors.h"
#include "util/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  try {
    tdr::host::parseJsonObject("{\"quoted\": " + tdr::host::jsonString(body) + "}", 1 << 30);
  } catch (const tdr::host::HttpError&) {
    std::abort();  // a response built with jsonString would not be JSON
  }
  tdr::JsonPtr parsed;
  try {
    parsed = tdr::host::parseJsonObject(body, 32);
  } catch (const tdr::host::HttpError& e) {
    if (e.status() != 400) std::abort();
    return 0;
  }
  if (!parsed) std::abort();
  return 0;
}
