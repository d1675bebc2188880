#include "db/transaction.h"

#include <soci/soci.h>
#include <tdr/dialect.h>

#include "db/bound_statement.h"

namespace tdr::host {

WriteTransaction::WriteTransaction(soci::session& s) : session_(s) {
  session_ << (dialectOf(s) == Dialect::kSQLite ? "BEGIN IMMEDIATE" : "BEGIN");
}

WriteTransaction::~WriteTransaction() {
  if (open_) {
    try {
      session_ << "ROLLBACK";
    } catch (...) {  // the connection may be gone; nothing more to undo from here
    }
  }
}

void WriteTransaction::commit() {
  session_ << "COMMIT";
  open_ = false;
}

ReadSnapshot::ReadSnapshot(StatementCache& cache) : cache_(cache) {
  cache_.get("BEGIN", {}, {}).execute();
}

ReadSnapshot::~ReadSnapshot() {
  try {
    cache_.get("COMMIT", {}, {}).execute();
  } catch (...) {
    try {
      cache_.session() << "ROLLBACK";
    } catch (...) {  // the connection may be gone
    }
  }
}

void WriteTransaction::rollback() {
  session_ << "ROLLBACK";
  open_ = false;
}

}  // namespace tdr::host
