#pragma once

#include <tdr/dialect.h>

#include <map>
#include <string>

namespace soci {
class session;
}

namespace tdr::host {

/// The live columns of `table` (lower-cased name -> lower-cased declared type); empty when the
/// table does not exist.
std::map<std::string, std::string> tableColumns(soci::session& s, Dialect d,
                                                const std::string& table);

/// True when a column of declared type `declared` can hold integers (or text, when !integer).
bool columnTypeFits(const std::string& declared, bool integer);

}  // namespace tdr::host
