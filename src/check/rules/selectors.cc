// netpol-selects-nothing, monitor-selects-nothing: selectors that match nothing do nothing,
// silently. A NetworkPolicy that selects no pod protects nothing (and its allow rules open nothing);
// a ServiceMonitor or PodMonitor that selects nothing scrapes nothing, and the gap only shows when
// the dashboard is needed. Policies for pods that controllers create at run time (cert-manager's
// HTTP-01 solvers, Argo's workflow pods, Job pods, a StatefulSet's pod by name) are not judged:
// those pods are never in a set of manifests.
#include <iterator>

#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

constexpr std::string_view kRuntimeLabels[] = {
    "acme.cert-manager.io/http01-solver", "workflows.argoproj.io/workflow", "job-name", "batch.kubernetes.io/job-name", "controller-uid",
    "batch.kubernetes.io/controller-uid", "statefulset.kubernetes.io/pod-name", "pod-template-hash",
    "controller-revision-hash", "apps.kubernetes.io/pod-index"};

bool uses_runtime_labels(const Selector& s) {
  auto runtime = [](const std::string& k) {
    return std::find(std::begin(kRuntimeLabels), std::end(kRuntimeLabels), k) != std::end(kRuntimeLabels);
  };
  for (const auto& [k, v] : s.match_labels)
    if (runtime(k)) return true;
  for (const Selector::Expression& e : s.expressions)
    if (runtime(e.key)) return true;
  return false;
}

}  // namespace

void netpol_selectors(const Inventory& inv, SetOut& out) {
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  for (const NetworkPolicyFact& p : inv.network_policies) {
    if (p.selector.empty() || uses_runtime_labels(p.selector)) continue;
    if (!inv.workload_labels.matches(p.ns, p.selector, workload).empty()) continue;
    out.add("netpol-selects-nothing", p.at,
            "NetworkPolicy \"" + p.name + "\" selects no pod template in namespace \"" + p.ns + "\" (podSelector " +
                p.selector.str() + ")",
            "make spec.podSelector match the labels of the pods it should govern");
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
    for (const std::string& ns : nss) {
      if (m.pod_monitor) {
        for (std::uint32_t w : inv.workload_labels.matches(ns, m.selector, workload))
          pod_ports.push_back(&inv.workloads[w].ports);
      } else {
        for (std::uint32_t s : inv.service_labels.matches(ns, m.selector, service)) picked.push_back(&inv.services[s]);
      }
    }
    std::string kind = m.pod_monitor ? "PodMonitor" : "ServiceMonitor";
    if (pod_ports.empty() && picked.empty()) {
      out.add("monitor-selects-nothing", m.at,
              kind + " \"" + m.name + "\" selects no " + (m.pod_monitor ? "pod template" : "Service") +
                  " in the set (selector " + (m.selector.empty() ? "everything" : m.selector.str()) + ")",
              std::string("make spec.selector match the ") + (m.pod_monitor ? "pods'" : "Services'") +
                  " labels, and spec.namespaceSelector their namespace");
      continue;
    }
    for (const auto& [port, at] : m.ports) {
      bool found = false;
      for (const ServiceFact* s : picked)
        for (const ServiceFact::Port& p : s->ports) found = found || p.name == port;
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
