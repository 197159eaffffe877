#include "check/flow_matrix.h"

#include <algorithm>
#include <set>

namespace bg::check {

std::vector<std::string> flow_matrix(const Inventory& inv, const FlowFacts& facts) {
  std::vector<Labels> ns_labels;  // per workload
  ns_labels.reserve(inv.workloads.size());
  for (const WorkloadFact& w : inv.workloads) ns_labels.push_back(facts.labels_of_namespace(w.ns));
  std::set<std::string> lines;
  for (std::size_t a = 0; a < inv.workloads.size(); ++a) {
    const WorkloadFact& caller = inv.workloads[a];
    PodRef from{caller.ns, ns_labels[a], caller.labels};
    for (std::size_t b = 0; b < inv.workloads.size(); ++b) {
      const WorkloadFact& callee = inv.workloads[b];
      if (a == b) continue;
      PodRef to{callee.ns, ns_labels[b], callee.labels};
      for (const NamedPort& p : callee.ports) {
        TargetPort port{p.number, p.name};
        if (facts.policies.allows_egress(from, to, port) && facts.policies.allows_ingress(to, from, port))
          lines.insert(caller.ns + "/" + caller.name + " -> " + callee.ns + "/" + callee.name + ":" +
                       std::to_string(p.number) + (p.name.empty() ? "" : " (" + p.name + ")"));
      }
    }
  }
  return {lines.begin(), lines.end()};
}

std::vector<std::string> flow_matrix(const std::vector<yaml::Node>& objects) {
  Inventory inv;
  FlowFacts facts;
  for (const yaml::Node& body : objects) {
    Subject s{body, object_id(body), false, {}};
    ObjectContext ctx{s, pod_template(body, s.kind()), {}};
    if (ctx.pod) ctx.containers = containers(*ctx.pod);
    inv.collect(ctx, {});
    facts.collect(ctx, inv);
  }
  inv.index();
  return flow_matrix(inv, facts);
}

}  // namespace bg::check
