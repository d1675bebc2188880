#include "plugins/plugin_host.h"

#include <soci/soci.h>
#include <tdr/error.h>
#include <tdr/version.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "db/catalog.h"
#include "db/migrator.h"
#include "db/sql_script.h"
#include "records/record_scope.h"
#include "records/record_store.h"

namespace tdr::host {

struct PluginHost::Entry {
  PluginStatus status;
  std::unique_ptr<Plugin> object;
  Declarations decl;
  const SchemaFile* schemas = nullptr;
};

std::string stateText(const PluginStatus& s) {
  switch (s.state) {
    case PluginState::kLoaded:
      return "loaded";
    case PluginState::kPending:
      return "pending: " + std::to_string(s.pendingMigrations) + " migration(s) to apply";
    case PluginState::kRefused:
      return "refused: " + s.reason;
  }
  return "";
}

namespace {

std::string oneLine(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  if (s.size() > 400) s = s.substr(0, 397) + "...";
  return s;
}

// Runs plugin code; any exception becomes a one-line reason.
template <typename Fn>
std::string guarded(Fn&& fn) {
  try {
    fn();
    return {};
  } catch (const Error& e) {
    return oneLine(e.what());
  } catch (const std::exception& e) {
    return oneLine(std::string("exception: ") + e.what());
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

PluginHost::PluginHost(soci::session& session, Dialect dialect)
    : session_(session), dialect_(dialect) {}

PluginHost::~PluginHost() = default;

void PluginHost::refuse(Entry& e, const std::string& reason) {
  e.status.state = PluginState::kRefused;
  e.status.reason = oneLine(reason);
}

void PluginHost::addBuiltIn(std::unique_ptr<Plugin> plugin, const PluginDescriptor& d) {
  auto entry = std::make_unique<Entry>();
  entry->status.file = "(built-in)";
  entry->object = std::move(plugin);
  admit(d, std::move(entry), nullptr);
}

void PluginHost::addDirectory(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw Error(ErrorCode::kNotFound, "plugin directory '" + dir + "' does not exist");
  std::vector<std::string> files;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec))
    if (f.path().extension() == ".so") files.push_back(f.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) addFile(f);
}

void PluginHost::addFile(const std::string& path) {
  auto entry = std::make_unique<Entry>();
  entry->status.file = path;
  // Stage 1: dlopen.
  auto lib = std::make_unique<boost::dll::shared_library>();
  try {
    lib->load(path, boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& ex) {
    std::string why = ex.what();
    auto pos = why.find("dlerror system message: ");
    if (pos != std::string::npos) {
      why = why.substr(pos + 24);
      auto end = why.rfind("): ");
      if (end != std::string::npos) why = why.substr(0, end);
    }
    refuse(*entry, "not a loadable shared library: " + why);
    entries_.push_back(std::move(entry));
    return;
  }
  // Stage 2: the descriptor.
  if (!lib->has("tdr_plugin_descriptor")) {
    refuse(*entry, "not a tdr plugin (no tdr_plugin_descriptor symbol)");
    libraries_.push_back(std::move(lib));
    entries_.push_back(std::move(entry));
    return;
  }
  const auto& d = lib->get_alias<const PluginDescriptor>("tdr_plugin_descriptor");
  std::function<Plugin*()> create;
  if (lib->has("tdr_plugin_create")) {
    auto& fn = lib->get_alias<PluginCreateFn>("tdr_plugin_create");
    create = [&fn] { return fn(); };
  }
  libraries_.push_back(std::move(lib));
  admit(d, std::move(entry), create);
}

void PluginHost::admit(const PluginDescriptor& d, std::unique_ptr<Entry> entry,
                       const std::function<Plugin*()>& create) {
  Entry& e = *entry;
  entries_.push_back(std::move(entry));
  if (d.magic != kPluginMagic) {
    refuse(e, "not a tdr plugin (bad descriptor magic)");
    return;
  }
  e.status.abiMajor = d.abiMajor;
  e.status.abiMinor = d.abiMinor;
  std::string built = "built for SDK " + std::to_string(d.abiMajor) + "." +
                      std::to_string(d.abiMinor) + ", host has " +
                      std::to_string(TDR_SDK_ABI_MAJOR) + "." + std::to_string(TDR_SDK_ABI_MINOR);
  if (d.abiMajor != TDR_SDK_ABI_MAJOR) {
    refuse(e, built + " (incompatible SDK major version)");
    return;
  }
  if (d.abiMinor > TDR_SDK_ABI_MINOR) {
    refuse(e, built + " (plugin needs a newer host)");
    return;
  }
  e.status.id = d.id ? d.id : "";
  e.status.version = d.version ? d.version : "";
  if (!d.buildTag || std::string(d.buildTag) != TDR_BUILD_TAG) {
    refuse(e, std::string("build differs: plugin built with '") + (d.buildTag ? d.buildTag : "") +
                  "', host with '" + TDR_BUILD_TAG + "'");
    return;
  }
  if (!isValidIdentifier(e.status.id)) {
    refuse(e, "invalid plugin id '" + e.status.id + "' (must match [a-z][a-z0-9_]{1,30})");
    return;
  }
  if (isReservedPluginId(e.status.id)) {
    refuse(e, "plugin id '" + e.status.id + "' is a word of the HTTP routes (/api/v1/" +
                  e.status.id + ")");
    return;
  }
  if (e.status.version.empty() || !versionSatisfies(e.status.version, ">=0")) {
    refuse(e, "invalid version '" + e.status.version + "' (expected digits and dots, e.g. 1.0.0)");
    return;
  }
  for (const auto& other : entries_) {
    if (other.get() != &e && other->status.state != PluginState::kRefused &&
        other->status.id == e.status.id) {
      refuse(e, "plugin id '" + e.status.id + "' is already taken by " + other->status.file);
      return;
    }
  }
  e.schemas = d.schemas;
  // Stage 3: create (built-ins arrive created) and register, with every exception caught at
  // the boundary.
  if (!e.object) {
    if (!create) {
      refuse(e, "not a tdr plugin (no tdr_plugin_create symbol)");
      return;
    }
    std::string why = guarded([&] { e.object.reset(create()); });
    if (why.empty() && !e.object) why = "tdr_plugin_create returned no plugin";
    if (!why.empty()) {
      refuse(e, "creating the plugin failed: " + why);
      return;
    }
  }
  CollectingRegistrar registrar(e.status.id);
  std::string why = guarded([&] { e.object->registerWith(registrar); });
  if (!why.empty()) {
    refuse(e, "registerWith failed: " + why);
    return;
  }
  e.decl = registrar.take();
}

void PluginHost::resolveDependencies() {
  std::map<std::string, Entry*> byId;
  for (auto& e : entries_)
    if (e->status.state != PluginState::kRefused) byId[e->status.id] = e.get();

  // Missing dependencies, version mismatches and refused dependencies, to a fixpoint.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [id, e] : byId) {
      if (e->status.state == PluginState::kRefused) continue;
      for (const auto& dep : e->decl.dependencies) {
        auto it = byId.find(dep.pluginId);
        std::string why;
        if (it == byId.end()) {
          why = "missing dependency '" + dep.pluginId + " " + dep.range + "'";
        } else if (it->second->status.state == PluginState::kRefused) {
          why = "depends on '" + dep.pluginId + "', which was refused";
        } else if (!versionSatisfies(it->second->status.version, dep.range)) {
          why = "needs '" + dep.pluginId + " " + dep.range + "' but version " +
                it->second->status.version + " is loaded";
        }
        if (!why.empty()) {
          refuse(*e, why);
          changed = true;
          break;
        }
      }
    }
  }

