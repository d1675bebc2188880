#pragma once

// Include in exactly one source file of a plugin, then use TDR_PLUGIN once.
#include <tdr/plugin.h>

#include <boost/dll/alias.hpp>
#include <memory>

/// Exports the two entry points of a plugin: `tdr_plugin_descriptor` and `tdr_plugin_create`.
#define TDR_PLUGIN_WITH_DESCRIPTOR(PluginClass, ...)                                   \
  namespace tdr_plugin_entry {                                                         \
  static const ::tdr::PluginDescriptor descriptor = __VA_ARGS__;                       \
  static ::tdr::Plugin* create() { return std::make_unique<PluginClass>().release(); } \
  }                                                                                    \
  BOOST_DLL_ALIAS(tdr_plugin_entry::descriptor, tdr_plugin_descriptor)                 \
  BOOST_DLL_ALIAS(tdr_plugin_entry::create, tdr_plugin_create)

/// Declares a plugin class with its id and version, built against this SDK.
#define TDR_PLUGIN(PluginClass, id, version)                                                \
  TDR_PLUGIN_WITH_DESCRIPTOR(                                                               \
      PluginClass, {::tdr::kPluginMagic, TDR_SDK_ABI_MAJOR, TDR_SDK_ABI_MINOR, id, version, \
                    TDR_BUILD_TAG, ::tdr::embedded::kSchemaFiles})
