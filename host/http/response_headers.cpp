#include "http/response_headers.h"

namespace tdr::host {

void setSecurityHeaders(Poco::Net::HTTPServerResponse& resp, bool api) {
  resp.set("X-Content-Type-Options", "nosniff");
  resp.set("X-Frame-Options", "DENY");
  resp.set("Referrer-Policy", "no-referrer");
  if (api) {
    resp.set("Cache-Control", "no-store");
    resp.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
}

void setStatus(Poco::Net::HTTPServerResponse& resp, int status) {
  resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
}

}  // namespace tdr::host
