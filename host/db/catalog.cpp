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

std::vector<std::string> tablesInCreationOrder(soci::session& s, Dialect d) {
  std::vector<std::string> out;
  std::string name;
  const char* sql =
      d == Dialect::kSQLite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid"
          : "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.oid";
  soci::statement st = (s.prepare << sql, soci::into(name));
  st.execute();
  while (st.fetch()) out.push_back(name);
  return out;
}

std::vector<std::pair<std::string, std::string>> orderedColumns(soci::session& s, Dialect d,
                                                                const std::string& table) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string name, type;
  if (d == Dialect::kSQLite) {
    soci::statement st = (s.prepare << "SELECT name, type FROM pragma_table_info(:t) ORDER BY cid",
                          soci::use(table), soci::into(name), soci::into(type));
    st.execute();
    while (st.fetch()) out.emplace_back(lower(name), lower(type));
  } else {
    soci::statement st =
        (s.prepare << "SELECT column_name, data_type FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = :t "
                      "ORDER BY ordinal_position",
         soci::use(table), soci::into(name), soci::into(type));
    st.execute();
    while (st.fetch()) out.emplace_back(lower(name), lower(type));
  }
  return out;
}

bool columnTypeFits(const std::string& declared, bool integer) {
  if (integer) return declared.find("int") != std::string::npos;
  return declared.find("text") != std::string::npos || declared.find("char") != std::string::npos ||
         declared.find("clob") != std::string::npos;
}

}  // namespace tdr::host
