// What operators create from custom resources: the pods (and the Services) that no manifest set
// contains, because an operator makes them at run time from a resource that is in the set.
//
// A Prometheus resource makes prometheus-operator run a StatefulSet whose pods carry documented
// labels (app.kubernetes.io/name: prometheus, prometheus: <name>, …) plus the resource's own
// spec.podMetadata.labels, and a governing Service `prometheus-operated`. Services, NetworkPolicies
// and monitors in the same set select those pods, and Ingresses point at that Service; without
// knowing what the operator makes, every one of them would be reported as selecting nothing.
//
// The knowledge is a table, one row per custom resource kind (operator_pods.cc), written from the
// operators' documentation and source; each row names the labels, the container port names and
// the Services its operator gives. Only what the operator always or documentably derives from the
// resource is modelled; a label it sets from its own flags (prometheus-operator's --labels) is not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/selector.h"
#include "check/subject.h"

namespace bg::check {

struct MadePort {
  std::string name;
  int64_t number = 0;
};

struct MadeService {
  std::string name;  // in the resource's namespace
  Labels labels;
  std::vector<MadePort> ports;
};

struct OperatorMade {
  std::string operator_name;  // "prometheus-operator", for messages and docs
  Labels pod_labels;                // sorted by key, as Selector::matches expects
  std::vector<MadePort> pod_ports;  // every container's named ports
  std::vector<MadeService> services;
};

// What the operator of `s`'s kind makes for it, or nothing when no row of the table knows the kind.
std::optional<OperatorMade> operator_made(const Subject& s);

}  // namespace bg::check
