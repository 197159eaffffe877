// The WireGuard mesh: one wg0.conf per node, every node a peer of every other (a full mesh).
//
// A node's [Interface] has its mesh address (with the mesh's prefix, so the mesh subnet routes over
// wg0), the mesh port, the MTU and its private key. Each [Peer] is another node: its public key, its
// public address and port as Endpoint, PersistentKeepalive 25 (keeps NAT and stateful firewalls
// open), and AllowedIPs = its mesh address /32 plus its pod /24 — wg-quick routes the pod slice over
// wg0, which is how Cilium's native routing reaches pods on other nodes without a tunnel. Peers are
// written in spec order, so adding a node adds exactly one [Peer] block to every other node's file.
// The file is what `wg-quick` reads (wg-quick keys Address and MTU included).
#pragma once

#include <string>

#include "nodes/plan.h"

namespace bg::nodes {

inline constexpr int kPersistentKeepalive = 25;

std::string wg_quick_config(const Plan& plan, const NodePlan& node);

// The AllowedIPs of `peer` as written in every other node's file ("10.77.0.2/32, 10.244.1.0/24").
std::string allowed_ips(const NodePlan& peer);

}  // namespace bg::nodes
