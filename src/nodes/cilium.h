// Cilium 1.20 Helm values for the platform's CNI.
//
// Cilium replaces kube-proxy (`kubeProxyReplacement: true`, told the API server's mesh address since
// there is no kube-proxy to reach the Service IP), serves the access layer's externalIPs, and routes
// pods natively over the WireGuard mesh: `routingMode: native` for podCIDR, `ipam.mode: kubernetes`
// reading the /24 Betelgeuse assigns to each Node, and wg0 carrying each node's /24 as AllowedIPs.
// Cilium's own WireGuard encryption stays off: the mesh already encrypts every node-to-node packet,
// and encrypting twice would cost 80 more bytes of MTU for nothing. Hubble (with relay and flow
// metrics) and Prometheus metrics of the agent, operator and Envoy are on. When the platform's
// exposure backend is gateway-api, Cilium's Gateway API controller is on, with Envoy on the ingress
// nodes' host network (bare metal has no load balancer).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "nodes/plan.h"

namespace bg::nodes {

inline constexpr const char* kCiliumVersion = "1.20.1";
inline constexpr const char* kCiliumChart = "oci://quay.io/cilium/charts/cilium";
inline constexpr const char* kGatewayApiVersion = "v1.6.1";  // the CRDs Cilium 1.20 is built against

nlohmann::json cilium_values(const Plan& plan);

// The values file, with a header comment naming chart and version.
std::string cilium_values_file(const Plan& plan);

}  // namespace bg::nodes
