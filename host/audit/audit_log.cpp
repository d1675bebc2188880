#include "audit/audit_log.h"

#include <soci/soci.h>
#include <tdr/dialect.h>

#include "util/digest.h"
#include "util/timestamps.h"

namespace tdr::host {

namespace {

const std::string kGenesis(64, '0');

std::string rowHash(const std::string& prev, long long id, const std::string& at,
                    const std::string& actor, const std::string& action,
                    const std::string& recordType, long long recordId, const std::string& detail) {
  // Length-prefixed fields, so that no two different rows serialise alike.
  std::string s = prev;
  for (const std::string& f :
       {std::to_string(id), at, actor, action, recordType, std::to_string(recordId), detail})
    s += "|" + std::to_string(f.size()) + ":" + f;
  return sha256Hex(s);
}

// Reads the chain head; `lock` takes its row lock first on PostgreSQL, so that concurrent
// writers append one after the other (SQLite writers are serialised by BEGIN IMMEDIATE).
bool readHead(soci::session& s, long long& id, std::string& hash, bool lock = false) {
  std::string value;
  soci::indicator ind = soci::i_null;
  bool pg = lock && dialectOf(s) == Dialect::kPostgreSQL;
  s << std::string("SELECT value FROM core_settings WHERE key = 'audit_head'") +
           (pg ? " FOR UPDATE" : ""),
      soci::into(value, ind);
  if (!s.got_data() || ind != soci::i_ok) return false;
  auto colon = value.find(':');
  id = std::stoll(value.substr(0, colon));
  hash = value.substr(colon + 1);
  return true;
}

}  // namespace

void appendAudit(soci::session& s, const AuditEntry& e) {
  long long lastId = 0;
  std::string prev = kGenesis;
  bool hasHead = readHead(s, lastId, prev, true);
  long long id = lastId + 1;
  std::string at = utcNow();
  std::string hash = rowHash(prev, id, at, e.actor, e.action, e.recordType, e.recordId, e.detail);
  s << "INSERT INTO core_audit (id, at, actor, action, record_type, record_id, detail, prev_hash, "
       "hash) VALUES (:id, :at, :actor, :action, :rt, :rid, :detail, :prev, :hash)",
      soci::use(id), soci::use(at), soci::use(e.actor), soci::use(e.action),
      soci::use(e.recordType), soci::use(e.recordId), soci::use(e.detail), soci::use(prev),
      soci::use(hash);
  std::string head = std::to_string(id) + ":" + hash;
  if (hasHead)
    s << "UPDATE core_settings SET value = :v WHERE key = 'audit_head'", soci::use(head);
  else
    s << "INSERT INTO core_settings (key, value) VALUES ('audit_head', :v)", soci::use(head);
}

AuditVerification verifyAudit(soci::session& s) {
  AuditVerification v;
  long long id = 0, recordId = 0, expectedId = 1;
  std::string at, actor, action, recordType, detail, prev, hash;
  std::string expectedPrev = kGenesis;
  soci::statement st =
      (s.prepare << "SELECT id, at, actor, action, record_type, record_id, detail, prev_hash, hash "
                    "FROM core_audit ORDER BY id",
       soci::into(id), soci::into(at), soci::into(actor), soci::into(action),
       soci::into(recordType), soci::into(recordId), soci::into(detail), soci::into(prev),
       soci::into(hash));
  st.execute();
  auto broken = [&](long long rowId, const std::string& why) {
    v.ok = false;
    v.brokenAt = rowId;
    v.reason = why;
  };
  while (st.fetch()) {
    ++v.rows;
    if (!v.ok) continue;
    if (id != expectedId) {
      broken(id, "row " + std::to_string(expectedId) +
                     (id > expectedId ? " is missing (deleted)" : " appears twice"));
    } else if (prev != expectedPrev) {
      broken(id, "row " + std::to_string(id) + " does not follow row " + std::to_string(id - 1) +
                     " (previous hash differs: a row was deleted, inserted or reordered)");
    } else if (rowHash(prev, id, at, actor, action, recordType, recordId, detail) != hash) {
      broken(id, "row " + std::to_string(id) + " was edited (its hash does not match its content)");
    }
    expectedPrev = hash;
    ++expectedId;
  }
  if (!v.ok) return v;
  long long headId = 0;
  std::string headHash;
  if (readHead(s, headId, headHash)) {
    if (headId != expectedId - 1 || headHash != expectedPrev)
      broken(expectedId, "the newest rows are missing: the chain head says row " +
                             std::to_string(headId) + ", the log ends at row " +
                             std::to_string(expectedId - 1));
  } else if (v.rows > 0) {
    broken(1, "the chain head is missing from core_settings");
  }
  v.headHash = expectedPrev;
  return v;
}

}  // namespace tdr::host
