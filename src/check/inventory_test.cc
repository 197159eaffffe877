// The facts Inventory::collect copies for several set rules: pod templates (and the pods operators
// make), Services and monitors. The facts of one rule are tested through that rule (rules/*_test.cc).
#include "check/inventory.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::check {
namespace {

// Every document of `text` collected as the checker does, with no rule's collector.
Inventory collected(const std::string& text, std::vector<bool>* had_pod_fact = nullptr) {
  Inventory inv;
  yaml::LoadResult loaded = yaml::load(text, "t.yaml");
  for (const yaml::Document& doc : loaded.documents) {
    Subject s{doc.root, object_id(doc.root), true, {"t.yaml", 0, 0}};
    ObjectContext ctx{s, pod_template(s.body, s.kind()), {}};
    if (ctx.pod) ctx.containers = containers(*ctx.pod);
    inv.collect(ctx, {});
    if (had_pod_fact) had_pod_fact->push_back(inv.pod_fact() != nullptr);
  }
  return inv;
}

std::string ports(const std::vector<NamedPort>& ps) {
  std::string out;
  for (const NamedPort& p : ps) out += (out.empty() ? "" : ",") + p.name + ":" + std::to_string(p.number);
  return out;
}

TEST(Inventory, APodTemplateLeavesItsLabelsAndEveryNumberedPortOfEveryContainer) {
  std::vector<bool> pod;
  Inventory inv = collected(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {team: a}}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
      - {name: init, ports: [{containerPort: 9000}]}
      containers:
      - name: app
        ports: [{name: http, containerPort: 8080}, {name: nameless}, {name: metrics, containerPort: 9090}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
)",
                            &pod);
  ASSERT_EQ(inv.workloads.size(), 1u);
  const WorkloadFact& w = inv.workloads[0];
  EXPECT_EQ(w.ns + " " + w.kind + " " + w.name, "shop Deployment web");
  EXPECT_EQ(w.labels, (Labels{{"app", "web"}}));  // the pods', not the Deployment's
  EXPECT_EQ(ports(w.ports), "http:8080,metrics:9090,:9000");
  EXPECT_EQ(w.at.line, 3);
  EXPECT_EQ(inv.objects.size(), 2u);
  EXPECT_EQ(inv.files, std::vector<std::string>{"t.yaml"});
  EXPECT_EQ(pod, (std::vector<bool>{true, false})) << "pod_fact() is the pod template's, only while its object is collected";
  // What only one rule compares is left to that rule's collector.
  EXPECT_TRUE(w.metrics.empty());
  EXPECT_TRUE(w.claims.empty());
}

TEST(Inventory, AServiceLeavesItsSelectorAndPortsWithTheTargetPortDefaultingToThePort) {
  Inventory inv = collected(R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {port: 9090}
---
apiVersion: v1
kind: Service
metadata: {name: outside, namespace: shop}
spec: {type: ExternalName, externalName: example.com, selector: {app: web}}
)");
  ASSERT_EQ(inv.services.size(), 2u);
  const ServiceFact& s = inv.services[0];
  ASSERT_TRUE(s.selector);
  EXPECT_EQ(s.selector->str(), "app=web");
  ASSERT_EQ(s.ports.size(), 2u);
  EXPECT_EQ(s.ports[0].target.str(), "\"http\"");
  EXPECT_EQ(s.ports[1].target.str(), "9090");
  EXPECT_EQ(s.ports[1].target_at.path, "spec.ports[1]");
  EXPECT_FALSE(inv.services[1].selector) << "an ExternalName Service selects no pods";
}

TEST(Inventory, AnOperatorsServiceCountsOnlyWhenTheSetDefinesNoneOfThatName) {
  const std::string prometheus = R"(apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: main, namespace: obs}
spec: {}
)";
  Inventory alone = collected(prometheus);
  EXPECT_EQ(alone.workloads.size(), 1u);
  EXPECT_TRUE(alone.services.empty()) << "made Services wait for index()";
  alone.index();
  ASSERT_EQ(alone.services.size(), 1u);
  EXPECT_EQ(alone.services[0].name, "prometheus-operated");

  Inventory defined = collected(prometheus + R"(---
apiVersion: v1
kind: Service
metadata: {name: prometheus-operated, namespace: obs}
spec: {ports: [{port: 1}]}
)");
  defined.index();
  ASSERT_EQ(defined.services.size(), 1u);
  EXPECT_EQ(defined.services[0].ports.size(), 1u) << "the set's own Service wins";
}

TEST(Inventory, AMonitorLeavesItsSelectorNamespacesAndPortNames) {
  Inventory inv = collected(R"(apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web, namespace: obs}
spec:
  selector: {matchLabels: {app: web}}
  namespaceSelector: {matchNames: [shop, 7]}
  podMetricsEndpoints: [{port: metrics}, {path: /x}]
)");
  ASSERT_EQ(inv.monitors.size(), 1u);
  const MonitorFact& m = inv.monitors[0];
  EXPECT_TRUE(m.pod_monitor);
  EXPECT_FALSE(m.any_namespace);
  EXPECT_EQ(m.namespaces, std::vector<std::string>{"shop"});
  ASSERT_EQ(m.ports.size(), 1u);
  EXPECT_EQ(m.ports[0].first, "metrics");
  EXPECT_EQ(m.ports[0].second.path, "spec.podMetricsEndpoints[0].port");
}

}  // namespace
}  // namespace bg::check
