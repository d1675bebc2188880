// Records of every declared type: list, create, read, change, delete, import (as a job) and
// export (streamed).
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <ostream>
#include <streambuf>

#include "app/runtime.h"
#include "audit/audit_writer.h"
#include "audit/sensitive_reads.h"
#include "http/api_call.h"
#include "http/api_routes.h"
#include "http/import_jobs.h"
#include "http/openapi_schema.h"
#include "http/response_headers.h"
#include "io/exporter.h"
#include "records/record_scope.h"
#include "records/record_service.h"
#include "util/errors.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

using namespace openapi;

RecordService serviceFor(ApiCall& c) {
  return RecordService(c.context(), c.registry(), c.recordType(),
                       c.services.runtime.nationalIdKey(), c.cache);
}

// {"$ref"} to the schema of the route's record type.
Obj recordRef(const RouteDocArgs& a) {
  return openapi::ref("#/components/schemas/" + a.recordType->qualifiedName);
}

Obj withIdParameter(Obj op) {
  Arr ps = arr();
  ps->add(param("id", "path", typed("integer"), true));
  op->set("parameters", ps);
  return op;
}

void listRecords(ApiCall& c) {
  RecordService service = serviceFor(c);
  ListQuery q;
  for (const auto& [k, v] : c.query) {
    if (k == "page") {
      q.page = positiveInteger(v, "page", 400);
    } else if (k == "page_size") {
      q.pageSize = positiveInteger(v, "page_size", 400);
    } else if (k == "sort") {
      q.descending = !v.empty() && v[0] == '-';
      q.sort = q.descending ? v.substr(1) : v;
    } else if (k == "q") {
      q.search = v;
    } else {
      q.filters.emplace_back(k, v);
    }
  }
  std::string json = service.list(q);
  c.auditDisclosure(service.sensitiveRead());
  sendJson(c.resp, 200, json);
}

Obj listDoc(const RouteDocArgs& a) {
  const RecordTypeEntry& e = *a.recordType;
  Obj page = typed("object");
  Obj pp = obj();
  Obj items = typed("array");
  items->set("items", recordRef(a));
  pp->set("items", items);
  pp->set("page", typed("integer"));
  pp->set("page_size", typed("integer"));
  pp->set("total", typed("integer"));
  page->set("properties", pp);
  Obj list = operation(opId("list", e.qualifiedName), "List " + e.type.label, e.qualifiedName,
                       response("a page", page));
  Arr ps = arr();
  ps->add(param("page", "query", typed("integer"), false));
  Obj size = typed("integer");
  size->set("maximum", 500);
  ps->add(param("page_size", "query", size, false));
  ps->add(param("sort", "query", typed("string"), false, "field, or -field"));
  ps->add(param("q", "query", typed("string"), false, "search the natural key and name"));
  for (const auto& f : e.type.fields)
    if (f.sensitiveCapability().empty())
      ps->add(param(f.name(), "query", typed("string"), false, "equals"));
  list->set("parameters", ps);
  return list;
}

void createRecord(ApiCall& c) {
  RecordService service = serviceFor(c);
  sendJson(c.resp, 201, service.create(c.jsonBody()));
}

Obj createDoc(const RouteDocArgs& a) {
  const std::string& q = a.recordType->qualifiedName;
  Obj create = operation(opId("create", q), "Create", q, response("created", recordRef(a)), "201");
  create->set("requestBody", jsonBody(recordRef(a)));
  return create;
}

long long recordId(ApiCall& c) {
  return positiveInteger(c.path.at("id"), c.recordType().qualifiedName + " id", 404);
}

void getRecord(ApiCall& c) {
  RecordService service = serviceFor(c);
  std::string json = service.get(recordId(c));
  c.auditDisclosure(service.sensitiveRead());
  sendJson(c.resp, 200, json);
}

Obj getDoc(const RouteDocArgs& a) {
  const std::string& q = a.recordType->qualifiedName;
  return withIdParameter(
      operation(opId("get", q), "Read one", q, response("the record", recordRef(a))));
}

void updateRecord(ApiCall& c) {
  RecordService service = serviceFor(c);
  long long id = recordId(c);
  sendJson(c.resp, 200, service.update(id, c.jsonBody()));
}

Obj updateDoc(const RouteDocArgs& a) {
  const std::string& q = a.recordType->qualifiedName;
  Obj update = operation(opId("update", q), "Change the fields given", q,
                         response("the record", recordRef(a)));
  update->set("requestBody", jsonBody(anyObject()));
  return withIdParameter(update);
}

void deleteRecord(ApiCall& c) {
  RecordService service = serviceFor(c);
  service.remove(recordId(c));
  setStatus(c.resp, 204);
  c.resp.setContentLength(0);
  c.resp.send();
}

Obj deleteDoc(const RouteDocArgs& a) {
  const std::string& q = a.recordType->qualifiedName;
  return withIdParameter(operation(opId("delete", q), "Delete", q, response("deleted"), "204"));
}

