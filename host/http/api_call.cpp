#include "http/api_call.h"

#include <Poco/Net/HTTPServerResponse.h>

#include "app/runtime.h"
#include "audit/audit_writer.h"
#include "audit/sensitive_reads.h"
#include "http/response_headers.h"
#include "registry/registry.h"
#include "util/errors.h"
#include "util/text.h"

namespace tdr::host {

const Registry& ApiCall::registry() const { return services.runtime.registry(); }

const RecordTypeEntry& ApiCall::recordType() const {
  const std::string name = path.at("plugin") + "." + path.at("record");
  const RecordTypeEntry* entry = registry().recordType(name);
  if (!entry)
    throw HttpError(404, "not_found", tr("没有记录类型 '", "no record type '") + name + "'");
  return *entry;
}

JsonPtr ApiCall::jsonBody() const {
  return parseJsonObject(readBody(req, services.limits.maxJsonBytes), services.limits.maxJsonDepth);
}

void ApiCall::auditDisclosure(const SensitiveRead& read) {
  if (read.empty()) return;
  snapshot.reset();  // reading is done; SQLite gets its read lock back at once
  services.audit.append(sensitiveReadEntry(user->login, "read", read));
}

void sendJson(Poco::Net::HTTPServerResponse& resp, int status, const std::string& body) {
  setStatus(resp, status);
  resp.setContentType("application/json; charset=utf-8");
  resp.setContentLength(static_cast<std::streamsize>(body.size()));
  resp.send() << body;
}

long long positiveInteger(const std::string& s, const std::string& what, int status) {
  long long v = 0;
  const char* code = status == 404 ? "not_found" : "bad_request";
  const std::string bad =
      tr(what + " '" + s + "' 不是正整数", what + " '" + s + "' is not a positive whole number");
  if (s.empty() || s.size() > 18) throw HttpError(status, code, bad);
  for (char c : s) {
    if (c < '0' || c > '9') throw HttpError(status, code, bad);
    v = v * 10 + (c - '0');
  }
  if (v < 1)
    throw HttpError(status, "bad_request", tr(what + " 不能小于 1", what + " must be 1 or more"));
  return v;
}

bool boolParam(const std::string& name, const std::string& v) {
  if (v == "true" || v == "1" || v.empty()) return true;
  if (v == "false" || v == "0") return false;
  throw HttpError(400, "bad_request",
                  tr(name + " 只能是 true 或 false", name + " must be true or false"),
                  {{name, tr("不是布尔值", "not a boolean"), 0}});
}

void unknownParameter(const std::string& name) {
  throw HttpError(400, "bad_request",
                  tr("不认识的参数 '" + name + "'", "unknown parameter '" + name + "'"),
                  {{name, tr("不认识", "unknown"), 0}});
}

}  // namespace tdr::host
