// Mesh addresses: where each node sits on the WireGuard mesh, decided once, by resolve.
//
// kubeadm advertises the API server on its node's mesh address, and the isolate trait lets pods
// reach the API server there; both read this one decision from the Platform, so they cannot
// disagree. A node gets its `meshAddress` when the spec gives one (it must be a host of meshCIDR);
// otherwise the address an earlier run recorded for it in the nodes state file; otherwise the
// lowest host of meshCIDR that no explicit address and no recorded one holds. Addresses recorded
// for nodes no longer in the spec stay reserved, so an address once given is never given to another
// node, and a node without `meshAddress` keeps its address when nodes are added anywhere in the file.
// Only the nodes commands write the state file (they own its keys); resolve only reads what it holds.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "platform/network.h"
#include "spec/spec.h"

namespace bg::platform {

// What earlier runs allocated and recorded (the nodes state file), by node name.
struct Recorded {
  std::map<std::string, std::string> mesh_addresses;  // "10.77.0.2", as the state file holds it
};

// The mesh address of every node in `nodes`, by name. A node whose explicit address is not a host of
// `network.mesh`, or for which no address is left, is reported in `diags` and left out.
std::map<std::string, Ipv4> allocate_mesh_addresses(const std::vector<spec::NodeSpec>& nodes, const Network& network,
                                                    const SourceLocation& mesh_cidr_loc, const Recorded& recorded,
                                                    Diagnostics& diags);

}  // namespace bg::platform
