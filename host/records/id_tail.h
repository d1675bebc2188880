#pragma once

#include <string>

namespace soci {
class session;
}

namespace tdr::host {

class Registry;

/// The last four characters of a national ID (three sequence digits and the check digit) are
/// kept only sealed: XOR-ed with a pad derived from the national-ID key and the ID's keyed
/// hash, stored as "e1:" + 8 hex digits. A copy of the database without the key then holds
/// neither the key nor the digits that, with the birth date in clear, would let the hash be
/// brute-forced back to the ID (docs/decisions.md).
std::string sealIdTail(const std::string& key, const std::string& hash, const std::string& tail);

/// The clear last four of a sealed `stored` value; "" when it cannot be opened (another key,
/// damaged). A value an earlier release stored in clear is returned as it is.
std::string openIdTail(const std::string& key, const std::string& hash, const std::string& stored);

/// Seals every last-four value an earlier release stored in clear, in every loaded record
/// type's national-ID fields, in one transaction. Returns the number of values sealed.
long long sealClearIdTails(soci::session& s, const Registry& registry, const std::string& key);

}  // namespace tdr::host
