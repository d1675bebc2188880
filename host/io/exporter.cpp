#include "io/exporter.h"

#include <tdr/context.h>
#include <tdr/error.h>

#include "records/field_codec.h"
#include "records/record_scope.h"
#include "records/record_store.h"
#include "util/text.h"

namespace tdr::host {

long long exportRecords(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                        std::ostream& out, const ExportOptions& options) {
  const RecordType& t = type.type;
  RecordStore store(ctx.db(), type);
  ReferenceResolver refs(ctx.db(), registry);
  FieldCodec codec(refs, options.nationalIdKey);

  // The same checks as a list: capability, scope, and no filter on a field the user may not see.
  RecordScope scope(ctx.db(), registry, type, ctx.user());
  const std::string& readCapability = scope.readCapability();
  if (!ctx.can(readCapability))
    throw forbidden(
        tr("导出" + t.label + "需要权限 " + readCapability,
           "exporting " + type.qualifiedName + " needs capability '" + readCapability + "'"));
  if (std::string why = scope.hiddenReason(); !why.empty()) throw forbidden(why);
  std::vector<RecordStore::Filter> where;
  for (const auto& [name, text] : options.where) {
    const Field* f = t.field(name);
    if (!f)
      throw validationError(tr(t.label + "没有字段 '" + name + "'",
                               type.qualifiedName + " has no field '" + name + "'"),
                            {{name, tr("不是字段", "is not a field"), 0}});
    if (!f->sensitiveCapability().empty() && !ctx.can(f->sensitiveCapability()))
      throw forbidden(
          tr("按" + f->label() + "筛选需要权限 " + f->sensitiveCapability(),
             "filtering on " + name + " needs capability '" + f->sensitiveCapability() + "'"));
    Record probe;
    std::string why = codec.parse(*f, trimCell(text), probe);
    if (!why.empty()) throw validationError("--where " + name + ": " + why, {{name, why, 0}});
    const auto& columns = store.columns();
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c].key == f->name()) where.push_back({c, probe.get(f->name())});
  }

  if (options.disclosed) {
    options.disclosed->recordType = type.qualifiedName;
    options.disclosed->query = options.where;
  }
  long long total = options.progress ? store.count() : 0;
  std::vector<std::string> header;
  std::vector<bool> numeric;
  for (const auto& f : t.fields) {
    header.push_back(f.name());
    numeric.push_back(f.type() == FieldType::kInteger || f.type() == FieldType::kMoney ||
                      f.type() == FieldType::kHoursX10);
  }
  TableWriter writer(out, options.format, header, options.format == TableWriter::Format::kCsv,
                     type.qualifiedName);
  store.scan(where, scope.condition("scope"), scope.parameter());
  std::vector<bool> hidden;  // sensitive fields the user may not see are left empty
  for (const auto& f : t.fields)
    hidden.push_back(!f.sensitiveCapability().empty() && !ctx.can(f.sensitiveCapability()));
  long long n = 0;
  std::vector<std::string> cells(t.fields.size());
  while (auto rec = store.nextScanned()) {
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      cells[i] = hidden[i] ? std::string() : codec.format(t.fields[i], *rec);
      if (options.disclosed && !hidden[i] && !cells[i].empty() &&
          !t.fields[i].sensitiveCapability().empty())
        options.disclosed->add(rec->id(), t.fields[i].name());
    }
    writer.row(cells, numeric);
    ++n;
    if (options.progress && (n & 0x3FF) == 0 && total > 0)
      options.progress(static_cast<double>(n) / static_cast<double>(total), n);
  }
  writer.finish();
  if (options.progress) options.progress(1.0, n);
  return n;
}

}  // namespace tdr::host
