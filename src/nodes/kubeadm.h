// kubeadm configuration (API kubeadm.k8s.io/v1beta4) for every node.
//
// The API host gets `kubeadm-init.yaml`: an InitConfiguration (its mesh address as advertise address
// and kubelet node-ip, the bootstrap token the other nodes join with, the certificate key for
// upload-certs, `skipPhases: [addon/kube-proxy]`), a ClusterConfiguration (controlPlaneEndpoint on the
// mesh, pod and service subnets, `proxy.disabled: true` — both switches, see docs/nodes.md — node
// CIDR allocation switched off because Betelgeuse gives each node its pod /24, ECDSA-P256 certs) and a
// KubeletConfiguration (systemd cgroups, containerd's socket). Every other node gets
// `kubeadm-join.yaml`: a JoinConfiguration discovering the API host through the bootstrap token with
// the CA pinned by `caCertHashes`; control-plane nodes also get `controlPlane` with their advertise
// address and the certificate key; GPU nodes register with their taint.
// Field names and shapes follow the v1beta4 types; kubeadm_api.h can tell any other key apart.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nodes/plan.h"

namespace bg::nodes {

inline constexpr const char* kKubeadmApiVersion = "kubeadm.k8s.io/v1beta4";
inline constexpr const char* kKubernetesVersion = "v1.36.2";
inline constexpr const char* kCriSocket = "unix:///run/containerd/containerd.sock";

// The documents of the node's kubeadm file, in file order.
std::vector<nlohmann::json> kubeadm_documents(const Plan& plan, const NodePlan& node);

// "kubeadm-init.yaml" for the API host, "kubeadm-join.yaml" for every other node.
std::string kubeadm_file_name(const NodePlan& node);

// The whole file: a comment header and the documents as one YAML stream.
std::string kubeadm_file(const Plan& plan, const NodePlan& node);

}  // namespace bg::nodes
