// default-deny: every namespace that runs workloads has a NetworkPolicy that selects all its pods
// and allows nothing, for both directions; every allowed path is then an explicit, reviewable rule.
// Without it one compromised pod can reach every other pod in the cluster. (Cilium-specific policies
// are not read yet; a namespace isolated only through them needs a suppression that says so.)
#include <map>

#include "check/rules/rules.h"

namespace bg::check::rules {

void default_deny(const Inventory& inv, SetOut& out) {
  std::map<std::string, std::pair<bool, bool>> deny;  // namespace -> (ingress, egress)
  for (const NetworkPolicyFact& p : inv.network_policies) {
    auto& d = deny[p.ns];
    d.first = d.first || p.deny_ingress;
    d.second = d.second || p.deny_egress;
  }
  std::map<std::string, const At*> where;  // namespace -> the Namespace object, else its first workload
  for (const WorkloadFact& w : inv.workloads) where.emplace(w.ns, &w.at);
  for (const NamespaceFact& n : inv.namespaces) {
    auto it = where.find(n.name);
    if (it != where.end()) it->second = &n.at;
  }
  for (const auto& [ns, at] : where) {
    auto d = deny[ns];
    if (d.first && d.second) continue;
    std::string missing = !d.first && !d.second ? "ingress and egress" : !d.first ? "ingress" : "egress";
    std::string who = ns.empty() ? "the objects without a namespace run workloads, but no default-deny NetworkPolicy"
                                 : "namespace \"" + ns + "\" runs workloads but has no default-deny NetworkPolicy";
    out.add("default-deny", *at, who + " for " + missing,
            "add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules; then allow each "
            "needed path with its own policy");
  }
}

}  // namespace bg::check::rules
