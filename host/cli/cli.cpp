#include "cli/cli.h"

#include <tdr/version.h>

#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "db/failure.h"
#include "util/text.h"

namespace tdr::host {

namespace {

// Every command, in the order of the usage text.
const std::vector<Command>& commands() {
  static const std::vector<Command> all = [] {
    std::vector<Command> out;
    for (auto group :
         {databaseCommands(), recordCommands(), pluginCommands(), userCommands(), serveCommands()})
      out.insert(out.end(), group.begin(), group.end());
    return out;
  }();
  return all;
}

// The usage, from the command table, in the language of messages.
std::string usage() {
  std::string out = tr("用法：tdr [--db URL] [--plugins 目录] [--lang zh|en] 命令 [参数]\n\n",
                       "usage: tdr [--db URL] [--plugins DIR] [--lang zh|en] COMMAND [ARGS]\n\n");
  for (const Command& c : commands()) out += tr(c.usageZh, c.usageEn);
  out +=
      tr("\n"
         "  --db URL       sqlite:路径（默认 sqlite:tdr.db，环境变量 TDR_DB）或\n"
         "                 postgresql://用户:密码@主机:端口/库名\n"
         "  --plugins 目录 插件目录（环境变量 TDR_PLUGINS；默认 <前缀>/lib/tdr/plugins）\n"
         "  --lang zh|en   消息的语言（环境变量 TDR_LANG；默认 zh）\n"
         "\n"
         "退出码：0 成功，1 操作失败（原因见 stderr），2 用法错误，\n"
         "75 数据库正忙（没有写入任何内容，请重新运行）。\n",
         "\n"
         "  --db URL       sqlite:PATH (default sqlite:tdr.db, env TDR_DB) or\n"
         "                 postgresql://user:pass@host:port/dbname\n"
         "  --plugins DIR  plugin directory (env TDR_PLUGINS; default <prefix>/lib/tdr/plugins)\n"
         "  --lang zh|en   language of messages (env TDR_LANG; default zh)\n"
         "\n"
         "Exit codes: 0 ok, 1 the operation failed (stderr says why), 2 usage error,\n"
         "75 the database was busy (nothing written; run it again).\n");
  return out;
}

void printError(const Failure& f) {
  std::cerr << "tdr: " << f.message << "\n";
  for (const auto& d : f.details)
    std::cerr << "  "
              << (d.line ? tr("第 " + std::to_string(d.line) + " 行，",
                              "line " + std::to_string(d.line) + ", ")
                         : std::string())
              << (d.field.empty() ? std::string()
                                  : tr("字段 " + d.field + "：", "field '" + d.field + "': "))
              << d.reason << "\n";
}

}  // namespace

int runCli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Globals g;
  const char* envDb = std::getenv("TDR_DB");
  g.db = envDb && *envDb ? envDb : "sqlite:tdr.db";
  if (const char* p = std::getenv("TDR_PLUGINS"); p && *p) g.plugins = p;
  if (const char* l = std::getenv("TDR_LANG"); l && *l) setLanguage(languageFrom(l));
  try {
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
      const std::string& a = args[i];
      auto take = [&](const char* name) {
        std::string prefix = std::string("--") + name;
        if (a == prefix) {
          if (i + 1 >= args.size())
            throw UsageError(tr(prefix + " 需要一个值", prefix + " needs a value"));
          return args[++i];
        }
        return a.substr(prefix.size() + 1);
      };
      if (a == "--db" || a.rfind("--db=", 0) == 0) {
        g.db = take("db");
      } else if (a == "--plugins" || a.rfind("--plugins=", 0) == 0) {
        g.plugins = take("plugins");
      } else if (a == "--lang" || a.rfind("--lang=", 0) == 0) {
        std::string lang = take("lang");
        if (lang != "zh" && lang != "en")
          throw UsageError(tr("--lang 只能是 zh 或 en", "--lang: expected zh or en"));
        setLanguage(lang);
      } else if (a == "--help" || a == "-h" || a == "help") {
        std::cout << usage();
        return 0;
      } else if (a == "--version") {
        std::cout << "tdr " << TDR_VERSION << " (SDK ABI " << TDR_SDK_ABI_MAJOR << "."
                  << TDR_SDK_ABI_MINOR << ")\n";
        return 0;
      } else if (a.rfind("--", 0) == 0) {
        throw UsageError(tr("不认识的选项 " + a, "unknown option " + a));
      } else {
        break;
      }
    }
    if (i >= args.size()) throw UsageError(tr("缺少命令", "missing COMMAND"));
    std::string command = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    for (const Command& c : commands())
      if (command == c.name) return c.run(g, Args(rest, c.options, c.flags));
    throw UsageError(tr("不认识的命令“" + command + "”", "unknown command '" + command + "'"));
  } catch (...) {
    Failure f = failureOf(std::current_exception(), "");
    if (f.internal) {
      std::cerr << "tdr: " << f.logText << "\n";
    } else {
      printError(f);
      if (f.usage) std::cerr << "\n" << usage();
    }
    return f.exitCode;
  }
}

}  // namespace tdr::host
