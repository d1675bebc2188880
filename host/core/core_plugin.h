#pragma once

#include <tdr/plugin.h>

#include <memory>

namespace tdr::host {

/// The host's own records (schools, clusters, cluster members, teachers), declared through the
/// same Registrar as any plugin, under the id "core".
std::unique_ptr<Plugin> makeCorePlugin();

/// The descriptor of the core records, with the embedded schemas/core migrations.
const PluginDescriptor& coreDescriptor();

}  // namespace tdr::host
