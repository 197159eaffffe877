// NetworkPolicies as the API defines their meaning: which pod may open a TCP connection to which
// pod's port.
//
// A pod that no policy of a direction selects is open in that direction. A pod that some policy
// selects for a direction (policyTypes; with no policyTypes, Ingress always and Egress when the
// policy has egress rules) is closed that way except where a rule of one of those policies matches
// both the peer and the port. A rule with no peers (`from`/`to` absent or empty) matches every
// peer, and one with no ports every port. A peer is a podSelector (pods of the policy's own
// namespace), a namespaceSelector (every pod of the namespaces it selects), both (the pods it
// selects in those namespaces), or an ipBlock. A port is a number, a range (`endPort`) or the name
// of the destination pod's container port, with the protocol TCP unless written otherwise.
//
// Pod addresses are not known to a static check and implementations differ on whether an ipBlock
// matches pods at all, so an ipBlock matches a pod only when it covers every address
// (0.0.0.0/0 or ::/0 without exceptions).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "check/selector.h"
#include "check/value.h"

namespace bg::check {

struct PolicyPeer {
  std::optional<Selector> pods;        // absent: every pod (of the namespaces below)
  std::optional<Selector> namespaces;  // absent: the policy's own namespace
  bool ip_block = false;
  bool every_address = false;  // an ipBlock of 0.0.0.0/0 or ::/0 without `except`
};

struct PolicyPort {
  std::optional<int64_t> number, end;  // neither: every port (of the protocol)
  std::string name;
  std::string protocol = "TCP";
};

struct PolicyRule {
  std::vector<PolicyPeer> peers;  // empty: every peer
  std::vector<PolicyPort> ports;  // empty: every port
};

struct PolicyModel {
  std::string ns;
  Selector selector;
  bool ingress = false, egress = false;  // the directions the policy governs
  std::vector<PolicyRule> from, to;
};

// A networking.k8s.io NetworkPolicy's `spec`, read leniently (unreadable parts match nothing).
PolicyModel read_policy(const std::string& ns, const Value* spec);

// One end of a flow: a pod's namespace, its namespace's labels and its own labels.
struct PodRef {
  const std::string& ns;
  const Labels& ns_labels;
  const Labels& labels;
};

// The destination port of a flow, as the destination pod declares it (name may be "").
struct TargetPort {
  int64_t number = 0;
  std::string name;
};

// Whether `rule` of a policy in `policy_ns` lets `peer` through on TCP `port`.
bool rule_allows(const PolicyRule& rule, const std::string& policy_ns, const PodRef& peer, const TargetPort& port);

// Every policy of a set, by namespace.
class PolicySet {
 public:
  void add(PolicyModel m);
  // Whether `pod` lets `peer` in (ingress) on `port`, or lets itself out to `peer` (egress) on the
  // peer's `port`.
  bool allows_ingress(const PodRef& pod, const PodRef& from, const TargetPort& port) const {
    return allows(true, pod, from, port);
  }
  bool allows_egress(const PodRef& pod, const PodRef& to, const TargetPort& port) const {
    return allows(false, pod, to, port);
  }
  bool empty() const { return by_ns_.empty(); }

 private:
  bool allows(bool ingress, const PodRef& pod, const PodRef& peer, const TargetPort& port) const;
  std::map<std::string, std::vector<PolicyModel>, std::less<>> by_ns_;
};

}  // namespace bg::check
