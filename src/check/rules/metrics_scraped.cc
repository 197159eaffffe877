// metrics-scraped: every workload with a metrics port is scraped. A metrics endpoint nobody
// scrapes is an outage nobody sees coming ("everything observable").
//
// A metrics port is a container port named metrics, prometheus, prom, *-metrics or metrics-*. It is
// scraped when the pod template carries prometheus.io/scrape: "true" (the annotations Prometheus'
// kubernetes_sd configurations read, and what Betelgeuse renders), when a PodMonitor selects the
// pods, or when a ServiceMonitor selects a Service that selects them. Inside one object the
// annotations must also agree with the pod: prometheus.io/port must be one of its container ports.
#include <algorithm>
#include <cctype>

#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

bool is_metrics_port_name(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto ends = [&](std::string_view s) { return n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0; };
  return n == "metrics" || n == "prometheus" || n == "prom" || ends("-metrics") || n.rfind("metrics-", 0) == 0;
}

}  // namespace

void scrape_annotations(const ObjectContext& c, Out& out) {
  if (!c.pod) return;
  const Value* ann = field(c.pod->metadata, "annotations");
  if (str(field(ann, "prometheus.io/scrape")) != "true") return;
  std::string_view port = str(field(ann, "prometheus.io/port"));
  if (port.empty()) return;
  bool found = false;
  for (const ContainerRef& k : c.containers) {
    const Value* ports = field(k.container, "ports");
    if (!is_array(ports)) continue;
    for (const Value& p : ports->items) {
      auto n = integer(field(p, "containerPort"));
      found = found || (n && std::to_string(*n) == port);
    }
  }
  if (!found)
    out.add("metrics-scraped", c.pod->at({"metadata", "annotations", "prometheus.io/port"}),
            "prometheus.io/port \"" + std::string(port) + "\" is not a port of any container, so the scrape fails",
            "set it to the containerPort that serves metrics");
}

void collect_metrics_ports(const ObjectContext& ctx, Inventory& inv) {
  WorkloadFact* w = inv.pod_fact();
  if (w == nullptr) return;
  const PodTemplate& t = *ctx.pod;
  w->scrape_annotation = str(dig(t.metadata, {"annotations", "prometheus.io/scrape"})) == "true";
  for (const ContainerPort& p : container_ports(ctx))
    if (is_metrics_port_name(p.port.name))
      w->metrics.push_back({p.port, inv.at(ctx.subject, p.container->at(t, {"ports", std::to_string(p.index), "name"}))});
}

void metrics_scraped(const Inventory& inv, SetOut& out) {
  std::vector<char> scraped(inv.workloads.size(), 0);
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  auto service = [&](std::uint32_t i) -> const Labels& { return inv.service_labels_of(i); };
  for (const MonitorFact& m : inv.monitors) {
    const std::vector<std::string> own = {m.ns};
    const std::vector<std::string>& nss = m.any_namespace ? inv.workload_namespaces : m.namespaces.empty() ? own : m.namespaces;
    for (const std::string& ns : nss) {
      if (m.pod_monitor) {
        for (std::uint32_t w : inv.workload_labels.matches(ns, m.selector, workload)) scraped[w] = 1;
        continue;
      }
      for (std::uint32_t s : inv.service_labels.matches(ns, m.selector, service)) {
        const ServiceFact& svc = inv.services[s];
        if (!svc.selector) continue;
        for (std::uint32_t w : inv.workload_labels.matches(ns, *svc.selector, workload)) scraped[w] = 1;
      }
    }
  }
  for (std::size_t i = 0; i < inv.workloads.size(); ++i) {
    const WorkloadFact& w = inv.workloads[i];
    if (w.metrics.empty() || w.scrape_annotation || scraped[i]) continue;
    for (const WorkloadFact::MetricsPort& p : w.metrics)
      out.add("metrics-scraped", p.at,
              "metrics port \"" + p.port.name + "\" (" + std::to_string(p.port.number) + ") of " + w.kind + " \"" +
                  w.name + "\" is not scraped",
              "annotate the pod template prometheus.io/scrape: \"true\" with prometheus.io/port, or add a "
              "ServiceMonitor or PodMonitor that selects it");
  }
}

}  // namespace bg::check::rules
