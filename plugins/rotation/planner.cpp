#include "planner.h"

#include <algorithm>

namespace tdr::rotation {

namespace {

bool sharesCluster(const PlanSchool& a, const PlanSchool& b) {
  for (long long c : a.clusters)
    if (std::find(b.clusters.begin(), b.clusters.end(), c) != b.clusters.end()) return true;
  return false;
}

// The receiving school for a teacher leaving `home`: same stage if any, then the fewest
// received so far, then one of the home school's clusters, then code.
PlanSchool* hostFor(const PlanSchool& home, std::vector<PlanSchool>& schools) {
  PlanSchool* best = nullptr;
  auto rank = [&](const PlanSchool& s) {
    return std::make_tuple(s.stage == home.stage ? 0 : 1, s.hosting,
                           sharesCluster(home, s) ? 0 : 1);
  };
  for (auto& s : schools) {
    if (s.id == home.id) continue;
    if (!best || rank(s) < rank(*best) || (rank(s) == rank(*best) && s.code < best->code))
      best = &s;
  }
  return best;
}

bool longerServing(const Candidate* a, const Candidate* b) {
  return a->since != b->since ? a->since < b->since : a->staffNo < b->staffNo;
}

}  // namespace

std::vector<Proposal> planBatch(const Policy& policy, std::vector<PlanSchool> schools,
                                const std::vector<Candidate>& candidates) {
  std::sort(schools.begin(), schools.end(),
            [](const PlanSchool& a, const PlanSchool& b) { return a.code < b.code; });
  std::map<long long, std::vector<const Candidate*>> bySchool;
  for (const auto& c : candidates) bySchool[c.school].push_back(&c);
  std::vector<Proposal> out;
  for (std::size_t si = 0; si < schools.size(); ++si) {
    PlanSchool& school = schools[si];
    auto& pool = bySchool[school.id];
    std::sort(pool.begin(), pool.end(), longerServing);
    const Quota& q = school.quota;
    long long picked = 0, backbonePicked = 0;
    std::map<std::string, long long> perSubject;
    auto backboneShort = [&] {
      long long total = std::max(q.rotated + picked, q.required);
      return percentUp(total, policy.backbonePercent) > q.backboneRotated + backbonePicked;
    };
    while (!pool.empty()) {
      bool needBackbone = backboneShort();
      if (q.rotated + picked >= q.required && !needBackbone) break;
      // Backbone teachers while the share is short (if any are left), else anyone; among
      // those, the subject picked least so far, then the longest-serving.
      auto wanted = [&](const Candidate* c) { return !needBackbone || c->backbone; };
      bool anyWanted = std::any_of(pool.begin(), pool.end(), wanted);
      if (!anyWanted && q.rotated + picked >= q.required) break;
      auto best = pool.end();
      for (auto it = pool.begin(); it != pool.end(); ++it) {
        if (anyWanted && !wanted(*it)) continue;
        if (best == pool.end() || perSubject[(*it)->subject] < perSubject[(*best)->subject])
          best = it;
      }
      const Candidate* c = *best;
      pool.erase(best);
      PlanSchool* host = hostFor(school, schools);
      if (!host) break;  // a district of one school has nowhere to send anyone
      Proposal p;
      p.teacherId = c->teacherId;
      p.home = school.id;
      p.host = host->id;
      p.kind = c->principal ? "cadre" : sharesCluster(school, *host) ? "cluster_flow" : "exchange";
      p.basis = needBackbone && c->backbone ? "backbone" : "longest_serving";
      ++host->hosting;
      ++picked;
      if (c->backbone) ++backbonePicked;
      ++perSubject[c->subject];
      out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace tdr::rotation
