#include "core/secrets.h"

#include <soci/soci.h>

#include <cstdlib>

#include "auth/digest.h"

namespace tdr::host {

std::string nationalIdKey(soci::session& s) {
  if (const char* k = std::getenv("TDR_ID_KEY"); k && *k) return k;
  std::string value;
  soci::indicator ind = soci::i_null;
  s << "SELECT value FROM core_settings WHERE key = 'national_id_key'", soci::into(value, ind);
  if (s.got_data() && ind == soci::i_ok) return value;
  value = randomHex(32);
  s << "INSERT INTO core_settings (key, value) VALUES ('national_id_key', :v)", soci::use(value);
  return value;
}

}  // namespace tdr::host
