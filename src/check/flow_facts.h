// FlowFacts: what the flow rules keep of each object — the endpoints workloads are configured to
// call, and the NetworkPolicies and namespace labels that decide whether they can.
//
// Like the Inventory (inventory.h), these are copied while objects stream past and judged once
// every object is in (rules/flows.cc, flow_matrix.h). A pod template leaves the endpoints named in
// its containers' env values, args and command, and the ConfigMaps it reads (envFrom, env
// configMapKeyRef, configMap and projected volumes); a ConfigMap leaves the endpoints in its data
// values; a NetworkPolicy its whole model; a Namespace its labels. Objects that name no endpoint
// and read no ConfigMap leave nothing, so a large set costs a substring search per string value.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "check/endpoints.h"
#include "check/inventory.h"
#include "check/network_policy.h"

namespace bg::check {

struct EndpointUse {
  Endpoint endpoint;
  At at;  // the line that names it
};

struct CallerFact {  // a pod template that names endpoints in its containers
  std::uint32_t object = 0;
  std::vector<EndpointUse> endpoints;
};

struct ConfigMapRead {  // a pod template reading a ConfigMap (most do, few name endpoints there)
  std::uint32_t object = 0;
  std::string name;
  std::string key;  // "": every key
};

struct ConfigMapEndpoints {  // a ConfigMap whose data names endpoints
  std::string ns, name;
  std::vector<std::pair<std::string, EndpointUse>> endpoints;  // (data key, endpoint)
};

struct FlowFacts {
  std::vector<CallerFact> callers;
  std::vector<ConfigMapRead> reads;
  std::vector<ConfigMapEndpoints> configmaps;
  PolicySet policies;
  std::map<std::string, Labels, std::less<>> namespace_labels;  // of the set's Namespace objects

  // Copies the facts of the object `inv` has just collected (Inventory::collect), so that every
  // At points into the Inventory's objects and files.
  void collect(const ObjectContext& ctx, Inventory& inv);
  // A namespace's labels: its object's, or only kubernetes.io/metadata.name when the set has none.
  Labels labels_of_namespace(const std::string& ns) const;
};

}  // namespace bg::check
