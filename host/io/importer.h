#pragma once

#include <tdr/error.h>

#include <functional>
#include <string>
#include <vector>

#include "io/row_source.h"
#include "registry/registry.h"

namespace tdr {
class Context;
}

namespace tdr::host {

/// One problem of a rejected row: field ("" for the whole row), reason and line in the file.
using RowError = FieldError;

struct ImportOptions {
  bool dryRun = false;   ///< validate and count, write nothing
  bool partial = false;  ///< write the good rows even when some are bad
  std::string nationalIdKey;
  /// Called now and then with the fraction read and the rows seen.
  std::function<void(double, long long)> progress;
};

struct ImportReport {
  std::string file;
  std::string encoding;
  long long rows = 0;
  long long inserted = 0;
  long long updated = 0;
  long long unchanged = 0;
  long long rejected = 0;
  bool written = false;          ///< whether the changes were committed
  std::vector<RowError> errors;  ///< the first kMaxErrors of them
  long long moreErrors = 0;      ///< rejected errors beyond those kept
  static constexpr std::size_t kMaxErrors = 1000;
};

/// Imports rows into a record type: header mapping (field names or Chinese labels), per-cell
/// parsing, required/unique/natural-key checks, the plugin's validate hook, then upsert by
/// natural key (unchanged rows are not written). One transaction: by default any bad row means
/// nothing is written; `partial` writes the good rows. Throws tdr::Error for a bad header.
ImportReport importRows(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                        RowSource& source, const ImportOptions& options);

}  // namespace tdr::host
