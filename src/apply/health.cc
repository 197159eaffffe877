// kstatus, rule by rule. Messages follow kstatus's wording closely, because people compare them
// with what `kubectl` and Flux print for the same object.
#include "apply/health.h"

#include <fmt/format.h>

#include "k8s/conditions.h"
#include "k8s/object_ref.h"

namespace bg::apply {
namespace {

using Json = nlohmann::json;

long long int_at(const Json& o, std::initializer_list<const char*> path, long long fallback = 0) {
  const Json* at = &o;
  for (const char* key : path) {
    if (!at->is_object()) return fallback;
    auto it = at->find(key);
    if (it == at->end()) return fallback;
    at = &*it;
  }
  return at->is_number_integer() ? at->get<long long>() : fallback;
}

std::string string_at(const Json& o, std::initializer_list<const char*> path) {
  const Json* at = &o;
  for (const char* key : path) {
    if (!at->is_object()) return "";
    auto it = at->find(key);
    if (it == at->end()) return "";
    at = &*it;
  }
  return at->is_string() ? at->get<std::string>() : "";
}

bool has(const Json& o, std::initializer_list<const char*> path) {
  const Json* at = &o;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return false;
    at = &(*at)[key];
  }
  return true;
}

using k8s::condition_is;
using k8s::condition_of;

HealthReport in_progress(std::string message) { return {Health::kInProgress, std::move(message)}; }
HealthReport current(std::string message) { return {Health::kCurrent, std::move(message)}; }
HealthReport failed(std::string message) { return {Health::kFailed, std::move(message)}; }

HealthReport deployment(const Json& o) {
  long long spec = int_at(o, {"spec", "replicas"}, 1);
  long long replicas = int_at(o, {"status", "replicas"});
  long long updated = int_at(o, {"status", "updatedReplicas"});
  long long available = int_at(o, {"status", "availableReplicas"});
  long long ready = int_at(o, {"status", "readyReplicas"});
  std::optional<k8s::Condition> progressing = condition_of(o, "Progressing");
  if (progressing && progressing->reason == "ProgressDeadlineExceeded") return failed("Progress deadline exceeded");
  bool progressed = progressing && progressing->status == "True" && progressing->reason == "NewReplicaSetAvailable";
  if (spec > replicas) return in_progress(fmt::format("Replicas: {}/{}", replicas, spec));
  if (updated < spec) return in_progress(fmt::format("Updated: {}/{}", updated, spec));
  if (replicas > spec) return in_progress(fmt::format("Pending termination: {}", replicas - spec));
  if (available < spec) return in_progress(fmt::format("Available: {}/{}", available, spec));
  if (ready < spec) return in_progress(fmt::format("Ready: {}/{}", ready, spec));
  if (!progressed) return in_progress("ReplicaSet not Available");
  if (!condition_is(o, "Available", "True")) return in_progress("Deployment not Available");
  return current(fmt::format("Deployment is available. Replicas: {}", replicas));
}

HealthReport stateful_set(const Json& o) {
  if (string_at(o, {"spec", "updateStrategy", "type"}) == "OnDelete")
    return current("StatefulSet is using the ondelete update strategy");
  long long spec = int_at(o, {"spec", "replicas"}, 1);
  long long replicas = int_at(o, {"status", "replicas"});
  long long ready = int_at(o, {"status", "readyReplicas"});
  long long updated = int_at(o, {"status", "updatedReplicas"});
  long long current_replicas = int_at(o, {"status", "currentReplicas"});
  if (spec > replicas) return in_progress(fmt::format("Replicas: {}/{}", replicas, spec));
  if (ready < spec) return in_progress(fmt::format("Ready: {}/{}", ready, spec));
  if (has(o, {"spec", "updateStrategy", "rollingUpdate", "partition"})) {
    long long partition = int_at(o, {"spec", "updateStrategy", "rollingUpdate", "partition"});
    long long want = spec > partition ? spec - partition : 0;
    if (updated < want) return in_progress(fmt::format("updated: {}/{}", updated, want));
    return current(fmt::format("Partition rollout complete. updated: {}", updated));
  }
  if (current_replicas < spec) return in_progress(fmt::format("current: {}/{}", current_replicas, spec));
  if (string_at(o, {"status", "currentRevision"}) != string_at(o, {"status", "updateRevision"}))
    return in_progress("Waiting for updated revision to match current");
  return current(fmt::format("All replicas scheduled as expected. Replicas: {}", replicas));
}

HealthReport daemon_set(const Json& o) {
  if (!has(o, {"status", "desiredNumberScheduled"})) return in_progress("Missing .status.desiredNumberScheduled");
  long long desired = int_at(o, {"status", "desiredNumberScheduled"});
  long long scheduled = int_at(o, {"status", "currentNumberScheduled"});
  long long updated = int_at(o, {"status", "updatedNumberScheduled"});
  long long available = int_at(o, {"status", "numberAvailable"});
  long long ready = int_at(o, {"status", "numberReady"});
  if (desired > scheduled) return in_progress(fmt::format("Current: {}/{}", scheduled, desired));
  if (desired > updated) return in_progress(fmt::format("Updated: {}/{}", updated, desired));
  if (desired > available) return in_progress(fmt::format("Available: {}/{}", available, desired));
  if (desired > ready) return in_progress(fmt::format("Ready: {}/{}", ready, desired));
  return current(fmt::format("All replicas scheduled as expected. Replicas: {}", desired));
}

HealthReport job(const Json& o) {
  long long completions = int_at(o, {"spec", "completions"}, 1);
  long long succeeded = int_at(o, {"status", "succeeded"});
  long long failures = int_at(o, {"status", "failed"});
  if (condition_is(o, "Complete", "True"))
    return current(fmt::format("Job Completed. succeeded: {}/{}", succeeded, completions));
  if (auto c = condition_of(o, "Failed"); c && c->status == "True") {
    std::string why = c->reason.empty() ? "" : ": " + c->reason;
    return failed(fmt::format("Job Failed{}. failed: {}/{}", why, failures, completions));
  }
  if (!has(o, {"status", "startTime"})) return in_progress("Job not started");
  return in_progress(fmt::format("Job in progress. success: {}, active: {}, failed: {}", succeeded,
                                 int_at(o, {"status", "active"}), failures));
}

HealthReport pod(const Json& o) {
  std::string phase = string_at(o, {"status", "phase"});
  if (phase == "Succeeded") return current("Pod has completed successfully");
  if (phase == "Failed") return failed("Pod has completed, but not successfully");
  if (const Json* list = has(o, {"status", "containerStatuses"}) ? &o["status"]["containerStatuses"] : nullptr;
      list && list->is_array()) {
    for (const Json& c : *list)
      if (string_at(c, {"state", "waiting", "reason"}) == "CrashLoopBackOff")
        return failed(fmt::format("Container {} is in CrashLoopBackOff", c.value("name", "?")));
  }
  if (phase == "Running") {
    if (condition_is(o, "Ready", "True")) return current("Pod is Ready");
    return in_progress("Pod is running but is not Ready");
  }
  if (auto s = condition_of(o, "PodScheduled"); s && s->reason == "Unschedulable")
    return in_progress("Pod could not be scheduled");
  return in_progress(phase.empty() ? "Pod phase not available" : "Pod is in the " + phase + " phase");
}

HealthReport claim(const Json& o) {
  std::string phase = string_at(o, {"status", "phase"});
  if (phase == "Bound") return current("PVC is Bound");
  return in_progress("PVC is not Bound. phase: " + (phase.empty() ? std::string("none") : phase));
}

HealthReport crd(const Json& o) {
  if (condition_is(o, "NamesAccepted", "False")) return failed("CRD names not accepted");
  if (condition_is(o, "Established", "True")) return current("CRD is established");
  return in_progress("CRD is not established");
}

HealthReport service(const Json& o) {
  if (string_at(o, {"spec", "type"}) == "LoadBalancer") {
    const Json* ingress = has(o, {"status", "loadBalancer", "ingress"}) ? &o["status"]["loadBalancer"]["ingress"] : nullptr;
    if (!ingress || !ingress->is_array() || ingress->empty()) return in_progress("Waiting for a load balancer address");
  }
  return current("Service is ready");
}

// Everything else: the standard Ready condition when there is one, else Current.
HealthReport by_conditions(const Json& o) {
  if (auto ready = condition_of(o, "Ready")) {
    if (ready->status == "True") return current("Resource is Ready");
    const std::string& why = ready->message.empty() ? ready->reason : ready->message;
    return in_progress(why.empty() ? "Resource is not Ready" : "Not Ready: " + why);
  }
  return current("Resource is current");
}

}  // namespace

