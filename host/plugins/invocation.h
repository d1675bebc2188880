#pragma once

#include <tdr/json.h>
#include <tdr/registrar.h>

#include <ostream>
#include <string>
#include <vector>

#include "io/table_writer.h"
#include "registry/registry.h"

namespace tdr::host {

class HostContext;

/// One service for what a user asks plugins to do, whether over HTTP or the command line:
/// the declaration is looked up, plugins-only actions are refused, the capability and the
/// parameters are checked, the plugin runs, and actions are audited. The caller owns the
/// transaction (an action's writes commit with its audit entry or not at all).
class Invocation {
 public:
  explicit Invocation(HostContext& ctx);

  /// The action `plugin.name` a user may ask for; not_found for unknown and plugins-only ones.
  const ActionDecl& userAction(const std::string& name) const;
  JsonPtr runAction(const std::string& name, const JsonPtr& params);

  const ReportDecl& report(const std::string& name) const;
  /// Runs a report; its columns are checked against the declaration.
  ReportTable runReport(const std::string& name, const Params& params);
  /// Writes a report's rows with the declared labels as header and typed cells (money in yuan
  /// and hours as numbers).
  void writeReport(std::ostream& out, TableWriter::Format format, const ReportDecl& decl,
                   const ReportTable& table) const;
  /// The figure of home-screen indicator `plugin.name`: the rows of its report (with its
  /// parameters) that it counts. not_found for an unknown one, forbidden like its report.
  long long countIndicator(const std::string& plugin, const std::string& name);
  /// The report as JSON: {"columns": [keys], "labels": [...], "types": [...], "rows": [...]}.
  std::string reportJson(const ReportDecl& decl, const ReportTable& table) const;

  /// Runs record action `name` of `type` on each of `ids` (one id: a single call). All or
  /// nothing unless `partial`, when each id succeeds or fails alone. Returns
  /// {"results": [{"id", "ok", "result" | "error"}], "done": n, "failed": n}; without
  /// `partial` a failure throws the first error with every failed id in its details.
  JsonPtr runRecordAction(const RecordTypeEntry& type, const std::string& name,
                          const std::vector<long long>& ids, const JsonPtr& params, bool partial);

 private:
  HostContext& ctx_;
};

/// A value of a report cell as text for files: money in yuan, hours with one decimal.
std::string cellText(const Value& v, FieldType type);

}  // namespace tdr::host
