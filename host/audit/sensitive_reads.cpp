#include "audit/sensitive_reads.h"

#include "audit/audit_log.h"
#include "db/transaction.h"
#include "util/json.h"

namespace tdr::host {

void SensitiveRead::add(long long id, const std::string& field) {
  fields.insert(field);
  if (!ids.empty() && ids.back() == id) return;
  ++count;
  if (ids.size() < kMaxIds) ids.push_back(id);
}

AuditEntry sensitiveReadEntry(const std::string& actor, const std::string& action,
                              const SensitiveRead& read) {
  std::string detail = "{\"sensitive_fields\": [";
  bool first = true;
  for (const auto& f : read.fields) {
    detail += (first ? "" : ", ") + jsonString(f);
    first = false;
  }
  detail += "], \"count\": " + std::to_string(read.count) + ", \"ids\": [";
  for (std::size_t i = 0; i < read.ids.size(); ++i)
    detail += (i ? ", " : "") + std::to_string(read.ids[i]);
  detail += "], \"query\": {";
  for (std::size_t i = 0; i < read.query.size(); ++i)
    detail +=
        (i ? ", " : "") + jsonString(read.query[i].first) + ": " + jsonString(read.query[i].second);
  detail += "}}";
  return {actor, action, read.recordType, read.ids.size() == 1 ? read.ids[0] : 0, detail};
}

void auditSensitiveRead(soci::session& s, const std::string& actor, const std::string& action,
                        const SensitiveRead& read) {
  WriteTransaction tx(s);
  appendAudit(s, sensitiveReadEntry(actor, action, read));
  tx.commit();
}

}  // namespace tdr::host
