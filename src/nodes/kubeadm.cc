#include "nodes/kubeadm.h"

#include "manifest/yaml_writer.h"

namespace bg::nodes {

using Json = nlohmann::json;

namespace {

Json node_registration(const NodePlan& node) {
  Json reg = {{"name", node.name},
              {"criSocket", kCriSocket},
              {"kubeletExtraArgs", Json::array({{{"name", "node-ip"}, {"value", node.mesh_address.str()}}})}};
  // `taints` absent means kubeadm's default: the control-plane taint on control-plane nodes, none
  // elsewhere. Written only when the node needs more.
  if (!node.taints.empty()) {
    Json taints = Json::array();
    for (const Taint& t : node.taints) taints.push_back({{"key", t.key}, {"value", t.value}, {"effect", t.effect}});
    if (node.control_plane())
      taints.insert(taints.begin(), {{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}});
    reg["taints"] = taints;
  }
  return reg;
}

Json init_configuration(const Plan& plan, const NodePlan& node) {
  return {{"apiVersion", kKubeadmApiVersion},
          {"kind", "InitConfiguration"},
          {"bootstrapTokens",
           Json::array({{{"token", plan.bootstrap_token.reveal()},
                         {"description", "betelgeuse nodes: joins the nodes of " + plan.platform},
                         {"ttl", "24h0m0s"},
                         {"usages", {"signing", "authentication"}},
                         {"groups", {"system:bootstrappers:kubeadm:default-node-token"}}}})},
          {"certificateKey", plan.certificate_key.reveal()},
          {"localAPIEndpoint", {{"advertiseAddress", node.mesh_address.str()}, {"bindPort", kApiServerPort}}},
          {"nodeRegistration", node_registration(node)},
          {"skipPhases", {"addon/kube-proxy"}}};
}

Json cluster_configuration(const Plan& plan) {
  return {{"apiVersion", kKubeadmApiVersion},
          {"kind", "ClusterConfiguration"},
          {"clusterName", plan.platform},
          {"kubernetesVersion", kKubernetesVersion},
          {"controlPlaneEndpoint", plan.control_plane_endpoint()},
          {"networking",
           {{"podSubnet", plan.network.pods.str()},
            {"serviceSubnet", plan.network.services.str()},
            {"dnsDomain", "cluster.local"}}},
          {"controllerManager",
           {{"extraArgs", Json::array({{{"name", "allocate-node-cidrs"}, {"value", "false"}}})}}},
          {"proxy", {{"disabled", true}}},
          {"encryptionAlgorithm", "ECDSA-P256"}};
}

Json kubelet_configuration() {
  return {{"apiVersion", "kubelet.config.k8s.io/v1beta1"},
          {"kind", "KubeletConfiguration"},
          {"cgroupDriver", "systemd"},
          {"containerRuntimeEndpoint", kCriSocket}};
}

Json join_configuration(const Plan& plan, const NodePlan& node) {
  Json join = {{"apiVersion", kKubeadmApiVersion},
               {"kind", "JoinConfiguration"},
               {"discovery",
                {{"bootstrapToken",
                  {{"token", plan.bootstrap_token.reveal()},
                   {"apiServerEndpoint", plan.control_plane_endpoint()},
                   {"caCertHashes", {plan.ca_cert_hash}}}}}},
               {"nodeRegistration", node_registration(node)}};
  if (node.control_plane()) {
    join["controlPlane"] = {{"localAPIEndpoint", {{"advertiseAddress", node.mesh_address.str()}, {"bindPort", kApiServerPort}}},
                            {"certificateKey", plan.certificate_key.reveal()}};
  }
  return join;
}

}  // namespace

std::vector<Json> kubeadm_documents(const Plan& plan, const NodePlan& node) {
  if (node.api_host) return {init_configuration(plan, node), cluster_configuration(plan), kubelet_configuration()};
  return {join_configuration(plan, node)};
}

std::string kubeadm_file_name(const NodePlan& node) {
  return node.api_host ? "kubeadm-init.yaml" : "kubeadm-join.yaml";
}

std::string kubeadm_file(const Plan& plan, const NodePlan& node) {
  std::string head = "# kubeadm configuration (kubeadm.k8s.io/v1beta4) of node " + node.name +
                     ", written by betelgeuse nodes render.\n# " +
                     (node.api_host ? "Use: kubeadm init --config kubeadm-init.yaml --upload-certs"
                                    : "Use: kubeadm join --config kubeadm-join.yaml") +
                     " (holds the bootstrap token: keep it private).\n";
  return head + manifest::to_yaml_stream(kubeadm_documents(plan, node));
}

}  // namespace bg::nodes