  // Cycles: depth-first search; every plugin on a cycle is refused with the chain.
  std::map<std::string, int> color;  // 0 new, 1 on stack, 2 done
  std::vector<std::string> stack;
  std::function<void(Entry*)> visit = [&](Entry* e) {
    color[e->status.id] = 1;
    stack.push_back(e->status.id);
    for (const auto& dep : e->decl.dependencies) {
      auto it = byId.find(dep.pluginId);
      if (it == byId.end() || it->second->status.state == PluginState::kRefused) continue;
      int c = color[dep.pluginId];
      if (c == 1) {
        auto from = std::find(stack.begin(), stack.end(), dep.pluginId);
        std::string chain;
        for (auto s = from; s != stack.end(); ++s) chain += *s + " -> ";
        chain += dep.pluginId;
        for (auto s = from; s != stack.end(); ++s) refuse(*byId[*s], "dependency cycle: " + chain);
      } else if (c == 0) {
        visit(it->second);
      }
    }
    stack.pop_back();
    color[e->status.id] = 2;
  };
  for (auto& [id, e] : byId)
    if (color[id] == 0 && e->status.state != PluginState::kRefused) visit(e);
  // Dependents of plugins refused for a cycle.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [id, e] : byId) {
      if (e->status.state == PluginState::kRefused) continue;
      for (const auto& dep : e->decl.dependencies) {
        auto it = byId.find(dep.pluginId);
        if (it == byId.end() || it->second->status.state == PluginState::kRefused) {
          refuse(*e, "depends on '" + dep.pluginId + "', which was refused");
          changed = true;
          break;
        }
      }
    }
  }
}

