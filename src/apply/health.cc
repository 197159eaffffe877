// kstatus, rule by rule, and the table of rules per kind. Messages follow kstatus's wording
// closely, because people compare them with what `kubectl` and Flux print for the same object.
#include "apply/health.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

#include "apply/health_rules.h"
#include "k8s/conditions.h"
#include "k8s/json_view.h"
#include "k8s/object_ref.h"

namespace bg::apply {
namespace {

using namespace rules;  // NOLINT: the rules' vocabulary (in_progress, current, failed, why)

using k8s::JsonView;

using k8s::condition_is;
using k8s::condition_of;

HealthReport deployment(const Json& o, const HealthContext&) {
  JsonView v(o);
  long long spec = v["spec"]["replicas"].integer(1);
  long long replicas = v["status"]["replicas"].integer();
  long long updated = v["status"]["updatedReplicas"].integer();
  long long available = v["status"]["availableReplicas"].integer();
  long long ready = v["status"]["readyReplicas"].integer();
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

HealthReport stateful_set(const Json& o, const HealthContext&) {
  JsonView v(o);
  if (v["spec"]["updateStrategy"]["type"].str() == "OnDelete")
    return current("StatefulSet is using the ondelete update strategy");
  long long spec = v["spec"]["replicas"].integer(1);
  long long replicas = v["status"]["replicas"].integer();
  long long ready = v["status"]["readyReplicas"].integer();
  long long updated = v["status"]["updatedReplicas"].integer();
  long long current_replicas = v["status"]["currentReplicas"].integer();
  if (spec > replicas) return in_progress(fmt::format("Replicas: {}/{}", replicas, spec));
  if (ready < spec) return in_progress(fmt::format("Ready: {}/{}", ready, spec));
  if (v["spec"]["updateStrategy"]["rollingUpdate"].has("partition")) {
    long long partition = v["spec"]["updateStrategy"]["rollingUpdate"]["partition"].integer();
    long long want = spec > partition ? spec - partition : 0;
    if (updated < want) return in_progress(fmt::format("updated: {}/{}", updated, want));
    return current(fmt::format("Partition rollout complete. updated: {}", updated));
  }
  if (current_replicas < spec) return in_progress(fmt::format("current: {}/{}", current_replicas, spec));
  if (v["status"]["currentRevision"].str() != v["status"]["updateRevision"].str())
    return in_progress("Waiting for updated revision to match current");
  return current(fmt::format("All replicas scheduled as expected. Replicas: {}", replicas));
}

HealthReport daemon_set(const Json& o, const HealthContext&) {
  JsonView v(o);
  if (!v["status"].has("desiredNumberScheduled")) return in_progress("Missing .status.desiredNumberScheduled");
  long long desired = v["status"]["desiredNumberScheduled"].integer();
  long long scheduled = v["status"]["currentNumberScheduled"].integer();
  long long updated = v["status"]["updatedNumberScheduled"].integer();
  long long available = v["status"]["numberAvailable"].integer();
  long long ready = v["status"]["numberReady"].integer();
  if (desired > scheduled) return in_progress(fmt::format("Current: {}/{}", scheduled, desired));
  if (desired > updated) return in_progress(fmt::format("Updated: {}/{}", updated, desired));
  if (desired > available) return in_progress(fmt::format("Available: {}/{}", available, desired));
  if (desired > ready) return in_progress(fmt::format("Ready: {}/{}", ready, desired));
  return current(fmt::format("All replicas scheduled as expected. Replicas: {}", desired));
}

HealthReport job(const Json& o, const HealthContext&) {
  JsonView v(o);
  long long completions = v["spec"]["completions"].integer(1);
  long long succeeded = v["status"]["succeeded"].integer();
  long long failures = v["status"]["failed"].integer();
  if (condition_is(o, "Complete", "True"))
    return current(fmt::format("Job Completed. succeeded: {}/{}", succeeded, completions));
  // FailureTarget comes first (Kubernetes 1.31 and later): the Job has failed, its pods are going.
  if (auto c = condition_of(o, "FailureTarget"); c && c->status == "True")
    return failed(fmt::format("Job Failed: {}. failed: {}/{}", c->reason.empty() ? "FailureTarget" : c->reason,
                              failures, completions));
  if (auto c = condition_of(o, "Failed"); c && c->status == "True") {
    std::string why = c->reason.empty() ? "" : ": " + c->reason;
    return failed(fmt::format("Job Failed{}. failed: {}/{}", why, failures, completions));
  }
  if (!v["status"].has("startTime")) return in_progress("Job not started");
  return in_progress(fmt::format("Job in progress. success: {}, active: {}, failed: {}", succeeded,
                                 v["status"]["active"].integer(), failures));
}

HealthReport pod(const Json& o, const HealthContext&) {
  JsonView v(o);
  std::string phase = v["status"]["phase"].str();
  if (phase == "Succeeded") return current("Pod has completed successfully");
  if (phase == "Failed") return failed("Pod has completed, but not successfully");
  for (JsonView c : v["status"]["containerStatuses"].items())
    if (c["state"]["waiting"]["reason"].str() == "CrashLoopBackOff")
      return failed(fmt::format("Container {} is in CrashLoopBackOff", c["name"].str("?")));
  if (phase == "Running") {
    if (condition_is(o, "Ready", "True")) return current("Pod is Ready");
    return in_progress("Pod is running but is not Ready");
  }
  if (auto s = condition_of(o, "PodScheduled"); s && s->reason == "Unschedulable")
    return in_progress("Pod could not be scheduled");
  return in_progress(phase.empty() ? "Pod phase not available" : "Pod is in the " + phase + " phase");
}

HealthReport claim(const Json& o, const HealthContext& context) {
  JsonView v(o);
  std::string phase = v["status"]["phase"].str();
  if (phase == "Bound") return current("PVC is Bound");
  // Binding waits for a pod on purpose: the scheduler picks the node, then the volume follows.
  const std::string storage_class = v["spec"]["storageClassName"].str();
  if (phase == "Pending" && context.wait_for_first_consumer.contains(storage_class) &&
      !v["metadata"]["annotations"].has("volume.kubernetes.io/selected-node"))
    return current("PVC waits for its first consumer (StorageClass " + storage_class + " binds on first use)");
  return in_progress("PVC is not Bound. phase: " + (phase.empty() ? std::string("none") : phase));
}

HealthReport crd(const Json& o, const HealthContext&) {
  if (condition_is(o, "NamesAccepted", "False")) return failed("CRD names not accepted");
  JsonView conversion = JsonView(o)["spec"]["conversion"];
  if (injects_ca(o) && conversion["strategy"].str() == "Webhook" &&
      conversion["webhook"]["clientConfig"]["caBundle"].str().empty() && conversion["webhook"]["clientConfig"].has("service"))
    return in_progress("CRD conversion webhook has no CA yet (cert-manager's cainjector fills caBundle)");
  if (condition_is(o, "Established", "True")) return current("CRD is established");
  return in_progress("CRD is not established");
}

HealthReport service(const Json& o, const HealthContext&) {
  JsonView v(o);
  if (v["spec"]["type"].str() == "LoadBalancer" && v["status"]["loadBalancer"]["ingress"].items().empty())
    return in_progress("Waiting for a load balancer address");
  return current("Service is ready");
}

// Everything else: the standard Ready condition when there is one, else Current.
HealthReport by_conditions(const Json& o, const HealthContext&) {
  if (auto ready = condition_of(o, "Ready")) {
    if (ready->status == "True") return current("Resource is Ready");
    const std::string& why = ready->message.empty() ? ready->reason : ready->message;
    return in_progress(why.empty() ? "Resource is not Ready" : "Not Ready: " + why);
  }
  return current("Resource is current");
}

using Rule = HealthReport (*)(const Json&, const HealthContext&);

struct KindRule {
  std::string_view group, kind;
  Rule rule;
};

// The rule of each kind that has one; every other kind follows the standard conditions.
constexpr std::array kRules{
    KindRule{"apps", "Deployment", deployment},
    KindRule{"apps", "StatefulSet", stateful_set},
    KindRule{"apps", "DaemonSet", daemon_set},
    KindRule{"batch", "Job", job},
    KindRule{"", "Pod", pod},
    KindRule{"", "PersistentVolumeClaim", claim},
    KindRule{"", "Service", service},
    KindRule{"apiextensions.k8s.io", "CustomResourceDefinition", crd},
    KindRule{"apiregistration.k8s.io", "APIService", api_service},
    KindRule{"admissionregistration.k8s.io", "ValidatingWebhookConfiguration", webhook_configuration},
    KindRule{"admissionregistration.k8s.io", "MutatingWebhookConfiguration", webhook_configuration},
    KindRule{"cert-manager.io", "Certificate", certificate},
    KindRule{"cert-manager.io", "Issuer", issuer},
    KindRule{"cert-manager.io", "ClusterIssuer", issuer},
    KindRule{"gateway.networking.k8s.io", "Gateway", gateway},
    KindRule{"gateway.networking.k8s.io", "HTTPRoute", route},
    KindRule{"gateway.networking.k8s.io", "GRPCRoute", route},
    KindRule{"gateway.networking.k8s.io", "TLSRoute", route},
    KindRule{"gateway.networking.k8s.io", "TCPRoute", route},
    KindRule{"gateway.networking.k8s.io", "UDPRoute", route},
};

}  // namespace

void HealthContext::learn(const Json& object) {
  JsonView v(object);
  if (v["kind"].str() == "StorageClass" && v["volumeBindingMode"].str() == "WaitForFirstConsumer")
    wait_for_first_consumer.insert(v["metadata"]["name"].str());
}

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

HealthReport health_of(const Json& o, const HealthContext& context) {
  if (o.is_null() || !o.is_object()) return {Health::kNotFound, "Resource not found"};
  JsonView v(o);
  if (v["metadata"].has("deletionTimestamp")) return {Health::kTerminating, "Resource scheduled for deletion"};
  // A controller that has not seen the latest spec has nothing true to say about it yet.
  if (v["status"].has("observedGeneration")) {
    long long generation = v["metadata"]["generation"].integer();
    long long observed = v["status"]["observedGeneration"].integer();
    if (generation != observed)
      return in_progress(fmt::format("{} generation is {}, but latest observed generation is {}",
                                     v["kind"].str("Resource"), generation, observed));
  }
  if (auto c = condition_of(o, "Reconciling"); c && c->status == "True")
    return in_progress(c->message.empty() ? "Resource is reconciling" : c->message);
  if (auto c = condition_of(o, "Stalled"); c && c->status == "True")
    return failed(c->message.empty() ? "Resource is stalled" : c->message);

  const k8s::ObjectRef ref = k8s::ObjectRef::of(o);
  for (const KindRule& r : kRules)
    if (r.kind == ref.kind && r.group == ref.group()) return r.rule(o, context);
  return by_conditions(o, context);
}

}  // namespace bg::apply
