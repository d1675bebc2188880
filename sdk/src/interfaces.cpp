// Out-of-line virtual destructors: they anchor the vtables and type_info of the SDK's
// interfaces in libtdr_sdk.so, so host and plugins agree on them.
#include <tdr/context.h>
#include <tdr/plugin.h>
#include <tdr/registrar.h>

namespace tdr {

Plugin::~Plugin() = default;
Registrar::~Registrar() = default;
Context::~Context() = default;

}  // namespace tdr
