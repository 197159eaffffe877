// The firewall: which ports a node must open on its public address, as data and as nftables rules.
//
// Public: the WireGuard port (UDP, from anywhere — WireGuard answers nothing that is not signed by a
// known peer, so narrowing it by source would only make adding a node touch every firewall), SSH
// (TCP 22, for `nodes apply`), and on ingress nodes HTTP, HTTPS and every raw TCP port the platform
// exposes. Everything between nodes — the API server (6443), etcd (2379-2380), the kubelet (10250),
// Cilium health (4240), Hubble (4244), metrics (9962-9965) — travels inside wg0 and is accepted there,
// as is traffic from pods (Cilium's lxc*/cilium_* devices). The rules live in their own nftables
// table `inet betelgeuse`, replaced as a whole on every load, with policy drop on input.
#pragma once

#include <string>
#include <vector>

#include "nodes/plan.h"

namespace bg::nodes {

struct OpenPort {
  std::string protocol;  // "tcp" or "udp"
  int port = 0;
  std::string why;
  friend bool operator==(const OpenPort&, const OpenPort&) = default;
};

// Ports open to the internet on `node`, in a fixed order.
std::vector<OpenPort> public_ports(const Plan& plan, const NodePlan& node);

// The nftables ruleset (for `nft -f`).
std::string firewall_rules(const Plan& plan, const NodePlan& node);

}  // namespace bg::nodes
