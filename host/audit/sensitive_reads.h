#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit_log.h"

namespace soci {
class session;
}

namespace tdr::host {

/// What one request disclosed of fields declared sensitive (national IDs, ethics case
/// details, criminal-record check results): the audit log keeps one entry per such request.
struct SensitiveRead {
  static constexpr std::size_t kMaxIds = 500;  ///< ids listed; `count` says how many in all

  std::string recordType;
  std::set<std::string> fields;  ///< the sensitive fields that had a value in what was shown
  std::vector<long long> ids;    ///< the records shown with one (the first kMaxIds)
  long long count = 0;           ///< records shown with one
  std::vector<std::pair<std::string, std::string>> query;  ///< filters as the caller gave them

  bool empty() const { return count == 0; }
  /// Notes that record `id` was shown with a value in sensitive field `field`.
  void add(long long id, const std::string& field);
};

/// The audit entry of `action` ("read" for lists and gets, "export") for `read`.
AuditEntry sensitiveReadEntry(const std::string& actor, const std::string& action,
                              const SensitiveRead& read);

/// Appends that entry to the audit log in its own write transaction (the command line; the
/// server goes through its AuditWriter). Call outside any open transaction, before the data
/// leaves when it can (lists, gets) and right after when it streams (exports).
void auditSensitiveRead(soci::session& s, const std::string& actor, const std::string& action,
                        const SensitiveRead& read);

}  // namespace tdr::host
