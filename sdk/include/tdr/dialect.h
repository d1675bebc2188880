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

/// The column definition of a BIGINT identity primary key in this dialect (what `{{id}}`
/// stands for in migrations). Ids are never reused, not even a deleted row's.
TDR_API const char* identityColumn(Dialect d);

}  // namespace tdr
