#pragma once

#include <tdr/export.h>
#include <tdr/version.h>

#include <cstdint>

namespace tdr {

class Registrar;

/// One embedded migration file: its file name (`0001_init.sql`) and its SQL text.
struct SchemaFile {
  const char* name;
  const char* sql;
};

/// "TDRP": the first four bytes of every descriptor.
constexpr std::uint32_t kPluginMagic = 0x50524454u;

/// The plain struct a plugin exports as `tdr_plugin_descriptor`; the host checks it before
/// running any plugin code. Field order is frozen for every ABI major.
struct PluginDescriptor {
  std::uint32_t magic;
  std::uint16_t abiMajor;
  std::uint16_t abiMinor;
  const char* id;             ///< `[a-z][a-z0-9_]{1,30}`
  const char* version;        ///< "1.2.0"
  const char* buildTag;       ///< TDR_BUILD_TAG at the plugin's build
  const SchemaFile* schemas;  ///< migrations, terminated by {nullptr, nullptr}
};

/// Base of every plugin. The host creates it through `tdr_plugin_create` and calls
/// `registerWith` once; the plugin declares everything there, explicitly.
class TDR_API Plugin {
 public:
  virtual ~Plugin();
  virtual void registerWith(Registrar& registrar) = 0;
};

/// The signature of the exported `tdr_plugin_create` entry point.
using PluginCreateFn = Plugin*();

namespace embedded {
/// Defined by the file tdr_add_plugin() generates from the plugin's schemas/ folder.
extern const SchemaFile kSchemaFiles[];
}  // namespace embedded

}  // namespace tdr
