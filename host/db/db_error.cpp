#include "db/db_error.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace tdr::host {

namespace {

// The text between `open` and `close` after `after` in `msg`, for naming a column only.
std::string between(const std::string& msg, const std::string& after, char close) {
  auto at = msg.find(after);
  if (at == std::string::npos) return {};
  at += after.size();
  auto end = msg.find(close, at);
  return msg.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

}  // namespace

DbErrorInfo classify(const soci::soci_error& e) {
  DbErrorInfo info;
  const std::string msg = e.get_error_message();
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    // The connections enable extended result codes (Database::open).
    switch (lite->result()) {
      case SQLITE_CONSTRAINT_NOTNULL: {
        info.failure = DbFailure::kNotNull;
        std::string qualified = between(msg, "NOT NULL constraint failed: ", '\n');
        auto dot = qualified.rfind('.');
        info.column = dot == std::string::npos ? qualified : qualified.substr(dot + 1);
        while (!info.column.empty() && (info.column.back() == ' ' || info.column.back() == '\r'))
          info.column.pop_back();
        return info;
      }
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY:
        info.failure = DbFailure::kUnique;
        return info;
      case SQLITE_CONSTRAINT_FOREIGNKEY:
        info.failure = DbFailure::kForeignKey;
        return info;
      case SQLITE_CONSTRAINT_CHECK:
        info.failure = DbFailure::kCheck;
        return info;
      default:
        break;
    }
    int primary = lite->result() & 0xFF;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) info.failure = DbFailure::kBusy;
    return info;
  }
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const std::string state = pg->sqlstate();
    if (state == "23502") {
      info.failure = DbFailure::kNotNull;
      info.column = between(msg, "column \"", '"');
    } else if (state == "23505") {
      info.failure = DbFailure::kUnique;
    } else if (state == "23503") {
      info.failure = DbFailure::kForeignKey;
    } else if (state == "23514") {
      info.failure = DbFailure::kCheck;
    } else if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") {
      info.failure = DbFailure::kBusy;
    } else if (state == "22021" || state == "22P05" || state == "54000") {
      info.failure = DbFailure::kBadText;
    }
    return info;
  }
  return info;
}

}  // namespace tdr::host
