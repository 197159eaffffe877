// Phase kubeadm: the cluster. On the API host: the Betelgeuse-made CA (refusing to replace a
// different CA of a cluster that already runs), the init configuration, `kubeadm init`. Then every
// other node joins, control planes first (their certificates re-uploaded by the API host first,
// since kubeadm's uploaded copies expire after two hours), with the bootstrap token re-created on the
// API host when it has expired. Last, each Node gets its pod /24 (spec.podCIDR), which Cilium's
// kubernetes IPAM uses and wg0 already routes. Secrets travel only in uploads.
#include <algorithm>

#include "nodes/kubeadm.h"
#include "nodes/phases.h"

namespace bg::nodes {

std::vector<Step> kubeadm_steps(const Plan& plan) {
  std::vector<Step> out;
  const NodePlan& api = plan.api_host();
  const std::string kubectl = kKubectl;
  auto step = [&](const std::string& host, std::string name, std::string check, std::string command) {
    Step s;
    s.phase = "kubeadm";
    s.host = host;
    s.name = std::move(name);
    s.check = std::move(check);
    s.command = std::move(command);
    out.push_back(std::move(s));
  };
  const std::string ca_sum = sha256_hex(plan.ca_cert_pem);
  out.push_back(require_step("kubeadm", api.name, "cluster CA unchanged",
                             "! test -f /etc/kubernetes/pki/ca.crt || test \"$(sha256sum /etc/kubernetes/pki/ca.crt | "
                             "cut -d' ' -f1)\" = " + ca_sum,
                             "/etc/kubernetes/pki/ca.crt holds a different CA than the nodes state file: this machine "
                             "already belongs to another cluster (or the state file was replaced); run `kubeadm reset` "
                             "there or restore the state file"));
  out.push_back(upload_step("kubeadm", api.name, "cluster CA certificate", "/etc/kubernetes/pki/ca.crt", plan.ca_cert_pem, 0644));
  out.push_back(upload_step("kubeadm", api.name, "cluster CA key", "/etc/kubernetes/pki/ca.key", plan.ca_key_pem.reveal(), 0600));
  out.push_back(upload_step("kubeadm", api.name, "kubeadm-init.yaml", std::string(kConfigDir) + "/kubeadm-init.yaml",
                            kubeadm_file(plan, api), 0600));
  step(api.name, "kubeadm init", "test -f /etc/kubernetes/admin.conf",
       "kubeadm init --config /etc/betelgeuse/kubeadm-init.yaml --upload-certs");

  std::vector<const NodePlan*> joiners;
  for (const NodePlan& n : plan.nodes)
    if (!n.api_host) joiners.push_back(&n);
  std::stable_sort(joiners.begin(), joiners.end(),
                   [](const NodePlan* a, const NodePlan* b) { return a->control_plane() && !b->control_plane(); });
  if (!joiners.empty()) {
    out.push_back(upload_step("kubeadm", api.name, "bootstrap token file", std::string(kConfigDir) + "/bootstrap-token",
                              plan.bootstrap_token.reveal() + "\n", 0600));
    step(api.name, "bootstrap token " + token_id(plan.bootstrap_token) + " valid",
         "kubeadm token list --kubeconfig /etc/kubernetes/admin.conf 2>/dev/null | grep -q '^" +
             token_id(plan.bootstrap_token) + "\\.'",
         "kubeadm token create --kubeconfig /etc/kubernetes/admin.conf \"$(cat /etc/betelgeuse/bootstrap-token)\" "
         "--ttl 24h0m0s --description 'betelgeuse nodes join token' >/dev/null");
  }
  for (const NodePlan* n : joiners) {
    std::string joined = "test -f /etc/kubernetes/kubelet.conf";
    if (n->control_plane()) {
      step(api.name, "certificates for " + n->name, kubectl + " get node " + n->name + " >/dev/null 2>&1",
           "kubeadm init phase upload-certs --upload-certs --config /etc/betelgeuse/kubeadm-init.yaml >/dev/null");
    }
    // Appended, not `std::string(kConfigDir) + "…"`: gcc 12 reports a false array-bounds overrun there.
    std::string join_path = kConfigDir;
    join_path += "/kubeadm-join.yaml";
    out.push_back(upload_step("kubeadm", n->name, "kubeadm-join.yaml", join_path,
                              kubeadm_file(plan, *n), 0600));
    step(n->name, "kubeadm join", joined, "kubeadm join --config /etc/betelgeuse/kubeadm-join.yaml");
  }
  for (const NodePlan& n : plan.nodes) {
    std::string cidr = n.pod_cidr.str();
    step(api.name, "pod CIDR of " + n.name + " " + cidr,
         "test \"$(" + kubectl + " get node " + n.name + " -o jsonpath='{.spec.podCIDR}')\" = " + cidr,
         kubectl + " patch node " + n.name + " --type merge -p '{\"spec\":{\"podCIDR\":\"" + cidr +
             "\",\"podCIDRs\":[\"" + cidr + "\"]}}'");
  }
  return out;
}

}  // namespace bg::nodes
