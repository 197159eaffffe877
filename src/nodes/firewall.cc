#include "nodes/firewall.h"

namespace bg::nodes {

std::vector<OpenPort> public_ports(const Plan& plan, const NodePlan& node) {
  std::vector<OpenPort> out = {{"udp", plan.network.mesh_port, "WireGuard mesh"}, {"tcp", 22, "SSH"}};
  if (node.ingress) {
    for (int p : plan.ingress_tcp_ports) {
      std::string why = p == 80 ? "HTTP (ingress, ACME HTTP-01)" : p == 443 ? "HTTPS (ingress)" : "raw TCP (ingress)";
      out.push_back({"tcp", p, why});
    }
  }
  return out;
}

std::string firewall_rules(const Plan& plan, const NodePlan& node) {
  std::string out;
  out += "#!/usr/sbin/nft -f\n";
  out += "# Firewall of node " + node.name + ", written by betelgeuse nodes render. Load with `nft -f`.\n";
  out += "# Open on the public address:\n";
  for (const OpenPort& p : public_ports(plan, node))
    out += "#   " + p.protocol + " " + std::to_string(p.port) + "  " + p.why + "\n";
  out += "# Node-to-node traffic (API server 6443, etcd 2379-2380, kubelet 10250, Cilium health 4240,\n";
  out += "# Hubble 4244, metrics 9962-9965) travels inside the mesh interface wg0.\n";
  out += "table inet betelgeuse {}\n";
  out += "delete table inet betelgeuse\n";
  out += "table inet betelgeuse {\n";
  out += "  chain input {\n";
  out += "    type filter hook input priority filter; policy drop;\n";
  out += "    ct state established,related accept\n";
  out += "    ct state invalid drop\n";
  out += "    iif \"lo\" accept\n";
  out += "    iifname \"wg0\" accept\n";
  out += "    iifname { \"cilium_*\", \"lxc*\" } accept\n";
  out += "    meta l4proto { icmp, ipv6-icmp } accept\n";
  std::string udp, tcp;
  for (const OpenPort& p : public_ports(plan, node)) {
    std::string& list = p.protocol == "udp" ? udp : tcp;
    list += (list.empty() ? "" : ", ") + std::to_string(p.port);
  }
  if (!udp.empty()) out += "    udp dport { " + udp + " } accept\n";
  if (!tcp.empty()) out += "    tcp dport { " + tcp + " } accept\n";
  out += "  }\n";
  out += "}\n";
  return out;
}

}  // namespace bg::nodes
