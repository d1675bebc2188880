#include "records/id_tail.h"

#include <soci/soci.h>

#include <vector>

#include "db/transaction.h"
#include "registry/registry.h"
#include "util/digest.h"

namespace tdr::host {

namespace {

const char kSealed[] = "e1:";
constexpr std::size_t kSealedPrefix = sizeof(kSealed) - 1;
constexpr std::size_t kTail = 4;

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The pad: the first bytes of HMAC(key, "id-tail:" + hash), so each ID has its own.
std::string pad(const std::string& key, const std::string& hash) {
  std::string hex = hmacSha256Hex(key, "id-tail:" + hash);
  std::string out;
  for (std::size_t i = 0; i < kTail; ++i)
    out.push_back(static_cast<char>(hexDigit(hex[2 * i]) * 16 + hexDigit(hex[2 * i + 1])));
  return out;
}

bool isSealed(const std::string& s) {
  return s.size() == kSealedPrefix + 2 * kTail && s.compare(0, kSealedPrefix, kSealed) == 0;
}

}  // namespace

std::string sealIdTail(const std::string& key, const std::string& hash, const std::string& tail) {
  static const char digits[] = "0123456789abcdef";
  std::string p = pad(key, hash);
  std::string out = kSealed;
  for (std::size_t i = 0; i < kTail; ++i) {
    auto b = static_cast<unsigned char>((i < tail.size() ? tail[i] : 0) ^ p[i]);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

std::string openIdTail(const std::string& key, const std::string& hash, const std::string& stored) {
  if (!isSealed(stored)) return stored;
  std::string p = pad(key, hash);
  std::string out;
  for (std::size_t i = 0; i < kTail; ++i) {
    int hi = hexDigit(stored[kSealedPrefix + 2 * i]),
        lo = hexDigit(stored[kSealedPrefix + 2 * i + 1]);
    if (hi < 0 || lo < 0) return {};
    char c = static_cast<char>((hi * 16 + lo) ^ static_cast<unsigned char>(p[i]));
    if (!((c >= '0' && c <= '9') || c == 'X')) return {};  // not this key's seal
    out.push_back(c);
  }
  return out;
}

long long sealClearIdTails(soci::session& s, const Registry& registry, const std::string& key) {
  struct Pending {
    long long id;
    std::string sealed;
  };
  struct Column {
    std::string table, hash, tail;
    std::string clear() const {  // the rows whose tail an earlier release stored in clear
      return " FROM " + table + " WHERE " + tail + " IS NOT NULL AND " + hash +
             " IS NOT NULL AND " + tail + " NOT LIKE 'e1:%'";
    }
  };
  std::vector<Column> columns;
  for (const auto& entry : registry.recordTypes())
    for (const auto& f : entry.type.fields)
      if (f.type() == tdr::FieldType::kNationalId)
        columns.push_back({entry.type.table, f.columnName(), f.name() + "_last4"});
  // Read first: every command opens the database, and only the first open of an earlier
  // release's database has anything to write (no write lock taken otherwise).
  long long clear = 0;
  for (const auto& c : columns) {
    long long n = 0;
    s << "SELECT COUNT(*)" + c.clear(), soci::into(n);
    clear += n;
  }
  if (clear == 0) return 0;
  long long sealed = 0;
  WriteTransaction tx(s);
  for (const auto& c : columns) {
    std::vector<Pending> pending;
    long long id = 0;
    std::string hash, tail;
    soci::statement st = (s.prepare << "SELECT id, " << c.hash << ", " << c.tail << c.clear(),
                          soci::into(id), soci::into(hash), soci::into(tail));
    st.execute();
    while (st.fetch()) pending.push_back({id, sealIdTail(key, hash, tail)});
    for (auto& p : pending)
      s << "UPDATE " << c.table << " SET " << c.tail << " = :v WHERE id = :id", soci::use(p.sealed),
          soci::use(p.id);
    sealed += static_cast<long long>(pending.size());
  }
  tx.commit();
  return sealed;
}

}  // namespace tdr::host
