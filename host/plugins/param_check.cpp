#include "plugins/param_check.h"

#include <tdr/error.h>
#include <tdr/params.h>

#include "plugins/host_context.h"
#include "records/field_codec.h"
#include "util/text.h"

namespace tdr::host {

Params checkParams(HostContext& ctx, const std::vector<Field>& declared, const Params& given) {
  std::vector<FieldError> errors;
  Params out;
  for (const auto& [name, value] : given) {
    bool known = false;
    for (const auto& f : declared) known = known || f.name() == name;
    if (!known) {
      std::string names;
      for (const auto& f : declared)
        names += (names.empty() ? "" : ", ") + f.name() + "（" + f.label() + "）";
      errors.push_back({name,
                        "'" + name + "' " + tr("不是已声明的参数", "is not a declared parameter") +
                            (names.empty() ? tr("（本项没有参数）", " (none are declared)")
                                           : tr("；可用：", "; known: ") + names),
                        0});
    }
  }
  ReferenceResolver refs(ctx.db(), ctx.registry());
  FieldCodec codec(refs, ctx.nationalIdKey());
  for (const auto& f : declared) {
    auto it = given.find(f.name());
    std::string value = it == given.end() ? std::string() : trimCell(it->second);
    if (value.empty()) value = f.defaultText();
    if (value.empty()) {
      if (f.isRequired())
        errors.push_back({f.name(), f.label() + tr("：必填", ": is required"), 0});
      continue;
    }
    Record probe;
    std::string why = codec.parse(f, value, probe);
    if (!why.empty()) {
      errors.push_back({f.name(), f.label() + tr("：", ": ") + why, 0});
      continue;
    }
    // Canonical text for the plugin: choice codes (not labels), YYYY-MM-DD, true/false.
    const Value& v = probe.get(f.name());
    if (f.type() == FieldType::kChoice || f.type() == FieldType::kDate)
      value = toText(v);
    else if (f.type() == FieldType::kBoolean)
      value = std::get<long long>(v) ? "true" : "false";
    out[f.name()] = value;
  }
  if (!errors.empty())
    throw validationError(tr("参数不对：", "bad parameters: ") + errors.front().reason, errors);
  return out;
}

JsonPtr checkActionParams(HostContext& ctx, const std::vector<Field>& declared,
                          const JsonPtr& given, const char* extra) {
  JsonPtr in = given ? given : JsonPtr(new Json);
  JsonPtr copy(new Json);
  for (const auto& [k, v] : *in)
    if (!extra || k != extra) copy->set(k, v);
  Params checked = checkParams(ctx, declared, actionParams(copy));
  JsonPtr out(new Json(*copy));  // without `extra`: the plugin sees its own parameters only
  for (const auto& [k, v] : checked)
    if (!copy->has(k) || copy->get(k).isEmpty()) out->set(k, v);
  return out;
}

}  // namespace tdr::host
