#pragma once

#include <string>

namespace soci {
class session;
}

namespace tdr::host {

/// One write, as the audit log keeps it.
struct AuditEntry {
  std::string actor;       ///< user login ("cli" for the command line)
  std::string action;      ///< create, update, delete, import, action, user_add, ...
  std::string recordType;  ///< core.teachers, training.records, core.users, ...
  long long recordId = 0;  ///< 0 when the entry is about many records (an import)
  std::string detail;      ///< JSON: before/after, or file hash and counts
};

/// Appends an entry to core_audit inside the caller's write transaction. Each row's hash
/// covers its content and the previous row's hash; the chain head (last id and hash) is kept
/// in core_settings so that deleting the newest rows is caught too.
void appendAudit(soci::session& s, const AuditEntry& entry);

struct AuditVerification {
  bool ok = true;
  long long rows = 0;
  long long brokenAt = 0;  ///< id of the first broken row (0 when ok)
  std::string reason;      ///< why the chain is broken
  std::string headHash;    ///< the hash of the newest row: record it outside to anchor the chain
};

/// Recomputes the chain and names the first broken link: an edited row, a deleted or
/// reordered row, or missing newest rows.
AuditVerification verifyAudit(soci::session& s);

}  // namespace tdr::host
