// Phase mesh: the WireGuard full mesh up on every node, then proven by every node reaching every
// peer over wg0.
//
// A changed wg0.conf is applied to a running interface with `wg syncconf` (peers are added without
// dropping the others' sessions) plus a route for each peer's AllowedIPs, which is what wg-quick
// would have added at start; a node whose wg0 is down gets `systemctl enable --now wg-quick@wg0`.
#include "nodes/phases.h"
#include "nodes/wireguard.h"

namespace bg::nodes {

std::vector<Step> mesh_steps(const Plan& plan) {
  std::vector<Step> out;
  for (const NodePlan& n : plan.nodes) {
    std::string routes;
    for (const NodePlan& peer : plan.nodes)
      if (peer.name != n.name) routes += " " + peer.mesh_address.str() + "/32 " + peer.pod_cidr.str();
    std::string sync =
        "if ip link show wg0 >/dev/null 2>&1; then "
        "(umask 077; wg-quick strip wg0 > /run/betelgeuse-wg0.conf) && wg syncconf wg0 /run/betelgeuse-wg0.conf && "
        "rm -f /run/betelgeuse-wg0.conf && for r in" + routes + "; do ip route replace \"$r\" dev wg0; done; fi";
    out.push_back(upload_step("mesh", n.name, "wg0.conf", "/etc/wireguard/wg0.conf", wg_quick_config(plan, n), 0600, sync));
    Step up;
    up.phase = "mesh";
    up.host = n.name;
    up.name = "wg0 up";
    up.check = "systemctl is-active --quiet wg-quick@wg0 && ip link show wg0";
    up.command = "systemctl enable wg-quick@wg0 && systemctl restart wg-quick@wg0";
    out.push_back(up);
  }
  for (const NodePlan& n : plan.nodes) {
    if (plan.nodes.size() < 2) break;
    Step s;
    s.phase = "mesh";
    s.host = n.name;
    s.name = "peers reachable";
    for (const NodePlan& peer : plan.nodes) {
      if (peer.name == n.name) continue;
      s.command += (s.command.empty() ? "" : " && ") + std::string("{ ping -c 1 -W 3 ") + peer.mesh_address.str() +
                   " >/dev/null || { echo 'no answer from " + peer.name + " (" + peer.mesh_address.str() +
                   ") over wg0: is UDP " + std::to_string(plan.network.mesh_port) + " open on " + peer.public_address +
                   "?' >&2; exit 1; }; }";
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace bg::nodes
