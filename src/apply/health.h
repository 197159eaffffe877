// Health of a live object, by the kstatus rules (sigs.k8s.io/cli-utils/pkg/kstatus).
//
// A wave of apply is healthy when every object in it is Current. The rules are kstatus's: an
// object being deleted is Terminating; a controller that has not yet observed the latest
// generation means InProgress; built-in kinds have their own rules (a Deployment is Current when
// every replica is updated, available and ready; a PVC when it is Bound; a Job when it is
// Complete); anything else follows the standard conditions (Reconciling/Stalled/Ready). Custom
// resources with a Ready condition, such as cert-manager Certificates, are Current when it is True.
// The function is pure: it reads the object's JSON and nothing else, so apply, status and the
// daemon agree on what "healthy" means and tests need no cluster.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace bg::apply {

enum class Health { kCurrent, kInProgress, kFailed, kTerminating, kNotFound };

const char* health_name(Health h);  // "Current", "InProgress", ...

struct HealthReport {
  Health health = Health::kInProgress;
  std::string message;  // why, for a person: "Ready: 1/3", "Job failed: BackoffLimitExceeded"
};

// `object` is the live object as the API server returns it; null means it does not exist.
HealthReport health_of(const nlohmann::json& object);

}  // namespace bg::apply
