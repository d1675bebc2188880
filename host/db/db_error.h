#pragma once

#include <soci/soci-backend.h>

#include <string>

namespace tdr::host {

/// What a database error means, told by SQLite's extended result code or PostgreSQL's
/// SQLSTATE — never by the driver's message text.
enum class DbFailure {
  kOther,
  kNotNull,     ///< a required column got NULL
  kUnique,      ///< a unique index or primary key
  kForeignKey,  ///< a reference to a missing row, or a delete of a referenced one
  kCheck,       ///< a CHECK constraint
  kBusy,        ///< a lock wait gave up (SQLite busy/locked, PostgreSQL lock/serialization)
  kBadText,     ///< text the database cannot store (invalid UTF-8, NUL on PostgreSQL)
};

struct DbErrorInfo {
  DbFailure failure = DbFailure::kOther;
  std::string column;  ///< for kNotNull, when the database names it
};

/// Classifies a SOCI error from either backend.
DbErrorInfo classify(const soci::soci_error& e);

/// Seconds a client should wait before retrying after kBusy.
constexpr int kBusyRetrySeconds = 2;

}  // namespace tdr::host
