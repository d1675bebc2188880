#pragma once

#include <tdr/dialect.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace tdr::host {

/// The live columns of `table` (lower-cased name -> lower-cased declared type); empty when the
/// table does not exist.
std::map<std::string, std::string> tableColumns(soci::session& s, Dialect d,
                                                const std::string& table);

/// The tables of the current schema in the order they were created (which respects foreign
/// keys: a table can only refer to tables that existed before it).
std::vector<std::string> tablesInCreationOrder(soci::session& s, Dialect d);

/// The columns of `table` in their declared order: (name, declared type lower-cased).
std::vector<std::pair<std::string, std::string>> orderedColumns(soci::session& s, Dialect d,
                                                                const std::string& table);

/// True when a column of declared type `declared` can hold integers (or text, when !integer).
bool columnTypeFits(const std::string& declared, bool integer);

}  // namespace tdr::host
