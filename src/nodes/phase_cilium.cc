// Phase cilium: the CNI, installed by Helm on the API host with the rendered values. Gateway API
// CRDs go in first when the platform uses the gateway-api backend (Cilium's controller needs them
// before it starts). The install is skipped when the same chart version and values are already in
// place (a marker file holds their digest); then the agents must all become ready.
#include "nodes/cilium.h"
#include "nodes/phases.h"

namespace bg::nodes {

inline constexpr const char* kHelmVersion = "v3.18.4";

std::vector<Step> cilium_steps(const Plan& plan) {
  std::vector<Step> out;
  const NodePlan& api = plan.api_host();
  const std::string kubectl = kKubectl;
  auto step = [&](std::string name, std::string check, std::string command) {
    Step s;
    s.phase = "cilium";
    s.host = api.name;
    s.name = std::move(name);
    s.check = std::move(check);
    s.command = std::move(command);
    out.push_back(std::move(s));
  };
  step(std::string("helm ") + kHelmVersion, "helm version --short 2>/dev/null | grep -q '^" + std::string(kHelmVersion) + "'",
       "arch=$(dpkg --print-architecture) && curl -fsSL https://get.helm.sh/helm-" + std::string(kHelmVersion) +
           "-linux-$arch.tar.gz | tar -xzO linux-$arch/helm > /usr/local/bin/helm.tmp && "
           "chmod 0755 /usr/local/bin/helm.tmp && mv /usr/local/bin/helm.tmp /usr/local/bin/helm");
  // Strings that start from a constant are built from named std::strings: gcc 12 reports false
  // array-bounds overruns on `std::string(constant) + "…"` (fatal with -Werror).
  const std::string gateway_api_version = kGatewayApiVersion, cilium_version = kCiliumVersion;
  const std::string config_dir = kConfigDir, cilium_chart = kCiliumChart;
  if (plan.gateway_api) {
    step("Gateway API CRDs " + gateway_api_version,
         kubectl + " get crd gateways.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}' "
                   "2>/dev/null | grep -qx " + gateway_api_version,
         kubectl + " apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/" +
             gateway_api_version + "/standard-install.yaml");
  }
  std::string values = cilium_values_file(plan);
  out.push_back(upload_step("cilium", api.name, "cilium-values.yaml", config_dir + "/cilium-values.yaml", values, 0644));
  std::string marker = cilium_version + " " + sha256_hex(values);
  step("cilium " + cilium_version,
       "test \"$(cat /etc/betelgeuse/cilium-installed 2>/dev/null)\" = '" + marker +
           "' && KUBECONFIG=/etc/kubernetes/admin.conf helm status cilium -n kube-system >/dev/null 2>&1",
       "KUBECONFIG=/etc/kubernetes/admin.conf helm upgrade --install cilium " + cilium_chart + " --version " +
           cilium_version + " --namespace kube-system -f /etc/betelgeuse/cilium-values.yaml && echo '" + marker +
           "' > /etc/betelgeuse/cilium-installed");
  step("cilium agents ready", "", kubectl + " -n kube-system rollout status daemonset/cilium --timeout=10m >/dev/null");
  return out;
}

}  // namespace bg::nodes
