#include "nodes/wireguard.h"

namespace bg::nodes {

std::string allowed_ips(const NodePlan& peer) {
  return peer.mesh_address.str() + "/32, " + peer.pod_cidr.str();
}

std::string wg_quick_config(const Plan& plan, const NodePlan& node) {
  const platform::Network& net = plan.network;
  std::string out;
  out += "# wg0.conf of node " + node.name + " (platform " + plan.platform + "), written by betelgeuse nodes render.\n";
  out += "# Do not edit: change platform.yaml and render again. Install as /etc/wireguard/wg0.conf (mode 0600).\n";
  out += "[Interface]\n";
  out += "Address = " + node.mesh_address.str() + "/" + std::to_string(net.mesh.prefix) + "\n";
  out += "ListenPort = " + std::to_string(net.mesh_port) + "\n";
  out += "MTU = " + std::to_string(net.mtu) + "\n";
  out += "PrivateKey = " + node.private_key.reveal() + "\n";
  for (const NodePlan& peer : plan.nodes) {
    if (peer.name == node.name) continue;
    out += "\n# " + peer.name + "\n";
    out += "[Peer]\n";
    out += "PublicKey = " + peer.public_key + "\n";
    bool v6 = peer.public_address.find(':') != std::string::npos;
    std::string host = v6 ? "[" + peer.public_address + "]" : peer.public_address;
    out += "Endpoint = " + host + ":" + std::to_string(net.mesh_port) + "\n";
    out += "AllowedIPs = " + allowed_ips(peer) + "\n";
    out += "PersistentKeepalive = " + std::to_string(kPersistentKeepalive) + "\n";
  }
  return out;
}

}  // namespace bg::nodes
