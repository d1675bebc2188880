#include "db/pg_copy.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <memory>

namespace tdr::host {

namespace {

// libpq reports a failed COPY as a result holding the SQLSTATE; anything else is a broken link.
[[noreturn]] void fail(PGconn* conn, PGresult* result) {
  std::unique_ptr<PGresult, decltype(&PQclear)> owned(result, &PQclear);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message =
      result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  throw soci::postgresql_soci_error(message, state ? state : "08000");
}

}  // namespace

void appendCopyField(std::string& out, const Value& v) {
  if (isNull(v)) {
    out += "\\N";
    return;
  }
  if (const auto* i = std::get_if<long long>(&v)) {
    out += std::to_string(*i);
    return;
  }
  for (char c : std::get<std::string>(v)) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

void appendArrayElement(std::string& out, const Value& v) {
  if (const auto* i = std::get_if<long long>(&v)) {
    out += std::to_string(*i);
    return;
  }
  out += '"';
  for (char c : toText(v)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void copyRows(soci::session& s, const std::string& table, const std::vector<std::string>& columns,
              const std::vector<std::vector<Value>>& rows, const std::vector<std::size_t>& pick) {
  if (rows.empty()) return;
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  PGconn* conn = backend->conn_;
  std::string sql = "COPY " + table + " (";
  for (std::size_t k = 0; k < columns.size(); ++k) sql += (k ? ", " : "") + columns[k];
  sql += ") FROM STDIN";
  PGresult* started = PQexec(conn, sql.c_str());
  if (PQresultStatus(started) != PGRES_COPY_IN) fail(conn, started);
  PQclear(started);
  // Sent in pieces of about 256 KiB: memory bounded by the batch, few calls into libpq.
  constexpr std::size_t kChunk = 256 * 1024;
  std::string buffer;
  buffer.reserve(kChunk + 4096);
  bool sent = true;
  for (const auto& row : rows) {
    for (std::size_t k = 0; k < pick.size(); ++k) {
      if (k) buffer += '\t';
      appendCopyField(buffer, row[pick[k]]);
    }
    buffer += '\n';
    if (buffer.size() >= kChunk) {
      sent = PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) == 1;
      buffer.clear();
      if (!sent) break;
    }
  }
  if (sent && !buffer.empty())
    sent = PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) == 1;
  // Ending it (with an error message when a piece could not be sent) makes the server answer.
  PQputCopyEnd(conn, sent ? nullptr : "tdr: the rows could not be sent");
  PGresult* result = PQgetResult(conn);
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  // Drain what is left so that the connection is ready for the next statement.
  if (ok) PQclear(result);
  for (PGresult* more; (more = PQgetResult(conn)) != nullptr;) PQclear(more);
  if (!ok) fail(conn, result);
}

}  // namespace tdr::host
