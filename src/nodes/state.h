// The nodes' local state: key material and allocations that must outlive one run.
//
// Kept as JSON in a file only its owner may read (mode 0600, in a 0700 folder), by default
// `.betelgeuse/nodes-state.json` beside platform.yaml. It holds, per node name, the WireGuard key
// pair, the mesh address and the pod /24 the node was given; and, for the cluster, the kubeadm
// bootstrap token, the certificate key and the CA. Everything in it is generated once and then kept
// bit for bit — a re-render never regenerates a key unless asked (`--rotate-key NODE`), and entries
// of nodes no longer in the spec are kept (their addresses stay reserved) so that removing and
// re-adding a node, or renaming it back, changes nothing else. The state is never printed.
// Every command that loads the spec reads the recorded mesh addresses (resolve allocates around
// them, platform/mesh.h); only the nodes commands write the file.
// save_state() writes atomically (temp file + rename) with the mode set at creation.
#pragma once

#include <map>
#include <string>

#include "common/result.h"
#include "nodes/keys.h"
#include "platform/mesh.h"

namespace bg::nodes {

struct NodeState {
  Secret private_key;       // WireGuard, base64
  std::string public_key;   // WireGuard, base64
  std::string mesh_address; // "10.77.0.2"
  std::string pod_cidr;     // "10.244.1.0/24"
};

struct ClusterState {
  Secret bootstrap_token;  // "abcdef.0123456789abcdef"
  Secret certificate_key;  // 64 hex digits
  std::string ca_cert_pem;
  Secret ca_key_pem;
};

struct NodesState {
  ClusterState cluster;
  std::map<std::string, NodeState> nodes;  // by node name
  friend bool operator==(const NodesState& a, const NodesState& b);
};

inline constexpr int kStateVersion = 1;

// `<folder of spec>/.betelgeuse/nodes-state.json`.
std::string default_state_path(const std::string& spec_path);

Result<NodesState> parse_state(const std::string& text, const std::string& path);
std::string serialize_state(const NodesState& state);

// What resolve needs from the state: the mesh address recorded for each node.
platform::Recorded recorded_of(const NodesState& state);

// A missing file is an empty state; an unreadable or malformed one is an error (never silently
// replaced: that would regenerate every key).
Result<NodesState> load_state(const std::string& path);
Status save_state(const std::string& path, const NodesState& state);

}  // namespace bg::nodes
