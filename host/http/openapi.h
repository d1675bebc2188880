#pragma once

#include <string>

namespace tdr::host {

class Registry;

/// The OpenAPI 3.0 description of the API, generated from the loaded plugins' declarations.
std::string openApiJson(const Registry& registry);

}  // namespace tdr::host
