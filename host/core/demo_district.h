#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/row_source.h"

namespace tdr::host {

/// A plausible, deterministic (for a seed) district: ~150 schools of every stage, clusters of
/// the three kinds with their member schools, and teachers with staff numbers, names, valid
/// national IDs, subjects, titles, hire dates and backbone levels. Rows are generated lazily,
/// in the shape of import files, and go through the normal import path.
class DemoDistrict {
 public:
  DemoDistrict(long long teachers, unsigned long long seed);

  std::unique_ptr<RowSource> schools() const;
  std::unique_ptr<RowSource> clusters() const;
  std::unique_ptr<RowSource> clusterMembers() const;
  std::unique_ptr<RowSource> teachers() const;

  struct School {
    std::string code;
    std::string name;
    std::string stage;
  };
  const std::vector<School>& schoolList() const { return schools_; }

 private:
  long long teachers_;
  unsigned long long seed_;
  std::vector<School> schools_;
};

}  // namespace tdr::host
