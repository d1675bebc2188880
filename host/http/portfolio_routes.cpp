// A teacher's portfolio (成长档案): the teacher's record and every plugin section the caller may
// read, declared sections rendered with their labels, formatted values and choice labels.
#include <Poco/Net/HTTPServerResponse.h>

#include <iostream>
#include <sstream>

#include "app/runtime.h"
#include "http/api_call.h"
#include "http/api_routes.h"
#include "http/openapi_schema.h"
#include "records/field_codec.h"
#include "records/record_service.h"
#include "records/record_store.h"
#include "util/errors.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

using namespace openapi;

void fieldHead(JsonWriter& w, const Field& f) {
  w.field("name", f.name()).field("label", tr(f.label(), f.name()));
  w.field("type", std::string(fieldTypeName(f.type())));
}

// A declared section: facts as label and text, the table as labelled columns and text cells.
void declaredSection(JsonWriter& w, const PortfolioDecl& decl, const PortfolioData& data,
                     FieldCodec& codec) {
  w.key("facts").beginArray();
  for (const auto& f : decl.facts) {
    w.beginObject();
    fieldHead(w, f);
    w.field("value", codec.display(f, data.facts)).endObject();
  }
  w.endArray();
  if (!decl.progress.empty()) {
    w.key("progress").beginArray();
    for (const auto& name : decl.progress) w.value(name);
    w.endArray();
  }
  if (decl.columns.empty()) return;
  w.key("table").beginObject().field("title", decl.tableTitle).key("columns").beginArray();
  for (const auto& f : decl.columns) {
    w.beginObject();
    fieldHead(w, f);
    w.endObject();
  }
  w.endArray().key("rows").beginArray();
  for (const auto& row : data.rows) {
    if (row.size() != decl.columns.size())
      throw std::runtime_error("a row has " + std::to_string(row.size()) + " values for " +
                               std::to_string(decl.columns.size()) + " columns");
    Record rec;
    for (std::size_t i = 0; i < row.size(); ++i) rec.set(decl.columns[i].name(), row[i]);
    w.beginArray();
    for (const auto& f : decl.columns) w.value(codec.display(f, rec));
    w.endArray();
  }
  w.endArray().endObject();
}

// SDK 2.0's free-form section: its JSON as the plugin wrote it.
void legacySection(JsonWriter& w, const JsonPtr& json) {
  w.key("data");
  if (!json) {
    w.null();
    return;
  }
  std::ostringstream os;
  json->stringify(os);
  w.json(os.str());
}

void getPortfolio(ApiCall& c) {
  HostContext& ctx = c.context();
  const std::string& staffNo = c.path.at("staff_no");
  const RecordTypeEntry& teachers = c.registry().requireRecordType("core.teachers");
  RecordService service(ctx, c.registry(), teachers, c.services.runtime.nationalIdKey(), c.cache);
  RecordStore store(c.s(), teachers, c.cache);
  Record probe;
  probe.set("staff_no", Value{staffNo});
  auto teacher = store.findByNaturalKey(probe);
  bool own = ctx.user().scope == RoleScope::kOwnRecords;
  if (!teacher || (own && ctx.user().login != staffNo))
    throw notFound(
        tr("没有工号为 '" + staffNo + "' 的教师", "no teacher with staff_no '" + staffNo + "'"));
  std::string teacherJson = service.get(teacher->id());  // capability and school checks
  c.auditDisclosure(service.sensitiveRead());
  ReferenceResolver refs(c.s(), c.registry(), c.cache);
  FieldCodec codec(refs, c.services.runtime.nationalIdKey());
  JsonWriter w;
  w.beginObject().key("teacher").trusted(teacherJson).key("sections").beginArray();
  for (const auto& [plugin, section] : c.registry().portfolio()) {
    if (!ctx.can(section.capability)) continue;
    // Rendered apart, so that a failing section leaves the others whole.
    JsonWriter part;
    try {
      part.beginObject()
          .field("plugin", plugin)
          .field("plugin_title", c.registry().pluginTitle(plugin));
      part.field("name", section.name).field("title", section.title);
      const PortfolioDecl& decl = section;
      if (decl.legacy) {
        legacySection(part,
                      ctx.asPlugin(plugin, "", [&] { return decl.legacy(ctx, teacher->id()); }));
      } else {
        PortfolioData data = ctx.asPlugin(plugin, "", [&] { return decl.fn(ctx, teacher->id()); });
        declaredSection(part, decl, data, codec);
      }
      w.trusted(part.endObject().take());
    } catch (const std::exception& e) {
      std::cerr << "tdr: request " << c.requestId << ": portfolio section " << plugin << "."
                << section.name << " failed: " << e.what() << "\n";
      w.beginObject().field("plugin", plugin).field("name", section.name);
      w.field("title", section.title)
          .field("error", tr("这一部分暂时无法显示（请求 " + c.requestId + "）",
                             "this section is unavailable (request " + c.requestId + ")"))
          .endObject();
    }
  }
  sendJson(c.resp, 200, w.endArray().endObject().str());
}

Obj portfolioDoc(const RouteDocArgs&) {
  Obj op = operation("portfolio",
                     "A teacher's portfolio: the teacher and every section the caller may read "
                     "(declared sections: facts and a table with labels and display text)",
                     "teachers", response("ok", anyObject()));
  Arr ps = arr();
  ps->add(param("staff_no", "path", typed("string"), true));
  op->set("parameters", ps);
  return op;
}

}  // namespace

std::vector<Route> portfolioRoutes() {
  return {{"GET", "/api/v1/teachers/{staff_no}/portfolio", true, true, RouteFamily::kFixed,
           "declared", getPortfolio, portfolioDoc}};
}

}  // namespace tdr::host
