// service-selects-nothing, service-target-port: a Service reaches the pods it is meant for. A
// selector that matches no pod template leaves the Service without endpoints (connections are
// refused); a named targetPort that no selected pod declares leaves it without ports to send to.
// Services without a selector (endpoints managed by hand, ExternalName) are left alone.
#include "check/rules/rules.h"

namespace bg::check::rules {

void service_selectors(const Inventory& inv, SetOut& out) {
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  for (const ServiceFact& s : inv.services) {
    if (!s.selector) continue;
    std::vector<std::uint32_t> pods = inv.workload_labels.matches(s.ns, *s.selector, workload);
    if (pods.empty()) {
      out.add("service-selects-nothing", s.selector_at,
              "Service \"" + s.name + "\" selects no pod template in the set (selector " + s.selector->str() + ")",
              "make the selector match the labels of the pod template it serves (spec.template.metadata.labels)");
      continue;
    }
    for (const ServiceFact::Port& p : s.ports) {
      if (p.target.number || p.target.name.empty()) continue;
      bool found = false;
      for (std::uint32_t w : pods)
        for (const NamedPort& np : inv.workloads[w].ports) found = found || np.name == p.target.name;
      if (!found)
        out.add("service-target-port", p.target_at,
                "targetPort \"" + p.target.name + "\" of Service \"" + s.name +
                    "\" is not a port name of the pods it selects",
                "name the container port \"" + p.target.name + "\", or use the port's number");
    }
  }
}

}  // namespace bg::check::rules
