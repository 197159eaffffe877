#include "check/network_policy.h"

namespace bg::check {
namespace {

std::vector<PolicyRule> read_rules(const Value* rules, std::string_view peers_key) {
  std::vector<PolicyRule> out;
  for (const Value& r : items(rules)) {
    PolicyRule rule;
    for (const Value& p : items(field(r, peers_key))) {
      PolicyPeer peer;
      if (const Value* pods = field(p, "podSelector")) peer.pods = label_selector(pods);
      if (const Value* nss = field(p, "namespaceSelector")) peer.namespaces = label_selector(nss);
      if (const Value* block = field(p, "ipBlock")) {
        peer.ip_block = true;
        std::string_view cidr = str(field(block, "cidr"));
        peer.every_address = (cidr == "0.0.0.0/0" || cidr == "::/0") && items(field(block, "except")).empty();
      }
      rule.peers.push_back(std::move(peer));
    }
    for (const Value& p : items(field(r, "ports"))) {
      PolicyPort port;
      const Value* number = field(p, "port");
      if (auto n = integer(number)) port.number = n;
      else port.name = std::string(str(number));
      port.end = integer(field(p, "endPort"));
      if (const Value* protocol = field(p, "protocol")) port.protocol = std::string(str(protocol));
      rule.ports.push_back(std::move(port));
    }
    out.push_back(std::move(rule));
  }
  return out;
}

bool peer_matches(const PolicyPeer& p, const std::string& policy_ns, const PodRef& pod) {
  if (p.ip_block) return p.every_address;
  if (!p.pods && !p.namespaces) return false;  // an empty peer: the API refuses it
  bool ns = p.namespaces ? p.namespaces->matches(pod.ns_labels) : pod.ns == policy_ns;
  return ns && (!p.pods || p.pods->matches(pod.labels));
}

bool port_matches(const PolicyPort& p, const TargetPort& port) {
  if (p.protocol != "TCP") return false;
  if (!p.name.empty()) return p.name == port.name;
  if (!p.number) return true;
  return p.end ? *p.number <= port.number && port.number <= *p.end : *p.number == port.number;
}

}  // namespace

PolicyModel read_policy(const std::string& ns, const Value* spec) {
  PolicyModel m;
  m.ns = ns;
  m.selector = label_selector(field(spec, "podSelector"));
  const Value* egress = field(spec, "egress");
  const Value* types = field(spec, "policyTypes");
  if (is_array(types)) {
    for (const Value& t : types->items) {
      m.ingress = m.ingress || str(&t) == "Ingress";
      m.egress = m.egress || str(&t) == "Egress";
    }
  } else {
    m.ingress = true;
    m.egress = !items(egress).empty();  // as the API server defaults it
  }
  m.from = read_rules(field(spec, "ingress"), "from");
  m.to = read_rules(egress, "to");
  return m;
}

bool rule_allows(const PolicyRule& rule, const std::string& policy_ns, const PodRef& peer, const TargetPort& port) {
  bool peer_ok = rule.peers.empty();
  for (const PolicyPeer& p : rule.peers) peer_ok = peer_ok || peer_matches(p, policy_ns, peer);
  if (!peer_ok) return false;
  if (rule.ports.empty()) return true;
  for (const PolicyPort& p : rule.ports)
    if (port_matches(p, port)) return true;
  return false;
}

void PolicySet::add(PolicyModel m) {
  std::vector<PolicyModel>& in = by_ns_[m.ns];
  in.push_back(std::move(m));
}

bool PolicySet::allows(bool ingress, const PodRef& pod, const PodRef& peer, const TargetPort& port) const {
  auto it = by_ns_.find(pod.ns);
  if (it == by_ns_.end()) return true;
  bool selected = false;
  for (const PolicyModel& m : it->second) {
    if (!(ingress ? m.ingress : m.egress) || !m.selector.matches(pod.labels)) continue;
    selected = true;
    for (const PolicyRule& r : ingress ? m.from : m.to)
      if (rule_allows(r, m.ns, peer, port)) return true;
  }
  return !selected;
}

}  // namespace bg::check
