#include "cli/args.h"

#include "util/text.h"

namespace tdr::host {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flags) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2), value;
      bool inlineValue = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inlineValue = true;
      }
      if (flags.count(name)) {
        if (inlineValue)
          throw UsageError(
              tr("选项 --" + name + " 不带值", "option --" + name + " takes no value"));
        flags_.insert(name);
      } else if (valueOptions.count(name)) {
        if (!inlineValue) {
          if (i + 1 >= argv.size())
            throw UsageError(
                tr("选项 --" + name + " 需要一个值", "option --" + name + " needs a value"));
          value = argv[++i];
        }
        options_.emplace(name, value);
      } else {
        throw UsageError(tr("不认识的选项 --" + name, "unknown option --" + name));
      }
    } else {
      positional_.push_back(a);
    }
  }
}

const std::string& Args::require(std::size_t i, const std::string& what) const {
  if (i >= positional_.size()) throw UsageError(tr("缺少" + what, "missing " + what));
  return positional_[i];
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
  auto range = options_.equal_range(name);
  std::string v = fallback;
  for (auto it = range.first; it != range.second; ++it) v = it->second;
  return v;
}

std::vector<std::string> Args::values(const std::string& name) const {
  std::vector<std::string> out;
  auto range = options_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

long long Args::integer(const std::string& name, long long fallback, long long min,
                        long long max) const {
  std::string v = value(name);
  if (v.empty()) return fallback;
  long long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || n > max)
      throw UsageError(tr("--" + name + " '" + v + "'：应为 " + std::to_string(min) + " 到 " +
                              std::to_string(max) + " 的整数",
                          "--" + name + " '" + v + "': expected a whole number from " +
                              std::to_string(min) + " to " + std::to_string(max)));
    n = n * 10 + (c - '0');
  }
  if (n < min || n > max)
    throw UsageError(tr("--" + name + " " + v + "：应在 " + std::to_string(min) + " 到 " +
                            std::to_string(max) + " 之间",
                        "--" + name + " " + v + ": must be from " + std::to_string(min) + " to " +
                            std::to_string(max)));
  return n;
}

std::vector<std::pair<std::string, std::string>> Args::pairs(const std::string& name) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& v : values(name)) {
    auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(tr("--" + name + " '" + v + "'：应为 字段=值",
                          "--" + name + " '" + v + "': expected field=value"));
    out.emplace_back(v.substr(0, eq), v.substr(eq + 1));
  }
  return out;
}

void Args::maxPositional(std::size_t n) const {
  if (positional_.size() > n)
    throw UsageError(
        tr("多余的参数“" + positional_[n] + "”", "unexpected argument '" + positional_[n] + "'"));
}

}  // namespace tdr::host
