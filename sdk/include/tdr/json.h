#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace tdr {

/// JSON values exchanged by actions, events and portfolio sections (Poco's JSON model).
using Json = Poco::JSON::Object;
/// Shared pointer to a JSON object, as Poco passes them.
using JsonPtr = Poco::JSON::Object::Ptr;
/// A JSON array.
using JsonArray = Poco::JSON::Array;

}  // namespace tdr