void importRecords(ApiCall& c) {
  const RecordTypeEntry& entry = c.recordType();
  bool dryRun = false, partial = false;
  std::string fileName;
  for (const auto& [k, v] : c.query) {
    if (k == "dry_run") {
      dryRun = boolParam(k, v);
    } else if (k == "partial") {
      partial = boolParam(k, v);
    } else if (k == "file_name") {
      if (v.size() > 255)
        throw HttpError(400, "bad_request",
                        tr("文件名过长（最多 255 字节）", "file_name is longer than 255 bytes"),
                        {{"file_name", tr("过长", "too long"), 0}});
      fileName = v;  // the user's own name for the file, for messages
    } else {
      unknownParameter(k);
    }
  }
  {
    RecordScope scope(c.s(), c.registry(), entry, c.context().user());
    if (!c.context().can(scope.writeCapability()))
      throw forbidden(tr("导入" + entry.type.label + "需要权限 " + scope.writeCapability(),
                         "importing " + entry.qualifiedName + " needs capability '" +
                             scope.writeCapability() + "'"));
    if (std::string why = scope.unwritableReason(); !why.empty()) throw forbidden(why);
  }
  std::string body = readBody(c.req, c.services.limits.maxImportBytes);
  if (body.empty())
    throw HttpError(
        400, "bad_request",
        tr("请求体必须是要导入的 CSV 或 XLSX 文件", "the body must be the CSV or XLSX file"));
  long long job =
      c.services.jobs.submit(c.s(), *c.user, entry.qualifiedName, body, fileName, dryRun, partial);
  const std::string url = "/api/v1/jobs/" + std::to_string(job);
  c.resp.set("Location", url);
  JsonWriter w;
  w.beginObject().key("job").beginObject().field("id", static_cast<std::int64_t>(job));
  w.field("status", "queued").field("url", url).endObject();
  sendJson(c.resp, 202, w.endObject().str());
}

Obj importDoc(const RouteDocArgs& a) {
  const std::string& q = a.recordType->qualifiedName;
  Obj import = operation(opId("import", q), "Import a CSV or XLSX file (as a job)", q,
                         response("the job", anyObject()), "202");
  Obj body = obj();
  Obj content = obj();
  for (const char* media :
       {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}) {
    Obj m = obj();
    Obj binary = typed("string");
    binary->set("format", "binary");
    m->set("schema", binary);
    content->set(media, m);
  }
  body->set("content", content);
  body->set("required", true);
  import->set("requestBody", body);
  Arr ps = arr();
  ps->add(param("dry_run", "query", typed("boolean"), false));
  ps->add(param("partial", "query", typed("boolean"), false));
  ps->add(param("file_name", "query", typed("string"), false, "the user's name of the file"));
  import->set("parameters", ps);
  return import;
}

// Writes to the response only once something is written, so that errors found before the
// first byte (bad filters, missing capability) still get their status.
class LazyResponseBuf : public std::streambuf {
 public:
  explicit LazyResponseBuf(Poco::Net::HTTPServerResponse& resp) : resp_(resp) {}

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return 0;
    char ch = static_cast<char>(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (!out_) out_ = &resp_.send();
    out_->write(s, n);
    return *out_ ? n : 0;
  }
  int sync() override { return out_ && !out_->flush() ? -1 : 0; }

 private:
  Poco::Net::HTTPServerResponse& resp_;
  std::ostream* out_ = nullptr;
};

void exportRecords(ApiCall& c) {
  const RecordTypeEntry& entry = c.recordType();
  ExportOptions o;
  o.nationalIdKey = c.services.runtime.nationalIdKey();
  for (const auto& [k, v] : c.query) {
    if (k == "format") {
      if (v != "csv" && v != "json" && v != "xlsx")
        throw HttpError(400, "bad_request",
                        tr("format 只能是 csv、json 或 xlsx", "format must be csv, json or xlsx"),
                        {{"format", tr("不认识的格式", "unknown"), 0}});
      o.format = TableWriter::parseFormat(v, "format");
    } else {
      o.where.emplace_back(k, v);
    }
  }
  bool csv = o.format == TableWriter::Format::kCsv;
  c.resp.setContentType(csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
  c.resp.set("Content-Disposition",
             "attachment; filename=\"" + entry.qualifiedName + (csv ? ".csv\"" : ".json\""));
  c.resp.setChunkedTransferEncoding(true);
  SensitiveRead disclosed;
  o.disclosed = &disclosed;
  LazyResponseBuf buf(c.resp);
  std::ostream out(&buf);
  host::exportRecords(c.context(), c.registry(), entry, out, o);
  out.flush();
  if (!disclosed.empty()) {  // streamed: recorded as soon as the last row is out
    c.snapshot.reset();
    c.services.audit.append(sensitiveReadEntry(c.user->login, "export", disclosed), true);
  }
}

Obj exportDoc(const RouteDocArgs& a) {
  const std::string& q = a.recordType->qualifiedName;
  Obj op = operation(opId("export", q), "Export as CSV, JSON or XLSX", q,
                     response("the file", typed("string"), "text/csv"));
  Arr ps = arr();
  Obj format = typed("string");
  Arr formats = arr();
  for (const char* f : {"csv", "json", "xlsx"}) formats->add(f);
  format->set("enum", formats);
  ps->add(param("format", "query", format, false));
  op->set("parameters", ps);
  return op;
}

}  // namespace

std::vector<Route> recordRoutes() {
  const auto type = RouteFamily::kRecordType;
  const char* any = "declared";
  return {
      {"POST", "/api/v1/{plugin}/{record}/import", true, true, type, any, importRecords, importDoc},
      {"GET", "/api/v1/{plugin}/{record}/export", true, true, type, any, exportRecords, exportDoc},
      {"GET", "/api/v1/{plugin}/{record}", true, true, type, any, listRecords, listDoc},
      {"POST", "/api/v1/{plugin}/{record}", true, true, type, any, createRecord, createDoc},
      {"GET", "/api/v1/{plugin}/{record}/{id}", true, true, type, any, getRecord, getDoc},
      {"PUT", "/api/v1/{plugin}/{record}/{id}", true, true, type, any, updateRecord, updateDoc},
      {"DELETE", "/api/v1/{plugin}/{record}/{id}", true, true, type, any, deleteRecord, deleteDoc},
  };
}

}  // namespace tdr::host
