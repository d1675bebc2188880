#include "db/transaction.h"

#include <soci/soci.h>
#include <tdr/dialect.h>

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

void WriteTransaction::rollback() {
  session_ << "ROLLBACK";
  open_ = false;
}

}  // namespace tdr::host
