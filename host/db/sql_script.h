#pragma once

#include <string>
#include <vector>

namespace tdr::host {

/// Splits a migration script into statements at `;`, outside string literals, quoted
/// identifiers, comments, PostgreSQL dollar quotes and CREATE TRIGGER ... END bodies.
std::vector<std::string> splitStatements(const std::string& sql);

/// The tokens of one statement for inspection: words lower-cased (quoted identifiers unquoted,
/// schema prefixes kept as separate tokens), punctuation as one-character tokens; literals and
/// comments dropped.
std::vector<std::string> tokenize(const std::string& statement);

/// Checks that a migration of `owner` only touches its own objects (`<owner>_*`) and only
/// references `core_*`, its own or its dependencies' tables. Returns "" or the reason.
std::string checkOwnership(const std::string& owner, const std::vector<std::string>& statements,
                           const std::vector<std::string>& dependencies);

}  // namespace tdr::host
