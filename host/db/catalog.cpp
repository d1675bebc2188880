#include "db/catalog.h"

#include <soci/soci.h>

#include <cctype>

namespace tdr::host {

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

std::map<std::string, std::string> tableColumns(soci::session& s, Dialect d,
                                                const std::string& table) {
  std::map<std::string, std::string> out;
  std::string name, type;
  if (d == Dialect::kSQLite) {
    // PRAGMA table_info cannot take a bound parameter; the table-valued form can.
    soci::statement st = (s.prepare << "SELECT name, type FROM pragma_table_info(:t)",
                          soci::use(table), soci::into(name), soci::into(type));
    st.execute();
    while (st.fetch()) out[lower(name)] = lower(type);
  } else {
    soci::statement st =
        (s.prepare << "SELECT column_name, data_type FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = :t",
         soci::use(table), soci::into(name), soci::into(type));
    st.execute();
    while (st.fetch()) out[lower(name)] = lower(type);
  }
  return out;
}

bool columnTypeFits(const std::string& declared, bool integer) {
  if (integer) return declared.find("int") != std::string::npos;
  return declared.find("text") != std::string::npos || declared.find("char") != std::string::npos ||
         declared.find("clob") != std::string::npos;
}

}  // namespace tdr::host
