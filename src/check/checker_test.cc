#include "check/checker.h"

#include <gtest/gtest.h>

#include <set>

#include "check/json_node.h"
#include "pipeline/pipeline.h"
#include "testing/check_fixtures.h"
#include "testing/fixtures.h"

namespace bg::check {
namespace {

using testing::check_text;
using testing::compliant_app;

using Lines = std::vector<std::string>;
using nlohmann::json;

// A small CRD and two of its objects, one valid and one with an unknown field.
json gadget_crd() {
  return json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"gadgets.example.org"},
    "spec":{"group":"example.org","scope":"Namespaced",
            "names":{"kind":"Gadget","listKind":"GadgetList","plural":"gadgets","singular":"gadget"},
            "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{
              "type":"object","properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},
              "metadata":{"type":"object"},"spec":{"type":"object","properties":{"size":{"type":"integer"}}}}}}}]}})");
}

json gadget(const std::string& name, const json& spec) {
  return {{"apiVersion", "example.org/v1"}, {"kind", "Gadget"}, {"metadata", {{"name", name}, {"namespace", "x"}}}, {"spec", spec}};
}

TEST(Checker, ACrdInTheInputValidatesItsKindWhereverItComes) {
  Checker c(SchemaSet::builtin(), false);
  c.add_document(node_of(gadget("before", {{"size", "big"}})), "a.yaml");  // before its CRD
  c.add_document(node_of(gadget_crd()), "a.yaml");
  c.add_document(node_of(gadget("after", {{"colour", 1}})), "a.yaml");
  c.add_document(node_of(gadget("fine", {{"size", 3}})), "a.yaml");
  std::vector<Finding> found = c.finish();
  ASSERT_EQ(found.size(), 2u);
  std::set<std::string> names;
  for (const Finding& f : found) {
    EXPECT_EQ(f.rule, "schema") << f.message;
    names.insert(f.object.name);
  }
  EXPECT_EQ(names, (std::set<std::string>{"before", "after"}));
}

TEST(Checker, WithoutItsCrdAKindStaysUnknown) {
  Checker c(SchemaSet::builtin(), false);
  c.add_document(node_of(gadget("alone", {{"size", 3}})), "a.yaml");
  std::vector<Finding> found = c.finish();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "unknown-kind");
}

TEST(Checker, TheCompliantAppIsCleanUnderEveryRule) { EXPECT_EQ(check_text(compliant_app()), Lines{}); }

TEST(Checker, FindingsComeInFileThenLineOrder) {
  Checker c(SchemaSet::builtin());
  yaml::Node bad = node_of({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}}}, {"dta", 1}});
  c.add_document(bad, "b.yaml");
  c.add_document(bad, "a.yaml");
  c.add_document(bad, "b.yaml");
  std::vector<Finding> found = c.finish();
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].loc.file, "b.yaml");
  EXPECT_EQ(found[1].loc.file, "b.yaml");
  EXPECT_EQ(found[2].loc.file, "a.yaml");
  EXPECT_EQ(c.summary().objects, 3u);
}

TEST(Checker, ObjectsOfAnyShapeNeverThrowOrGiveInternalErrors) {
  // Every field a rule reads, with the wrong type.
  std::string text = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: [x], namespace: 7, labels: [a], annotations: {betelgeuse.io/suppress.image-pinned: [1]}}
spec:
  selector: "all"
  volumeClaimTemplates: {a: b}
  template:
    metadata: {labels: "x", annotations: {prometheus.io/scrape: "true", prometheus.io/port: 9}}
    spec:
      securityContext: [1]
      volumes: [{persistentVolumeClaim: 5}]
      containers:
      - 7
      - name: {a: b}
        image: [nginx]
        env: [{name: 1, value: {x: y}}, 3]
        ports: [{containerPort: "80", name: 1}, 9]
        args: [1, "--tcp-services-configmap=a/b"]
        resources: {requests: 1}
        securityContext: {runAsUser: "0", capabilities: {add: "SYS_ADMIN"}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec: {rules: [{host: 5, http: {paths: [{backend: {service: {name: 3, port: "x"}}}]}}], tls: {a: 1}}
---
apiVersion: v1
kind: Service
metadata: {name: s}
spec: {selector: [1], ports: [{port: "a", targetPort: [1]}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: tcp-services}
data: {"99999": 5, "x": [1]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: n}
spec: {podSelector: {matchExpressions: [{key: a, operator: In, values: 1}]}, policyTypes: Ingress}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m}
spec: {selector: 1, namespaceSelector: {any: "yes", matchNames: a}, endpoints: [{port: 1}]}
---
- just
- a list
---
42
)";
  std::vector<Finding> found = testing::check_findings(text);
  EXPECT_FALSE(found.empty());
  for (const Finding& f : found) EXPECT_NE(f.rule, "internal") << f.message;
}

TEST(Checker, TheExampleRenderIsCleanAndPlanReportsPrinciples) {
  pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "examples/betelgeusebytes.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.findings.empty()) << r.findings.size() << " findings, first: "
                                  << (r.findings.empty() ? "" : r.findings[0].rule + ": " + r.findings[0].message);
}

TEST(Checker, RenderFindingsPointAtTheComponentsSpecLine) {
  // The render's objects carry provenance; a principle finding lands on the component's spec line.
  manifest::Object o;
  o.body = nlohmann::json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "shop"},
      "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}},
      "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}}})");
  o.from = {"web", "workload", SourceLocation{"platform.yaml", 42, 5}};
  Checker c(SchemaSet::builtin());
  c.add_object(o);
  std::vector<Finding> found = c.finish();
  ASSERT_FALSE(found.empty());
  bool privileged = false;
  for (const Finding& f : found) {
    EXPECT_EQ(f.loc, (SourceLocation{"platform.yaml", 42, 5})) << f.rule;
    privileged = privileged || f.rule == "no-privileged";
  }
  EXPECT_TRUE(privileged);
}

}  // namespace
}  // namespace bg::check
