// service-selects-nothing, service-target-port: a Service reaches the pods it is meant for. A
// selector that matches no pod template leaves the Service without endpoints (connections are
// refused); a named targetPort that no selected pod declares leaves it without ports to send to.
// Services without a selector (endpoints managed by hand, ExternalName) are left alone. The pods
// operators make from the set's custom resources count (operator_pods.h); when nothing matches,
// unmatched.h decides between not judging, information and the warning.
#include "check/rules/rules.h"
#include "check/rules/unmatched.h"

namespace bg::check::rules {

void service_selectors(const Inventory& inv, SetOut& out) {
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  for (const ServiceFact& s : inv.services) {
    if (!s.selector) continue;
    std::vector<std::uint32_t> pods = inv.workload_labels.matches(s.ns, *s.selector, workload);
    if (pods.empty()) {
      std::string what = "Service \"" + s.name + "\" selects no pod template in the set (selector " + s.selector->str() + ")";
      switch (judge_unmatched(*s.selector, inv.workload_labels.any_in(s.ns))) {
        case Unmatched::kNotJudged:
          break;
        case Unmatched::kNothingToCompare:
          out.add("service-selects-nothing", s.selector_at,
                  what + ", but the set has no pods in namespace \"" + s.ns +
                      "\" at all: they may be deployed from elsewhere",
                  "check the Service together with the manifests of the pods it serves to have it judged",
                  Severity::kInfo);
          break;
        case Unmatched::kSelectsNothing:
          out.add("service-selects-nothing", s.selector_at, what,
                  "make the selector match the labels of the pod template it serves (spec.template.metadata.labels)");
          break;
      }
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
