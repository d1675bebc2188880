#pragma once

#include <tdr/value.h>

#include <string>
#include <vector>

namespace soci {
class session;
}

namespace tdr::host {

/// Writes rows into a PostgreSQL table with `COPY table (columns) FROM STDIN` on the session's
/// own connection, inside its open transaction: the bulk-load path of imports. `pick` names the
/// value of each column in every row (rows[r][pick[k]] goes to columns[k]); null values load as
/// NULL. A refusal (constraint, type) throws soci::postgresql_soci_error with its SQLSTATE, like
/// the INSERT it stands for, and leaves the transaction failed for the caller to roll back.
void copyRows(soci::session& s, const std::string& table, const std::vector<std::string>& columns,
              const std::vector<std::vector<Value>>& rows, const std::vector<std::size_t>& pick);

/// A value in COPY's text format: `\N` for null, text with backslash, tab, newline and carriage
/// return escaped.
void appendCopyField(std::string& out, const Value& v);

/// A value as an element of an array literal (`{"a","b"}`, `{1,2}`): text quoted with `"` and
/// `\` escaped (null as an empty text).
void appendArrayElement(std::string& out, const Value& v);

}  // namespace tdr::host
