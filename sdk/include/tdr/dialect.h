#pragma once

#include <tdr/export.h>

#include <string>

namespace soci {
class session;
}

namespace tdr {

/// The SQL dialects tdr runs on. Migrations may ship `NNNN_x.<dialect>.sql` variants.
enum class Dialect { kSQLite, kPostgreSQL };

/// "sqlite" or "postgresql": the suffix used by migration variants and URLs.
TDR_API const char* dialectName(Dialect d);

/// The dialect of an open SOCI session.
TDR_API Dialect dialectOf(soci::session& session);

/// The column type of a BIGINT identity primary key in this dialect.
TDR_API const char* identityColumn(Dialect d);

/// SQL for "insert, or do nothing if the natural key exists" (both dialects accept
/// `INSERT ... ON CONFLICT (cols) DO NOTHING`); returns the clause to append.
TDR_API std::string onConflictDoNothing(const std::string& keyColumns);

}  // namespace tdr