std::vector<PluginHost::Entry*> PluginHost::loadOrder() {
  // Topological order; built-in core first, then by dependency, ties in file order.
  std::vector<Entry*> order;
  std::set<std::string> placed;
  std::vector<Entry*> rest;
  for (auto& e : entries_)
    if (e->status.state != PluginState::kRefused) rest.push_back(e.get());
  while (!rest.empty()) {
    bool progressed = false;
    for (auto it = rest.begin(); it != rest.end();) {
      bool ready = true;
      for (const auto& dep : (*it)->decl.dependencies)
        if (!placed.count(dep.pluginId)) ready = false;
      if (ready) {
        placed.insert((*it)->status.id);
        order.push_back(*it);
        it = rest.erase(it);
        progressed = true;
      } else {
        ++it;
      }
    }
    if (!progressed) break;  // only possible with cycles, which are already refused
  }
  return order;
}

void PluginHost::migrate(Entry& e, bool apply) {
  const std::string& owner = e.status.id;
  std::vector<std::string> deps;
  for (const auto& d : e.decl.dependencies) deps.push_back(d.pluginId);
  Migrator migrator(session_);
  std::string why = guarded([&] {
    auto available = migrationsFor(e.schemas, dialect_);
    auto pending = migrator.pending(owner, available);
    for (const auto& m : pending) {
      std::string bad = checkOwnership(owner, splitStatements(m.sql), deps);
      if (!bad.empty()) throw conflict(m.fileName + ": " + bad);
    }
    e.status.schemaVersion = migrator.schemaVersion(owner);
    if (!apply) {
      e.status.pendingMigrations = static_cast<int>(pending.size());
      if (!pending.empty()) e.status.state = PluginState::kPending;
      for (const auto& m : pending) pending_.emplace_back(owner, m.fileName);
      return;
    }
    for (const auto& m : pending) {
      migrator.apply(owner, m);
      e.status.schemaVersion = m.version;
    }
  });
  if (!why.empty()) refuse(e, why);
}

