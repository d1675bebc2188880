#include "plugins/invocation.h"

#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/error.h>

#include <sstream>

#include "audit/audit_log.h"
#include "plugins/host_context.h"
#include "plugins/param_check.h"
#include "records/record_service.h"
#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

namespace {

std::string stringify(const JsonPtr& j) {
  if (!j) return "null";
  std::ostringstream os;
  j->stringify(os);
  return os.str();
}

// An action's audit detail: the checked parameters and the plugin's result.
std::string actionDetail(const JsonPtr& params, const JsonPtr& result) {
  JsonWriter w;
  w.beginObject().key("params").json(stringify(params)).key("result").json(stringify(result));
  return w.endObject().take();
}

bool numericType(FieldType t) {
  return t == FieldType::kInteger || t == FieldType::kMoney || t == FieldType::kHoursX10 ||
         t == FieldType::kYear;
}

// SAVEPOINT around one id of a partial bulk action: its failure undoes only its own writes.
class Savepoint {
 public:
  explicit Savepoint(soci::session& s) : s_(s) { s_ << "SAVEPOINT tdr_bulk"; }
  ~Savepoint() {
    if (open_) try {
        s_ << "ROLLBACK TO SAVEPOINT tdr_bulk";
        s_ << "RELEASE SAVEPOINT tdr_bulk";
      } catch (...) {  // the transaction itself is gone: the caller's rollback covers it
      }
  }
  void release() {
    s_ << "RELEASE SAVEPOINT tdr_bulk";
    open_ = false;
  }

 private:
  soci::session& s_;
  bool open_ = true;
};

// A cell of a column with declared choices as people read it: the label in Chinese, the code in
// English (as record fields); `v` itself for other cells.
Value labelled(const ReportDecl& decl, std::size_t column, const Value& v) {
  if (decl.choices.empty() || column >= decl.columns.size() || language() == "en") return v;
  auto it = decl.choices.find(decl.columns[column].key);
  const auto* code = std::get_if<std::string>(&v);
  if (it == decl.choices.end() || !code) return v;
  for (const auto& c : it->second)
    if (c.code == *code) return Value{c.label};
  return v;
}

}  // namespace

std::string cellText(const Value& v, FieldType type) {
  if (const auto* i = std::get_if<long long>(&v)) {
    if (type == FieldType::kMoney) return yuanText(*i);
    if (type == FieldType::kHoursX10) return formatScaledDecimal(*i, 1);
  }
  return toText(v);
}

Invocation::Invocation(HostContext& ctx) : ctx_(ctx) {}

const ActionDecl& Invocation::userAction(const std::string& name) const {
  const ActionDecl* a = ctx_.registry().action(name);
  if (!a || a->pluginsOnly)
    throw notFound(a ? tr("操作 " + name + " 只供其他插件调用",
                          "action '" + name + "' can only be called by plugins")
                     : tr("没有操作 '" + name + "'", "unknown action '" + name + "'"));
  return *a;
}

JsonPtr Invocation::runAction(const std::string& name, const JsonPtr& params) {
  const ActionDecl& a = userAction(name);
  if (!ctx_.can(a.capability))
    throw forbidden(tr("操作“" + a.title + "”需要权限 " + a.capability,
                       "action '" + name + "' needs capability '" + a.capability + "'"));
  JsonPtr checked = checkActionParams(ctx_, a.params, params);
  JsonPtr result = ctx_.asPlugin(a.plugin, "", [&] { return a.fn(ctx_, checked); });
  appendAudit(ctx_.db(), {ctx_.user().login, "action", name, 0, actionDetail(checked, result)});
  return result;
}

const ReportDecl& Invocation::report(const std::string& name) const {
  const ReportDecl* r = ctx_.registry().report(name);
  if (!r) throw notFound(tr("没有报表 '" + name + "'", "no report '" + name + "'"));
  return *r;
}

ReportTable Invocation::runReport(const std::string& name, const Params& params) {
  const ReportDecl& r = report(name);
  if (!ctx_.can(r.capability))
    throw forbidden(tr("报表“" + r.title + "”需要权限 " + r.capability,
                       "report '" + name + "' needs capability '" + r.capability + "'"));
  Params checked = checkParams(ctx_, r.params, params);
  ReportTable table = ctx_.asPlugin(r.plugin, "", [&] { return r.fn(ctx_, checked); });
  bool same = table.columns.size() == r.columns.size();
  for (std::size_t i = 0; same && i < table.columns.size(); ++i)
    same = table.columns[i] == r.columns[i].key;
  if (!same)
    throw Error(ErrorCode::kInternal,
                "report " + name + " returned columns that differ from its declaration");
  return table;
}

long long Invocation::countIndicator(const std::string& plugin, const std::string& name) {
  const IndicatorDecl* i = ctx_.registry().indicator(plugin, name);
  if (!i)
    throw notFound(
        tr("没有指标 '" + plugin + "." + name + "'", "no indicator '" + plugin + "." + name + "'"));
  const std::string report = plugin + "." + i->report;
  ReportTable table = runReport(report, i->params);
  if (i->column.empty()) return static_cast<long long>(table.rows.size());
  std::size_t col = 0;
  while (table.columns[col] != i->column) ++col;  // declared, checked at registration
  const bool boolean = this->report(report).columns[col].type == FieldType::kBoolean;
  long long n = 0;
  for (const auto& row : table.rows) {
    const auto* b = std::get_if<long long>(&row[col]);
    n += (boolean && b ? (*b ? "true" : "false") : toText(row[col])) == i->equals ? 1 : 0;
  }
  return n;
}

