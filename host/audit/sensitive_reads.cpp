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
  JsonWriter w;
  w.beginObject().key("sensitive_fields").beginArray();
  for (const auto& f : read.fields) w.value(f);
  w.endArray().field("count", static_cast<std::int64_t>(read.count)).key("ids").beginArray();
  for (long long id : read.ids) w.value(static_cast<std::int64_t>(id));
  w.endArray().key("query").beginObject();
  for (const auto& [k, v] : read.query) w.field(k, v);
  const std::string detail = w.endObject().endObject().take();
  return {actor, action, read.recordType, read.ids.size() == 1 ? read.ids[0] : 0, detail};
}

void auditSensitiveRead(soci::session& s, const std::string& actor, const std::string& action,
                        const SensitiveRead& read) {
  WriteTransaction tx(s);
  appendAudit(s, sensitiveReadEntry(actor, action, read));
  tx.commit();
}

}  // namespace tdr::host