void PluginHost::checkColumns(Entry& e) {
  for (const auto& t : e.decl.recordTypes) {
    auto columns = tableColumns(session_, dialect_, t.table);
    if (columns.empty()) {
      refuse(e, "record type " + e.status.id + "." + t.name + ": table '" + t.table +
                    "' does not exist");
      return;
    }
    for (const auto& f : t.fields) {
      bool integer = isIntegerField(f);
      std::vector<std::string> needed{f.columnName()};
      if (f.type() == FieldType::kNationalId) needed.push_back(f.name() + "_last4");
      for (const auto& c : needed) {
        auto it = columns.find(c);
        if (it == columns.end()) {
          refuse(e, "field " + e.status.id + "." + t.name + "." + f.name() + ": column '" + c +
                        "' missing from table '" + t.table + "'");
          return;
        }
        if (!columnTypeFits(it->second, integer)) {
          refuse(e, "field " + e.status.id + "." + t.name + "." + f.name() + ": column '" + c +
                        "' has type '" + it->second + "', expected " +
                        (integer ? "an integer type" : "a text type"));
          return;
        }
      }
    }
  }
}

void PluginHost::finish(bool applyMigrations) {
  resolveDependencies();
  auto order = loadOrder();
  Migrator(session_).ensureLedger();
  // Reference targets must be the plugin itself, core, or a declared dependency.
  std::map<std::string, const Entry*> byId;
  for (auto* e : order) byId[e->status.id] = e;
  for (auto* e : order) {
    for (const auto& t : e->decl.recordTypes) {
      for (const auto& f : t.fields) {
        if (f.type() != FieldType::kReference || e->status.state == PluginState::kRefused) continue;
        std::string plugin = f.target().substr(0, f.target().find('.'));
        std::string record = f.target().substr(f.target().find('.') + 1);
        bool allowed = plugin == e->status.id || plugin == "core";
        for (const auto& d : e->decl.dependencies) allowed = allowed || d.pluginId == plugin;
        auto target = byId.find(plugin);
        bool exists = false;
        if (target != byId.end())
          for (const auto& rt : target->second->decl.recordTypes) exists |= rt.name == record;
        if (!allowed || !exists)
          refuse(*e, "field " + e->status.id + "." + t.name + "." + f.name() + " references '" +
                         f.target() + "', " +
                         (!allowed ? "which is not core, itself or a declared dependency"
                                   : "which does not exist"));
      }
    }
  }
  for (auto* e : order) {
    if (e->status.state == PluginState::kRefused) continue;
    for (const auto& dep : e->decl.dependencies) {
      auto it = byId.find(dep.pluginId);
      if (it != byId.end() && it->second->status.state == PluginState::kRefused) {
        refuse(*e, "depends on '" + dep.pluginId + "', which was refused");
        break;
      }
    }
    if (e->status.state == PluginState::kRefused) continue;
    migrate(*e, applyMigrations);
    if (e->status.state == PluginState::kLoaded) checkColumns(*e);
  }
  // Roles are unique across plugins.
  std::map<std::string, std::string> roleOwner;
  for (auto* e : order) {
    if (e->status.state == PluginState::kRefused) continue;
    for (const auto& r : e->decl.roles) {
      auto [it, fresh] = roleOwner.emplace(r.id, e->status.id);
      if (!fresh) {
        refuse(*e, "role '" + r.id + "' is already declared by " + it->second);
        break;
      }
    }
  }
  for (auto* e : order)
    if (e->status.state != PluginState::kRefused) registry_.add(e->status.id, e->decl);
  // School scoping must lead to a school (a chain through loaded types); checked once every
  // type is known. A refused plugin's declarations leave the registry with it.
  std::set<std::string> badPlugins;
  for (const auto& t : registry_.recordTypes()) {
    std::string why = schoolChainProblem(registry_, t);
    if (why.empty()) continue;
    for (auto* e : order)
      if (e->status.id == t.plugin && e->status.state != PluginState::kRefused) {
        refuse(*e, "record type " + t.qualifiedName + ": " + why);
        badPlugins.insert(t.plugin);
      }
  }
  if (!badPlugins.empty()) {
    registry_ = Registry();
    for (auto* e : order)
      if (e->status.state != PluginState::kRefused) registry_.add(e->status.id, e->decl);
  }
}

std::vector<PluginStatus> PluginHost::statuses() const {
  std::vector<PluginStatus> out;
  for (const auto& e : entries_) out.push_back(e->status);
  return out;
}

}  // namespace tdr::host
