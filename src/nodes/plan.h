// The nodes plan: every machine-level fact `nodes render` and `nodes apply` need, as one value.
//
// build_plan() joins the resolved Platform (nodes, roles, mesh addresses, network ranges, ingress,
// where local volumes live) and the local state (keys, allocations). The network and every node's
// mesh address are the Platform's (resolve decided them, reading this same state), never decided
// again here: what kubeadm advertises is what render's NetworkPolicies allow. It completes the
// state where it is missing — a key pair for a new node, the node's mesh address as resolved, a pod
// /24 per node (the lowest free slice of podCIDR), the bootstrap token, certificate key and CA — and
// never changes what the state already holds unless a rotation was asked for. Earlier allocations
// are kept, so adding a node gives only the new node new values. The first control-plane node in
// spec order is the API host: it runs `kubeadm init`, and its mesh address is the control-plane
// endpoint. Spec problems (no pod /24 left) are Diagnostics at their place.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "nodes/keys.h"
#include "nodes/state.h"
#include "platform/network.h"
#include "platform/platform.h"
#include "spec/spec.h"

namespace bg::nodes {

using platform::Cidr;
using platform::Ipv4;

inline constexpr int kApiServerPort = 6443;
inline constexpr const char* kIngressLabel = "platform.betelgeusebytes.io/ingress";
inline constexpr const char* kGpuTaintKey = "nvidia.com/gpu";

struct Taint {
  std::string key, value, effect;
  friend bool operator==(const Taint&, const Taint&) = default;
};

struct NodePlan {
  std::string name;
  spec::NodeRole role = spec::NodeRole::kWorker;
  std::string public_address;
  Ipv4 mesh_address;
  Cidr pod_cidr;
  Secret private_key;
  std::string public_key;
  std::string ssd_path;
  bool ingress = false;
  bool api_host = false;                     // runs kubeadm init
  std::map<std::string, std::string> labels;  // user labels plus role and ingress labels
  std::vector<Taint> taints;                 // beyond kubeadm's control-plane default
  std::vector<std::string> storage_dirs;     // local PV folders on this node, sorted

  bool control_plane() const { return role == spec::NodeRole::kControlPlane; }
  bool gpu() const { return role == spec::NodeRole::kGpu; }
};

struct Plan {
  std::string platform;
  platform::Network network;
  std::vector<NodePlan> nodes;  // spec order
  bool gateway_api = false;
  std::vector<int> ingress_tcp_ports;  // 80, 443 and every raw TCP port, sorted
  Secret bootstrap_token;
  Secret certificate_key;
  std::string ca_cert_pem;
  Secret ca_key_pem;
  std::string ca_cert_hash;  // "sha256:…"

  const NodePlan& api_host() const;
  const NodePlan* find(const std::string& name) const;
  std::string control_plane_endpoint() const;  // "<api host mesh address>:6443"
};

struct PlanOptions {
  std::set<std::string> rotate_keys;  // node names whose WireGuard keys are made anew
};

// Completes `state` (see above) and returns the plan; `state_changed` tells the caller to save it.
// On diagnostics the returned plan is incomplete and must not be used.
Plan build_plan(const spec::Spec& spec, const platform::Platform& platform, NodesState& state,
                const PlanOptions& options, bool& state_changed, Diagnostics& diags);

}  // namespace bg::nodes
