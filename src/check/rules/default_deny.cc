// default-deny: every namespace that runs workloads has a NetworkPolicy that selects all its pods
// and allows nothing, for both directions; every allowed path is then an explicit, reviewable rule.
// Without it one compromised pod can reach every other pod in the cluster. (Cilium-specific policies
// are not read yet; a namespace isolated only through them needs a suppression that says so.)
#include <map>

#include "check/rules/rules.h"

namespace bg::check::rules {

void collect_default_deny(const ObjectContext& ctx, Inventory& inv) {
  const Subject& s = ctx.subject;
  const std::string& kind = s.kind();
  const std::string_view group = s.id.group();
  const Value* spec = s.spec();
  if (group.empty() && kind == "Namespace") {
    inv.namespaces.push_back({inv.at(s, {"metadata", "name"}), s.name()});
  } else if (group == "networking.k8s.io" && kind == "NetworkPolicy") {
    DenyFact f;
    f.ns = s.ns();
    const Value* types = field(spec, "policyTypes");
    auto has_type = [&](std::string_view t) {
      if (!is_array(types)) return t == "Ingress";  // absent: Ingress (plus Egress when egress rules exist)
      for (const Value& x : types->items)
        if (str(&x) == t) return true;
      return false;
    };
    auto no_rules = [&](std::string_view k) {
      const Value* r = field(spec, k);
      return r == nullptr || r->kind == yaml::NodeKind::kNull || (r->is_seq() && r->items.empty());
    };
    bool all = label_selector(field(spec, "podSelector")).empty();
    f.deny_ingress = all && has_type("Ingress") && no_rules("ingress");
    f.deny_egress = all && has_type("Egress") && no_rules("egress");
    inv.denials.push_back(std::move(f));
  }
}

void default_deny(const Inventory& inv, SetOut& out) {
  std::map<std::string, std::pair<bool, bool>> deny;  // namespace -> (ingress, egress)
  for (const DenyFact& p : inv.denials) {
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
