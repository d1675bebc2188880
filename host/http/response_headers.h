#pragma once

#include <Poco/Net/HTTPServerResponse.h>

namespace tdr::host {

/// The headers every response carries: no framing by other sites, no referrer leaking record
/// ids, no content sniffing; API answers (records, personal data) are never cached.
void setSecurityHeaders(Poco::Net::HTTPServerResponse& resp, bool api);

/// Sets the status with its standard reason phrase ("404 Not Found", never "404 OK").
void setStatus(Poco::Net::HTTPServerResponse& resp, int status);

}  // namespace tdr::host
