// What plugins declared to run: reports, actions, and record actions on one record or many.
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <sstream>

#include "db/transaction.h"
#include "http/api_call.h"
#include "http/api_routes.h"
#include "http/openapi_schema.h"
#include "io/table_writer.h"
#include "plugins/invocation.h"
#include "util/errors.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

using namespace openapi;

std::string stringified(const JsonPtr& json) {
  std::ostringstream os;
  if (json)
    json->stringify(os);
  else
    os << "null";
  return os.str();
}

void getReport(ApiCall& c) {
  const std::string name = c.path.at("plugin") + "." + c.path.at("report");
  Invocation run(c.context());
  const ReportDecl& report = run.report(name);
  Params params;
  std::string format = "json";
  for (const auto& [k, v] : c.query) (k == "format" ? format : params[k]) = v;
  if (format != "json" && format != "csv" && format != "xlsx")
    throw HttpError(400, "bad_request",
                    tr("format 只能是 json、csv 或 xlsx", "format must be json, csv or xlsx"),
                    {{"format", tr("未知格式", "unknown"), 0}});
  ReportTable table = run.runReport(name, params);
  if (format == "json") {
    sendJson(c.resp, 200, run.reportJson(report, table));
    return;
  }
  std::ostringstream os;
  bool csv = format == "csv";
  run.writeReport(os, csv ? TableWriter::Format::kCsv : TableWriter::Format::kXlsx, report, table);
  c.resp.setContentType(csv ? "text/csv; charset=utf-8"
                            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  c.resp.set("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"");
  c.resp.sendBuffer(os.str().data(), os.str().size());
}

// {"count": n}: the rows of the indicator's report that it counts.
void getIndicator(ApiCall& c) {
  long long n = Invocation(c.context()).countIndicator(c.path.at("plugin"), c.path.at("indicator"));
  JsonWriter w;
  sendJson(c.resp, 200,
           w.beginObject().field("count", static_cast<std::int64_t>(n)).endObject().take());
}

Obj indicatorDoc(const RouteDocArgs&) {
  Obj result = typed("object");
  Obj props = obj();
  props->set("count", typed("integer"));
  result->set("properties", props);
  Obj op = operation("get_indicator", "首页指标", "system", response("the count", result));
  op->set("description",
          "how many rows of the indicator's report need attention (GET /api/v1/me lists the "
          "indicators the user may see); the report's capability applies");
  Arr params = arr();
  params->add(param("plugin", "path", typed("string"), true));
  params->add(param("indicator", "path", typed("string"), true));
  op->set("parameters", params);
  return op;
}

// The JSON answer: column keys, labels and types, and rows in column order.
Obj reportDoc(const RouteDocArgs& a) {
  const ReportDecl& r = *a.report;
  Obj row = typed("array");
  Obj cell = obj();
  std::string described;
  for (const auto& col : r.columns)
    described += (described.empty() ? "" : ", ") + col.key + " (" + col.label + ", " +
                 fieldTypeName(col.type) + ")";
  cell->set("description", "cells in column order: " + described);
  row->set("items", cell);
  Obj rowsSchema = typed("array");
  rowsSchema->set("items", row);
  Obj keys = typed("array");
  Obj keyItems = typed("string");
  Arr keyEnum = arr();
  for (const auto& col : r.columns) keyEnum->add(col.key);
  keyItems->set("enum", keyEnum);
  keys->set("items", keyItems);
  Obj result = typed("object");
  Obj props = obj();
  props->set("title", typed("string"));
  props->set("columns", keys);
  Obj strings = typed("array");
  strings->set("items", typed("string"));
  props->set("labels", strings);
  props->set("types", strings);
  props->set("rows", rowsSchema);
  result->set("properties", props);
  Obj op = operation(opId("report", a.name), r.title, a.name.substr(0, a.name.find('.')),
                     response("columns and rows", result));
  if (!r.description.empty()) op->set("description", r.description);
  Obj format = typed("string");
  Arr formats = arr();
  for (const char* f : {"json", "csv", "xlsx"}) formats->add(f);
  format->set("enum", formats);
  Arr params = arr();
  params->add(param("format", "query", format, false));
  for (const auto& f : r.params)
    params->add(param(f.name(), "query", fieldSchema(f), f.isRequired() && f.defaultText().empty(),
                      f.label()));
  op->set("parameters", params);
  return op;
}

void postAction(ApiCall& c) {
  const std::string name = c.path.at("plugin") + "." + c.path.at("action");
  Invocation run(c.context());
  run.userAction(name);
  JsonPtr params = c.jsonBody();
  WriteTransaction tx(c.s());
  JsonPtr result = run.runAction(name, params);
  tx.commit();
  sendJson(c.resp, 200, stringified(result));
}

Obj actionDoc(const RouteDocArgs& a) {
  Obj op = operation(opId("action", a.name), a.action->title, a.name.substr(0, a.name.find('.')),
                     response("the result", anyObject()));
  if (!a.action->description.empty()) op->set("description", a.action->description);
  op->set("requestBody", jsonBody(paramsObject(a.action->params)));
  return op;
}

// {"ids": [...], "partial": bool, ...params} of a bulk record action.
std::vector<long long> bulkIds(JsonPtr& params, bool& partial) {
  std::vector<long long> ids;
  auto list = params->getArray("ids");
  if (!params->has("ids") || !list)
    throw validationError(tr("请在 ids 中给出记录编号", "give the record ids in \"ids\""),
                          {{"ids", tr("必须是编号数组", "must be an array of ids"), 0}});
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& v = list->get(static_cast<unsigned>(i));
    if (!v.isInteger())
      throw validationError(tr("ids 只能包含编号", "ids must hold record ids"),
                            {{"ids",
                              tr("第 " + std::to_string(i + 1) + " 项不是编号",
                                 "item " + std::to_string(i + 1) + " is not an id"),
                              0}});
    ids.push_back(v.convert<long long>());
  }
  if (params->has("partial")) {
    const auto& v = params->get("partial");
    if (!v.isBoolean())
      throw validationError(tr("partial 必须是 true 或 false", "partial must be true or false"),
                            {{"partial", tr("不是布尔值", "not a boolean"), 0}});
    partial = v.extract<bool>();
    params->remove("partial");
  }
  return ids;
}

// One record (/{plugin}/{record}/{id}/actions/{action}) or many (/{plugin}/{record}/actions/
// {action} with ids): all-or-nothing unless partial.
void postRecordAction(ApiCall& c) {
  const RecordTypeEntry& entry = c.recordType();
  JsonPtr params = c.jsonBody();
  const bool one = c.path.count("id") != 0;
  bool partial = false;
  std::vector<long long> ids = one ? std::vector<long long>{positiveInteger(
                                         c.path.at("id"), entry.qualifiedName + " id", 404)}
                                   : bulkIds(params, partial);
  WriteTransaction tx(c.s());
  JsonPtr result =
      Invocation(c.context()).runRecordAction(entry, c.path.at("action"), ids, params, partial);
  tx.commit();
  if (one) result = result->getArray("results")->getObject(0)->getObject("result");
  sendJson(c.resp, 200, stringified(result));
}

Obj recordActionDoc(const RouteDocArgs& a) {
  const RecordActionDecl& ra = *a.recordAction;
  const std::string qualified = ra.plugin + "." + ra.recordType + "." + ra.name;
  Obj op = operation(opId("record_action", qualified), ra.title, ra.plugin,
                     response("the result", anyObject()));
  if (!ra.description.empty()) op->set("description", ra.description);
  Arr idParam = arr();
  idParam->add(param("id", "path", typed("integer"), true));
  op->set("parameters", idParam);
  op->set("requestBody", jsonBody(paramsObject(ra.params)));
  return op;
}

Obj bulkRecordActionDoc(const RouteDocArgs& a) {
  const RecordActionDecl& ra = *a.recordAction;
  const std::string qualified = ra.plugin + "." + ra.recordType + "." + ra.name;
  Obj extra = obj();
  Obj ids = typed("array");
  ids->set("items", typed("integer"));
  ids->set("maxItems", 1000);
  extra->set("ids", ids);
  extra->set("partial", typed("boolean"));
  Obj body = paramsObject(ra.params, extra);
  Arr required = body->has("required") ? body->getArray("required") : arr();
  required->add("ids");
  body->set("required", required);
  Obj op = operation(opId("record_action_bulk", qualified), ra.title + " (bulk)", ra.plugin,
                     response("per-id results", anyObject()));
  op->set("requestBody", jsonBody(body));
  return op;
}

}  // namespace

std::vector<Route> pluginRoutes() {
  return {
      {"GET", "/api/v1/{plugin}/reports/{report}", true, true, RouteFamily::kReport, "declared",
       getReport, reportDoc},
      {"GET", "/api/v1/{plugin}/indicators/{indicator}", true, true, RouteFamily::kFixed,
       "declared", getIndicator, indicatorDoc},
      {"POST", "/api/v1/{plugin}/actions/{action}", true, true, RouteFamily::kAction, "declared",
       postAction, actionDoc},
      {"POST", "/api/v1/{plugin}/{record}/{id}/actions/{action}", true, true,
       RouteFamily::kRecordAction, "declared", postRecordAction, recordActionDoc},
      {"POST", "/api/v1/{plugin}/{record}/actions/{action}", true, true, RouteFamily::kRecordAction,
       "declared", postRecordAction, bulkRecordActionDoc},
  };
}

}  // namespace tdr::host
