#include "records/record_events.h"

#include <tdr/context.h>
#include <tdr/json.h>

namespace tdr::host {

RecordEvents::RecordEvents(const Registry& registry, const RecordTypeEntry& type)
    : type_(type),
      saved_(!registry.subscribers(type.qualifiedName + ".saved").empty()),
      deleted_(!registry.subscribers(type.qualifiedName + ".deleted").empty()) {}

void RecordEvents::saved(Context& ctx, long long id, bool created) const {
  if (!saved_) return;
  JsonPtr payload(new Json);
  payload->set("type", type_.qualifiedName);
  payload->set("id", id);
  payload->set("change", created ? "create" : "update");
  ctx.publish(type_.qualifiedName + ".saved", payload);
}

void RecordEvents::deleted(Context& ctx, long long id, const Record& before) const {
  if (!deleted_) return;
  JsonPtr payload(new Json), values(new Json);
  payload->set("type", type_.qualifiedName);
  payload->set("id", id);
  for (const auto& [k, v] : before.values()) {
    if (const auto* i = std::get_if<long long>(&v))
      values->set(k, *i);
    else if (const auto* s = std::get_if<std::string>(&v))
      values->set(k, *s);
    else
      values->set(k, Poco::Dynamic::Var());
  }
  payload->set("before", values);
  ctx.publish(type_.qualifiedName + ".deleted", payload);
}

}  // namespace tdr::host