const char* health_name(Health h) {
  switch (h) {
    case Health::kCurrent: return "Current";
    case Health::kInProgress: return "InProgress";
    case Health::kFailed: return "Failed";
    case Health::kTerminating: return "Terminating";
    case Health::kNotFound: return "NotFound";
  }
  return "?";
}

HealthReport health_of(const Json& o) {
  if (o.is_null() || !o.is_object()) return {Health::kNotFound, "Resource not found"};
  if (has(o, {"metadata", "deletionTimestamp"})) return {Health::kTerminating, "Resource scheduled for deletion"};
  // A controller that has not seen the latest spec has nothing true to say about it yet.
  if (has(o, {"status", "observedGeneration"})) {
    long long generation = int_at(o, {"metadata", "generation"});
    long long observed = int_at(o, {"status", "observedGeneration"});
    if (generation != observed)
      return in_progress(fmt::format("{} generation is {}, but latest observed generation is {}",
                                     o.value("kind", "Resource"), generation, observed));
  }
  if (auto c = condition_of(o, "Reconciling"); c && c->status == "True")
    return in_progress(c->message.empty() ? "Resource is reconciling" : c->message);
  if (auto c = condition_of(o, "Stalled"); c && c->status == "True")
    return failed(c->message.empty() ? "Resource is stalled" : c->message);

  const k8s::ObjectRef ref = k8s::ObjectRef::of(o);
  const std::string& kind = ref.kind;
  const std::string_view group = ref.group();
  if (group == "apps" && kind == "Deployment") return deployment(o);
  if (group == "apps" && kind == "StatefulSet") return stateful_set(o);
  if (group == "apps" && kind == "DaemonSet") return daemon_set(o);
  if (group == "batch" && kind == "Job") return job(o);
  if (group.empty() && kind == "Pod") return pod(o);
  if (group.empty() && kind == "PersistentVolumeClaim") return claim(o);
  if (group.empty() && kind == "Service") return service(o);
  if (group == "apiextensions.k8s.io" && kind == "CustomResourceDefinition") return crd(o);
  return by_conditions(o);
}

}  // namespace bg::apply
