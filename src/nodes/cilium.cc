#include "nodes/cilium.h"

#include "manifest/yaml_writer.h"

namespace bg::nodes {

using Json = nlohmann::json;

Json cilium_values(const Plan& plan) {
  int operators = 0;
  for (const NodePlan& n : plan.nodes) operators += n.control_plane() ? 1 : 0;
  Json values = {
      {"kubeProxyReplacement", true},
      {"k8sServiceHost", plan.api_host().mesh_address.str()},
      {"k8sServicePort", kApiServerPort},
      {"externalIPs", {{"enabled", true}}},
      {"ipam", {{"mode", "kubernetes"}}},
      {"routingMode", "native"},
      {"ipv4NativeRoutingCIDR", plan.network.pods.str()},
      {"enableIPv4Masquerade", true},
      {"bpf", {{"masquerade", true}}},
      {"MTU", plan.network.mtu},
      {"encryption", {{"enabled", false}}},
      {"hubble",
       {{"enabled", true},
        {"relay", {{"enabled", true}}},
        {"metrics", {{"enabled", {"dns", "drop", "tcp", "flow", "port-distribution", "icmp", "httpV2"}}}}}},
      {"prometheus", {{"enabled", true}}},
      {"operator", {{"replicas", operators > 1 ? 2 : 1}, {"prometheus", {{"enabled", true}}}}},
      {"envoy", {{"prometheus", {{"enabled", true}}}}},
      {"gatewayAPI", {{"enabled", plan.gateway_api}}},
      // The platform's NetworkPolicies name the API server (and the webhooks it calls) by the
      // control-plane addresses; Cilium lets an ipBlock match node addresses only in this mode.
      {"policyCIDRMatchMode", {"nodes"}},
  };
  if (plan.gateway_api) {
    values["gatewayAPI"]["hostNetwork"] = {{"enabled", true}, {"nodes", {{"matchLabels", {{kIngressLabel, "true"}}}}}};
    values["envoy"]["securityContext"] = {{"capabilities", {{"keepCapNetBindService", true}}}};
  }
  return values;
}

std::string cilium_values_file(const Plan& plan) {
  return "# Cilium " + std::string(kCiliumVersion) + " Helm values for platform " + plan.platform +
         ", written by betelgeuse nodes render.\n# Use: helm upgrade --install cilium " + kCiliumChart +
         " --version " + kCiliumVersion + " --namespace kube-system -f cilium-values.yaml\n" +
         manifest::to_yaml(cilium_values(plan));
}

}  // namespace bg::nodes