void Invocation::writeReport(std::ostream& out, TableWriter::Format format, const ReportDecl& decl,
                             const ReportTable& table) const {
  std::vector<std::string> header;
  std::vector<bool> numeric;
  for (const auto& c : decl.columns) {
    // Chinese readers get the labels; English ones (and JSON) the keys.
    header.push_back(format == TableWriter::Format::kJson || language() == "en" ? c.key : c.label);
    numeric.push_back(numericType(c.type));
  }
  TableWriter w(out, format, header, format == TableWriter::Format::kCsv, decl.title);
  std::vector<std::string> cells;
  std::vector<bool> isNumber;
  for (const auto& row : table.rows) {
    cells.clear();
    isNumber.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      cells.push_back(cellText(labelled(decl, i, row[i]), decl.columns[i].type));
      long long parsed = 0;
      const auto* text = std::get_if<std::string>(&row[i]);
      bool negative = text && !text->empty() && (*text)[0] == '-';
      isNumber.push_back(
          numeric[i] &&
          (std::holds_alternative<long long>(row[i]) ||
           (text && parseScaledDecimal(negative ? text->substr(1) : *text, 2, parsed))));
    }
    w.row(cells, isNumber);
  }
  w.finish();
}

std::string Invocation::reportJson(const ReportDecl& decl, const ReportTable& table) const {
  JsonWriter w;
  w.beginObject().field("title", decl.title);
  w.key("columns").beginArray();
  for (const auto& c : decl.columns) w.value(c.key);
  w.endArray().key("labels").beginArray();
  for (const auto& c : decl.columns) w.value(c.label);
  w.endArray().key("types").beginArray();
  for (const auto& c : decl.columns) w.value(fieldTypeName(c.type));
  w.endArray().key("rows").beginArray();
  // Numbers as JSON numbers in the unit people read (yuan, hours), like the CSV and XLSX.
  for (const auto& row : table.rows) {
    w.beginArray();
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Value& v = row[i];
      if (isNull(v))
        w.null();
      else if (std::holds_alternative<long long>(v))
        w.number(cellText(v, i < decl.columns.size() ? decl.columns[i].type : FieldType::kText));
      else
        w.value(std::get<std::string>(labelled(decl, i, v)));
    }
    w.endArray();
  }
  return w.endArray().endObject().take();
}

JsonPtr Invocation::runRecordAction(const RecordTypeEntry& type, const std::string& name,
                                    const std::vector<long long>& ids, const JsonPtr& params,
                                    bool partial) {
  const RecordActionDecl* a = ctx_.registry().recordAction(type.qualifiedName, name);
  if (!a)
    throw notFound(tr(type.type.label + "没有操作 '" + name + "'",
                      type.qualifiedName + " has no action '" + name + "'"));
  if (!ctx_.can(a->capability))
    throw forbidden(tr("操作“" + a->title + "”需要权限 " + a->capability,
                       "action '" + name + "' needs capability '" + a->capability + "'"));
  if (ids.empty())
    throw validationError(tr("请给出要处理的记录（ids）", "give the records to act on (ids)"),
                          {{"ids", tr("必填", "is required"), 0}});
  if (ids.size() > 1000)
    throw validationError(tr("一次最多处理 1000 条记录", "at most 1000 records at a time"),
                          {{"ids", tr("超过 1000 条", "more than 1000"), 0}});
  JsonPtr checked = checkActionParams(ctx_, a->params, params, "ids");
  RecordService service(ctx_, ctx_.registry(), type, ctx_.nationalIdKey());
  JsonPtr out(new Json);
  Poco::JSON::Array::Ptr results(new Poco::JSON::Array);
  std::vector<FieldError> failures;
  long long done = 0;
  for (long long id : ids) {
    JsonPtr entry(new Json);
    entry->set("id", id);
    std::optional<Savepoint> sp;
    if (partial) sp.emplace(ctx_.db());
    try {
      Record stored = service.load(id);
      service.requireWritable(stored);
      if (!a->states.empty()) {
        std::string state = toText(stored.get(a->stateField));
        if (std::find(a->states.begin(), a->states.end(), state) == a->states.end()) {
          const Field* f = type.type.field(a->stateField);
          std::string label = state, allowed;
          for (const auto& c : f->choices()) {
            if (c.code == state) label = c.label;
            for (const auto& st : a->states)
              if (c.code == st) allowed += (allowed.empty() ? "" : "、") + c.label;
          }
          throw conflict(tr(type.type.label + " " + std::to_string(id) + " 的" + f->label() +
                                "是“" + label + "”，“" + a->title + "”只适用于：" + allowed,
                            type.qualifiedName + " " + std::to_string(id) + " is " + state + "; '" +
                                name + "' applies only when " + a->stateField +
                                " is one of the declared states"));
        }
      }
      JsonPtr result = ctx_.asPlugin(a->plugin, "", [&] { return a->fn(ctx_, stored, checked); });
      appendAudit(ctx_.db(), {ctx_.user().login, "action:" + name, type.qualifiedName, id,
                              actionDetail(checked, result)});
      if (sp) sp->release();
      entry->set("ok", true);
      entry->set("result", result);
      ++done;
    } catch (const Error& e) {
      if (!partial && ids.size() == 1) throw;
      entry->set("ok", false);
      JsonPtr err(new Json);
      err->set("code", errorCodeName(e.code()));
      err->set("message", std::string(e.what()));
      entry->set("error", err);
      failures.push_back({std::to_string(id), e.what(), 0});
    }
    results->add(entry);
  }
  if (!failures.empty() && !partial)
    throw validationError(
        tr(std::to_string(failures.size()) + " 条记录无法处理，全部未执行",
           std::to_string(failures.size()) + " record(s) could not be processed; nothing was done"),
        failures);
  out->set("results", results);
  out->set("done", done);
  out->set("failed", static_cast<long long>(failures.size()));
  return out;
}

}  // namespace tdr::host
