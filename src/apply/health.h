// Health of a live object, by the kstatus rules (sigs.k8s.io/cli-utils/pkg/kstatus) and the rules
// of the add-ons' kinds.
//
// A wave of apply is healthy when every object in it is Current. The rules are kstatus's: an
// object being deleted is Terminating; a controller that has not yet observed the latest
// generation means InProgress; built-in kinds have their own rules (a Deployment is Current when
// every replica is updated, available and ready; a PVC when it is Bound, or Pending on a
// StorageClass that binds on first use; a Job when it is Complete); anything else follows the
// standard conditions (Reconciling/Stalled/Ready). Kinds whose controllers report otherwise have
// rules of their own, as a table (health.cc; the rules in health_addons.cc): cert-manager's
// Certificate, Issuer and ClusterIssuer (no status yet is InProgress, not Current), Gateway API's
// Gateway (Accepted, Programmed and each listener's conditions) and routes (each parent's
// Accepted and ResolvedRefs), webhook configurations, CRDs and APIServices whose CA cert-manager's
// cainjector must inject. The function is pure: it reads the object's JSON and the context and
// nothing else, so apply, status and the daemon agree on what "healthy" means and tests need no
// cluster.
#pragma once

#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace bg::apply {

enum class Health { kCurrent, kInProgress, kFailed, kTerminating, kNotFound };

const char* health_name(Health h);  // "Current", "InProgress", ...

struct HealthReport {
  Health health = Health::kInProgress;
  std::string message;  // why, for a person: "Ready: 1/3", "Job failed: BackoffLimitExceeded"
};

// What one object cannot say about itself, learnt from the others apply sends.
struct HealthContext {
  // StorageClasses that bind a claim only when a pod first uses it (volumeBindingMode
  // WaitForFirstConsumer): such a claim is Pending until then, and that is healthy.
  std::set<std::string> wait_for_first_consumer;

  // Records what `object` tells about others (a StorageClass's binding mode); others are ignored.
  void learn(const nlohmann::json& object);
};

// `object` is the live object as the API server returns it; null means it does not exist.
HealthReport health_of(const nlohmann::json& object, const HealthContext& context = {});

}  // namespace bg::apply
