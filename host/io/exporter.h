#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "audit/sensitive_reads.h"
#include "io/table_writer.h"
#include "registry/registry.h"

namespace tdr {
class Context;
}

namespace tdr::host {

struct ExportOptions {
  TableWriter::Format format = TableWriter::Format::kCsv;
  /// field = value filters (values as in import files: staff_no, school code, dates ...).
  std::vector<std::pair<std::string, std::string>> where;
  std::string nationalIdKey;
  std::function<void(double, long long)> progress;
  /// When set, receives the sensitive values the export wrote (for the audit log).
  SensitiveRead* disclosed = nullptr;
};

/// Writes every record of `type` matching the filters, as files show them (references by
/// natural key, national IDs masked); CSV output starts with a BOM for Excel. Returns the row
/// count. Throws tdr::Error naming a bad filter.
long long exportRecords(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                        std::ostream& out, const ExportOptions& options);

}  // namespace tdr::host
