// The health gate between waves, and the explanation when a wave does not become healthy (down to
// how a container ended and the last lines it logged).
//
// wait_healthy() polls every member of a wave until all are Current by the kstatus rules
// (health.h, with what `context` knows of the platform), one turns Failed, or the wave's time runs out. It starts from the objects apply
// already holds (the server's answers), reads again only the members not yet Current, and polls
// quickly at first and then every `poll`, so a wave that is healthy at once costs no reads and
// one that takes minutes costs few. A person then needs to know why, not
// only which object: explain() follows a workload down to its pods and reports their unready
// conditions, the waiting or terminated states of their containers and the newest events, the way
// one would with `kubectl describe`. A read that fails because the cluster cannot be talked to
// (unreachable, untrusted, credentials refused, forbidden) ends the wait at once with that error:
// polling a cluster we cannot see until the wave's timeout would only hide the cause.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "apply/cluster.h"
#include "apply/health.h"

namespace bg::apply {

struct MemberHealth {
  ObjectRef ref;
  HealthReport report;
};

struct GateResult {
  bool healthy = false;
  bool timed_out = false;
  std::vector<MemberHealth> unhealthy;  // members not Current at the end, in the wave's order
  Status error;                         // the failure that ended the wait, when not ok
};

// Members are read with up to `parallelism` requests in flight.
// `progress` is called after each poll with the number of Current members and the members not
// yet Current, in the wave's order (a terminal shows the counts and what the wave waits for); may
// be empty.
GateResult wait_healthy(Cluster& cluster, Clock& clock, const std::vector<ObjectRef>& members,
                        std::chrono::milliseconds timeout, std::chrono::milliseconds poll,
                        const std::function<void(std::size_t current, std::size_t total,
                                                 const std::vector<MemberHealth>& unhealthy)>& progress = {},
                        const std::map<ObjectRef, nlohmann::json>* known = nullptr, int parallelism = 8,
                        const HealthContext& context = HealthContext{});

// Lines that say why `ref` is not healthy: its own status, then its pods and their events (and a
// Deployment's newest ReplicaSet with its events), then its own events.
std::vector<std::string> explain(Cluster& cluster, const ObjectRef& ref, const HealthReport& report);

// The one line a person needs from explain(): the warning event deepest down the chain (a pod's
// over its ReplicaSet's over the workload's), the newest of those, as "Reason: message"; "" when
// no warning was seen.
std::string root_cause(const std::vector<std::string>& explanation);

}  // namespace bg::apply
