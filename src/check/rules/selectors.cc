// netpol-selects-nothing, monitor-selects-nothing: selectors that match nothing do nothing,
// silently. A NetworkPolicy that selects no pod protects nothing (and its allow rules open nothing);
// a ServiceMonitor or PodMonitor that selects nothing scrapes nothing, and the gap only shows when
// the dashboard is needed. What they may select: the set's pod templates and Services, the pods and
// Services operators make from the set's custom resources (operator_pods.h) and, for a
// ServiceMonitor, the Services the cluster itself provides (cluster_services.h). When that fails,
// unmatched.h decides between not judging, information and the warning.
#include <algorithm>

#include "check/cluster_services.h"
#include "check/rules/rules.h"
#include "check/rules/unmatched.h"

namespace bg::check::rules {
namespace {

const char* kElsewhere = ": they may be deployed from elsewhere";

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

void collect_netpol_selectors(const ObjectContext& ctx, Inventory& inv) {
  const Subject& s = ctx.subject;
  if (s.id.group() != "networking.k8s.io" || s.kind() != "NetworkPolicy") return;
  NetworkPolicyFact f;
  f.at = inv.at(s, {"spec", "podSelector"});
  f.ns = s.ns();
  f.name = s.name();
  f.selector = label_selector(field(s.spec(), "podSelector"));
  inv.network_policies.push_back(std::move(f));
}

void netpol_selectors(const Inventory& inv, SetOut& out) {
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  for (const NetworkPolicyFact& p : inv.network_policies) {
    if (p.selector.empty()) continue;
    if (!inv.workload_labels.matches(p.ns, p.selector, workload).empty()) continue;
    std::string what = "NetworkPolicy \"" + p.name + "\" selects no pod template in namespace \"" + p.ns +
                       "\" (podSelector " + p.selector.str() + ")";
    switch (judge_unmatched(p.selector, inv.workload_labels.any_in(p.ns))) {
      case Unmatched::kNotJudged:
        break;
      case Unmatched::kNothingToCompare:
        out.add("netpol-selects-nothing", p.at, what + ", but the set has no pods in that namespace at all" + kElsewhere,
                "check the policy together with the manifests of the pods it governs to have it judged", Severity::kInfo);
        break;
      case Unmatched::kSelectsNothing:
        out.add("netpol-selects-nothing", p.at, what, "make spec.podSelector match the labels of the pods it should govern");
        break;
    }
  }
}

void monitor_selectors(const Inventory& inv, SetOut& out) {
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  auto service = [&](std::uint32_t i) -> const Labels& { return inv.service_labels_of(i); };
  std::vector<std::string> service_namespaces;
  for (const ServiceFact& s : inv.services) service_namespaces.push_back(s.ns);
  std::sort(service_namespaces.begin(), service_namespaces.end());
  service_namespaces.erase(std::unique(service_namespaces.begin(), service_namespaces.end()), service_namespaces.end());

  for (const MonitorFact& m : inv.monitors) {
    const std::vector<std::string> own = {m.ns};
    const std::vector<std::string>& all = m.pod_monitor ? inv.workload_namespaces : service_namespaces;
    const std::vector<std::string>& nss = m.any_namespace ? all : m.namespaces.empty() ? own : m.namespaces;
    std::vector<const std::vector<NamedPort>*> pod_ports;
    std::vector<const ServiceFact*> picked;
    std::vector<const ClusterService*> provided;
    bool compared = false;
    for (const std::string& ns : nss) {
      if (m.pod_monitor) {
        compared = compared || inv.workload_labels.any_in(ns);
        for (std::uint32_t w : inv.workload_labels.matches(ns, m.selector, workload))
          pod_ports.push_back(&inv.workloads[w].ports);
      } else {
        compared = compared || inv.service_labels.any_in(ns);
        for (std::uint32_t s : inv.service_labels.matches(ns, m.selector, service)) picked.push_back(&inv.services[s]);
      }
    }
    if (!m.pod_monitor) {
      for (const ClusterService& c : cluster_services()) {
        bool looked = m.any_namespace || std::find(nss.begin(), nss.end(), c.ns) != nss.end();
        if (looked && m.selector.matches(c.labels)) provided.push_back(&c);
      }
    }
    std::string kind = m.pod_monitor ? "PodMonitor" : "ServiceMonitor";
    if (pod_ports.empty() && picked.empty() && provided.empty()) {
      std::string what = kind + " \"" + m.name + "\" selects no " + (m.pod_monitor ? "pod template" : "Service") +
                         " in the set (selector " + (m.selector.empty() ? "everything" : m.selector.str()) + ")";
      switch (judge_unmatched(m.selector, compared)) {
        case Unmatched::kNotJudged:
          break;
        case Unmatched::kNothingToCompare:
          out.add("monitor-selects-nothing", m.at,
                  what + ", but the set has no " + (m.pod_monitor ? "pods" : "Services") + " in " +
                      (m.any_namespace ? std::string("any namespace") : "namespace " + joined(nss)) + " at all" +
                      kElsewhere,
                  std::string("check the monitor together with the manifests of the ") +
                      (m.pod_monitor ? "pods" : "Services") + " it scrapes to have it judged",
                  Severity::kInfo);
          break;
        case Unmatched::kSelectsNothing:
          out.add("monitor-selects-nothing", m.at, what,
                  std::string("make spec.selector match the ") + (m.pod_monitor ? "pods'" : "Services'") +
                      " labels, and spec.namespaceSelector their namespace");
          break;
      }
      continue;
    }
    for (const auto& [port, at] : m.ports) {
      bool found = false;
      for (const ServiceFact* s : picked)
        for (const ServiceFact::Port& p : s->ports) found = found || p.name == port;
      for (const ClusterService* c : provided)
        for (const MadePort& p : c->ports) found = found || p.name == port;
      for (const auto* ports : pod_ports)
        for (const NamedPort& p : *ports) found = found || p.name == port;
      if (!found)
        out.add("monitor-selects-nothing", at,
                "port \"" + port + "\" is not a port name of the " + (m.pod_monitor ? "pods" : "Services") + " " + kind +
                    " \"" + m.name + "\" selects",
                "name the port as the selected objects do");
    }
  }
}

}  // namespace bg::check::rules
