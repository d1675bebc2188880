#include "auth/login_throttle.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>
#include <soci/soci.h>

#include "db/transaction.h"

namespace tdr::host {

namespace {

std::string iso(const Poco::Timestamp& t) {
  return Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%SZ");
}

Poco::Timespan window() {
  return Poco::Timespan(
      std::chrono::duration_cast<std::chrono::seconds>(LoginThrottle::kWindow).count(), 0);
}

}  // namespace

long long LoginThrottle::retryAfterSeconds(soci::session& s, const std::string& login) {
  Poco::Timestamp now;
  std::string cutoff = iso(now - window());
  int count = 0;
  std::string first;
  soci::indicator ind = soci::i_null;
  s << "SELECT COUNT(*), MIN(at) FROM core_login_failures WHERE login = :l AND at > :c",
      soci::use(login), soci::use(cutoff), soci::into(count), soci::into(first, ind);
  if (count < kMaxFailures || ind != soci::i_ok) return 0;
  int tz = 0;
  Poco::DateTime firstAt = Poco::DateTimeParser::parse("%Y-%m-%dT%H:%M:%SZ", first, tz);
  Poco::Timespan left = (firstAt.timestamp() + window()) - now;
  return left.totalSeconds() > 0 ? left.totalSeconds() + 1 : 0;
}

void LoginThrottle::failed(soci::session& s, const std::string& login) {
  Poco::Timestamp now;
  std::string at = iso(now), cutoff = iso(now - window());
  WriteTransaction tx(s);
  // Bounded: windows that have passed are forgotten on every failure.
  s << "DELETE FROM core_login_failures WHERE at <= :c", soci::use(cutoff);
  s << "INSERT INTO core_login_failures (login, at) VALUES (:l, :a)", soci::use(login),
      soci::use(at);
  tx.commit();
}

void LoginThrottle::succeeded(soci::session& s, const std::string& login) {
  s << "DELETE FROM core_login_failures WHERE login = :l", soci::use(login);
}

}  // namespace tdr::host
