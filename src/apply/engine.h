// apply: converge the cluster on the rendered platform, wave by wave, and prune what is gone.
//
// The order of one run, chosen so that a run killed at any point loses nothing and the next run
// finishes the job:
//   1. the ApplySet parent is written first with the union of the group-kinds and namespaces it
//      had and the ones it will have, so a prune after a crash still sees everything we own;
//   2. each wave is applied in parallel (bounded), skipping objects that need no write (drift.h),
//      Secrets keeping their live values (secrets/keep.h), then gated on health (gate.h) — but a
//      CRD is gated by the first wave that sends its kind (before that wave writes) or, if none
//      does, with the last wave, so the API server establishes large schemas while other waves run;
//   3. prune deletes, in reverse wave order, every object carrying our part-of label that is no
//      longer rendered — never CRDs, PersistentVolumeClaims, PersistentVolumes or a Namespace that
//      still holds claims, unless prune_data says so;
//   4. the parent is rewritten with exactly the new scope.
// Every step is reported as an event (a terminal shows progress, `-o json` streams them).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "apply/applyset.h"
#include "apply/cluster.h"
#include "apply/gate.h"
#include "common/result.h"
#include "manifest/object.h"

namespace bg::apply {

struct ApplyInput {
  std::vector<manifest::Object> objects;  // rendered objects plus freshly built Secrets (trait "secret")
  std::map<std::string, std::vector<std::string>> depends_on;
  // How long each component's first start may take (its blueprint's startTime); a wave waits for
  // the longest of its members' and the run's wave_timeout.
  std::map<std::string, std::chrono::seconds> start_times;
  ApplySetParent parent;
  std::string tooling = "betelgeuse/0.1.0";
};

struct RunOptions {
  int parallelism = 8;
  std::chrono::milliseconds wave_timeout{std::chrono::minutes(5)};  // at least; see start_times
  // The health gate's longest pause between reads (it starts at 25 ms and doubles). Each read asks
  // only for the members not yet Current, so a short cap is cheap; 2 s let a wave end up to 2 s
  // after it was healthy, seven times over in the example (measured on the real control plane).
  std::chrono::milliseconds poll{std::chrono::milliseconds(500)};
  bool prune = true;
  bool prune_data = false;
  std::set<std::string> rotate;  // "namespace/name" of Secrets to regenerate
};

struct ApplySummary {
  int created = 0, configured = 0, unchanged = 0, pruned = 0;
  std::string line() const;  // "3 created, 1 configured, 40 unchanged, 0 pruned"
};

struct ApplyEvent {
  enum class Kind { kWaveStarted, kObject, kWaveProgress, kWaveHealthy, kWaveBlocked, kPruned, kKept, kDone };
  Kind kind;
  int wave = -1;            // index, -1 outside waves
  std::string wave_name{};
  std::string object{};     // ObjectRef::str()
  std::string action{};     // created, configured, unchanged, pruned, kept (data protected)
  std::size_t current = 0, total = 0;
  std::vector<std::string> why{};  // a blocked wave's explanation
  std::vector<MemberHealth> unhealthy{};  // progress: the members not yet Current, in wave order
  ApplySummary counts{};                  // done: what the run did
};

using EventSink = std::function<void(const ApplyEvent&)>;

// What apply sends for one member given its live state: generated Secrets keep their live values
// (unless rotated), and every object carries the hash of our intent (drift.h).
nlohmann::json desired_object(const manifest::Object& member, const nlohmann::json& live, bool rotate);

Result<ApplySummary> apply_platform(Cluster& cluster, Clock& clock, ApplyInput input, const RunOptions& options,
                                    const EventSink& sink);

}  // namespace bg::apply
