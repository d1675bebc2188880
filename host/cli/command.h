#pragma once

#include <set>
#include <string>
#include <vector>

#include "app/runtime.h"
#include "cli/args.h"

namespace tdr::host {

/// The options every command shares (`--db`, `--plugins`).
struct Globals {
  std::string db;
  std::string plugins;
};

/// One command of `tdr`: its name, the options and flags it takes, what runs it, and its
/// lines of the usage in both languages (aligned like the rest of the usage text).
struct Command {
  const char* name;
  std::set<std::string> options;  ///< --name VALUE (may repeat)
  std::set<std::string> flags;    ///< --name
  int (*run)(const Globals&, const Args&);
  const char* usageEn;
  const char* usageZh;
};

// The commands by group, one file each (cli/*_commands.cpp); cli.cpp lists them in this order.
std::vector<Command> databaseCommands();  ///< init, migrate, plugins, demo, copy, backup, restore
std::vector<Command> recordCommands();    ///< import, export
std::vector<Command> pluginCommands();    ///< report, run, openapi
std::vector<Command> userCommands();      ///< roles, user, audit
std::vector<Command> serveCommands();     ///< serve

/// The runtime options of the database and plugins `g` names.
RuntimeOptions runtimeOptions(const Globals& g, bool create, bool apply = true);

/// A warning on stderr for every plugin the host refused, with the reason.
void warnRefused(PluginHost& plugins);

struct ImportReport;
struct RecordTypeEntry;

/// An import's report on stdout/stderr as people read it: counts, then each problem as
/// "第 3 行 培训类别：'x' 不是可选值（…）" (or in English).
void printImportReport(const ImportReport& r, const RecordTypeEntry& type, bool dryRun,
                       bool partial);

}  // namespace tdr::host
