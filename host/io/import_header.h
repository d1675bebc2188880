#pragma once

#include <vector>

#include "io/row_source.h"
#include "registry/registry.h"

namespace tdr::host {

/// The first stage of an import: each header cell mapped to its field, by name (any case) or
/// by Chinese label. Throws tdr::Error listing every problem at once — unknown and repeated
/// columns, missing required and key columns.
std::vector<const Field*> mapHeader(const RecordTypeEntry& type, const RowSource& source);

}  // namespace tdr::host
