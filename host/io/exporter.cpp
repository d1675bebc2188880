#include "io/exporter.h"

#include <tdr/context.h>
#include <tdr/error.h>

#include "records/field_codec.h"
#include "records/record_scope.h"
#include "records/record_store.h"

namespace tdr::host {

long long exportRecords(Context& ctx, const Registry& registry, const RecordTypeEntry& type,
                        std::ostream& out, const ExportOptions& options) {
  const RecordType& t = type.type;
  RecordStore store(ctx.db(), type);
  ReferenceResolver refs(ctx.db(), registry);
  FieldCodec codec(refs, options.nationalIdKey);

  const std::string readCapability = type.plugin + ":read";
  if (!ctx.can(readCapability))
    throw forbidden("exporting " + type.qualifiedName + " needs capability '" + readCapability +
                    "'");
  std::vector<RecordStore::Filter> where;
  for (const auto& [name, text] : options.where) {
    const Field* f = t.field(name);
    if (!f)
      throw validationError("--where " + name + ": " + type.qualifiedName + " has no field '" +
                            name + "'");
    Record probe;
    std::string why = codec.parse(*f, trimCell(text), probe);
    if (!why.empty()) throw validationError("--where " + name + ": " + why, {{name, why, 0}});
    const auto& columns = store.columns();
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c].key == f->name()) where.push_back({c, probe.get(f->name())});
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
  SchoolScope scope(ctx.db(), type);
  std::optional<long long> school = scope.bound() ? ctx.user().schoolId : std::nullopt;
  store.scan(where, school ? scope.condition("scope") : std::string(), school);
  std::vector<bool> hidden;  // sensitive fields the user may not see are left empty
  for (const auto& f : t.fields)
    hidden.push_back(!f.sensitiveCapability().empty() && !ctx.can(f.sensitiveCapability()));
  long long n = 0;
  std::vector<std::string> cells(t.fields.size());
  while (auto rec = store.nextScanned()) {
    for (std::size_t i = 0; i < t.fields.size(); ++i)
      cells[i] = hidden[i] ? std::string() : codec.format(t.fields[i], *rec);
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
