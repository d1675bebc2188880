#include "db/failure.h"

#include <soci/soci-backend.h>

#include "db/db_error.h"
#include "util/errors.h"
#include "util/text.h"

namespace tdr::host {

namespace {

int statusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Failure internalFailure(const std::string& reference, const std::string& what) {
  Failure f;
  f.internal = true;
  f.logText = what;
  f.message = reference.empty() ? tr("内部错误，请联系管理员", "internal error")
                                : tr("服务器内部错误（" + reference + "），请把编号告诉管理员",
                                     "internal error (" + reference + ")");
  return f;
}

}  // namespace

Failure failureOf(const std::exception_ptr& e, const std::string& reference) {
  Failure f;
  try {
    std::rethrow_exception(e);
  } catch (const HttpError& err) {
    f.httpStatus = err.status();
    f.code = err.codeName();
    f.message = err.what();
    f.details = err.details();
  } catch (const UsageError& err) {
    f.httpStatus = 400;
    f.code = "bad_request";
    f.message = err.what();
    f.exitCode = 2;
    f.usage = true;
  } catch (const Error& err) {
    f.httpStatus = statusOf(err.code());
    f.code = errorCodeName(err.code());
    if (f.httpStatus == 500) return internalFailure(reference, err.what());
    f.message = err.what();
    f.details = err.details();
  } catch (const soci::soci_error& err) {
    DbErrorInfo info = classify(err);
    if (info.failure == DbFailure::kBusy) {
      f.httpStatus = 503;
      f.code = "unavailable";
      f.exitCode = 75;
      f.retryAfterSeconds = kBusyRetrySeconds;
      f.message = tr("数据库正忙（其他写入占用了它），没有写入任何内容；请 " +
                         std::to_string(kBusyRetrySeconds) + " 秒后重试",
                     "the database is busy with other writes; nothing was written: retry in " +
                         std::to_string(kBusyRetrySeconds) + " s");
    } else if (info.failure == DbFailure::kBadText) {
      f.httpStatus = 400;
      f.code = "bad_request";
      f.message = tr("请求含有数据库不能保存的文本（无效的 UTF-8 或 NUL 字符）",
                     "the request holds text the database cannot store (invalid UTF-8 or NUL)");
    } else {
      return internalFailure(reference, std::string("database error: ") + err.what());
    }
  } catch (const std::exception& err) {
    // A failure of the server or of plugin code, never of the input.
    return internalFailure(reference, err.what());
  } catch (...) {
    return internalFailure(reference, "an unknown exception");
  }
  return f;
}

}  // namespace tdr::host
