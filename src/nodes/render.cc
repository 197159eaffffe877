#include "nodes/render.h"

#include "nodes/cilium.h"
#include "nodes/firewall.h"
#include "nodes/kubeadm.h"
#include "nodes/phases.h"
#include "nodes/wireguard.h"

namespace bg::nodes {

std::map<std::string, std::string> render_nodes(const Plan& plan) {
  std::map<std::string, std::string> files;
  bool gpus = false;
  for (const NodePlan& n : plan.nodes) {
    const std::string dir = n.name + "/";
    gpus |= n.gpu();
    files[dir + "wg0.conf"] = wg_quick_config(plan, n);
    files[dir + kubeadm_file_name(n)] = kubeadm_file(plan, n);
    files[dir + "firewall.nft"] = firewall_rules(plan, n);
    files[dir + "prepare.sh"] = shell_script("prepare phase of node " + n.name + " (betelgeuse nodes render); run as root",
                                             steps_on(prepare_steps(plan), n.name));
    if (n.api_host) {
      files[dir + "cilium-values.yaml"] = cilium_values_file(plan);
      files[dir + "pki/ca.crt"] = plan.ca_cert_pem;
      files[dir + "pki/ca.key"] = plan.ca_key_pem.reveal();
    }
  }
  // Appended, not `std::string(header) + "…"`: gcc 12 reports a false array-bounds overrun there.
  std::string kustomization = kNodesTreeHeader;
  kustomization += "# The node folders hold machine files for `betelgeuse nodes apply` (or for copying by hand);\n"
                              "# this file lists the cluster objects the nodes need.\n"
                              "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";
  if (gpus) {
    files["runtimeclass-nvidia.yaml"] = runtime_class_nvidia();
    kustomization += "resources:\n- runtimeclass-nvidia.yaml\n";
  } else {
    kustomization += "resources: []\n";
  }
  files["kustomization.yaml"] = kustomization;
  return files;
}

}  // namespace bg::nodes
