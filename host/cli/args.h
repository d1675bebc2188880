#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/errors.h"

namespace tdr::host {

/// The arguments of one command: positionals, `--opt value` / `--opt=value` options (which may
/// repeat) and `--flag`s, checked against what the command accepts.
class Args {
 public:
  Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
       const std::set<std::string>& flags);

  const std::vector<std::string>& positional() const { return positional_; }
  /// The positional at `i`, or a UsageError naming `what` when absent.
  const std::string& require(std::size_t i, const std::string& what) const;
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  /// The last value of an option, or `fallback`.
  std::string value(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> values(const std::string& name) const;
  /// An option's value as an integer in [min, max]; UsageError otherwise.
  long long integer(const std::string& name, long long fallback, long long min,
                    long long max) const;
  /// `k=v` pairs of a repeatable option (`--where`, `--param`).
  std::vector<std::pair<std::string, std::string>> pairs(const std::string& name) const;
  /// UsageError unless there are at most `n` positionals.
  void maxPositional(std::size_t n) const;

 private:
  std::vector<std::string> positional_;
  std::multimap<std::string, std::string> options_;
  std::set<std::string> flags_;
};

}  // namespace tdr::host
