// The policy matrix: every flow between two pod templates of a set that its NetworkPolicies allow.
//
// A flow is (caller, callee, port): the callee declares the container port, and the
// NetworkPolicies let the caller's pods out to it (egress) and let them in (ingress), by the
// semantics of network_policy.h. A workload's flows to itself are left out, and so are addresses
// outside the set's pods (the API server, the internet, DNS). The matrix makes a change to
// isolation visible as a changed line: the render's golden test keeps the example's.
#pragma once

#include <string>
#include <vector>

#include "check/flow_facts.h"
#include "check/inventory.h"
#include "yaml/node.h"

namespace bg::check {

// One line per allowed flow, sorted: "ns/caller -> ns/callee:port" plus " (port name)" when the
// port has one. Callers and callees are named by namespace and object name; `inv` must be indexed.
std::vector<std::string> flow_matrix(const Inventory& inv, const FlowFacts& facts);

// The same for a set of objects (manifests as read, or a render through node_of()).
std::vector<std::string> flow_matrix(const std::vector<yaml::Node>& objects);

}  // namespace bg::check
