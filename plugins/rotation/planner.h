#pragma once

#include <map>
#include <string>
#include <vector>

#include "policy.h"

namespace tdr::rotation {

struct PlanSchool {
  long long id = 0;
  std::string code;
  std::string stage;
  std::vector<long long> clusters;
  Quota quota;            ///< before the plan: the batch's assignments so far
  long long hosting = 0;  ///< teachers the batch already sends to this school
};

/// An eligible teacher not yet in the year's batch.
struct Candidate {
  long long teacherId = 0;
  long long school = 0;
  std::string staffNo;
  std::string since;
  std::string subject;
  bool backbone = false;
  bool principal = false;
};

struct Proposal {
  long long teacherId = 0;
  long long home = 0;
  long long host = 0;
  std::string kind;   ///< exchange, cluster_flow or cadre
  std::string basis;  ///< why this teacher: "backbone", "longest_serving"
};

/// Proposes a batch that meets every school's quota where its eligible teachers allow: at each
/// school first the backbone teachers the backbone share needs, then the longest-serving,
/// taking subjects in turn so that no subject is emptied first. Each goes to a school of the
/// same stage, the one receiving fewest so far, preferring the home school's cluster on a tie.
/// Deterministic: ties go by date at school, then staff_no, then school code.
std::vector<Proposal> planBatch(const Policy& policy, std::vector<PlanSchool> schools,
                                const std::vector<Candidate>& candidates);

}  // namespace tdr::rotation
