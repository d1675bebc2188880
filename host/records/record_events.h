#pragma once

#include <tdr/value.h>

#include <string>

#include "registry/registry.h"

namespace tdr {
class Context;
}

namespace tdr::host {

/// The events the host publishes after it writes a record, inside the write's transaction:
/// `<plugin>.<record>.saved` ({"type", "id", "change": "create"|"update"}) and
/// `<plugin>.<record>.deleted` ({"type", "id", "before": {stored values; references as ids}}).
/// Subscribers see the stored row (or, for a delete, its absence) and may refuse the write by
/// throwing; nothing is published when no plugin subscribed, so record types nobody listens to pay
/// nothing.
class RecordEvents {
 public:
  RecordEvents(const Registry& registry, const RecordTypeEntry& type);

  bool listened() const { return saved_ || deleted_; }
  bool savedListened() const { return saved_; }
  void saved(Context& ctx, long long id, bool created) const;
  void deleted(Context& ctx, long long id, const Record& before) const;

 private:
  const RecordTypeEntry& type_;
  bool saved_ = false;
  bool deleted_ = false;
};

}  // namespace tdr::host
