#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace tdr::host {

class Runtime;

/// What `tdr copy` did: rows per table, and the verification.
struct CopyReport {
  std::vector<std::pair<std::string, long long>> tables;
  long long auditRows = 0;
};

/// Copies a district from one database to another (SQLite file to PostgreSQL and back): every
/// table of core and of the loaded plugins, in creation order, in one transaction on the
/// target, then identity sequences (PostgreSQL) are moved past the copied ids. The target must
/// have no records yet and the same schema versions. Verified by row counts and by the audit
/// chain on the target; throws tdr::Error naming the mismatch otherwise (nothing committed).
CopyReport copyDatabase(Runtime& from, Runtime& to,
                        const std::function<void(const std::string&, long long)>& progress);

}  // namespace tdr::host
