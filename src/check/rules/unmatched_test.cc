// The selects-nothing decisions, case by case: what operators make and the cluster provides counts
// as selected; a set with nothing to compare gets information; everything else stays a warning.
#include "check/rules/unmatched.h"

#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

// "severity rule line:col: message" of the findings of the selection rules.
std::vector<std::string> selections(const std::string& yaml) {
  std::vector<std::string> out;
  for (const Finding& f : testing::check_findings(yaml)) {
    if (f.rule.find("selects-nothing") == std::string::npos && f.rule != "service-target-port" &&
        f.rule != "route-backend-missing")
      continue;
    out.push_back(std::string(severity_name(f.severity)) + " " + f.rule + " " + std::to_string(f.loc.line) + ":" +
                  std::to_string(f.loc.col) + ": " + f.message);
  }
  return out;
}

// Lines 1-15: a Prometheus and an Alertmanager in namespace monitoring; the operator makes their pods.
const std::string kOperated = R"(apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  podMetadata:
    labels: {app.kubernetes.io/component: prometheus}
---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: {name: main, namespace: monitoring}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: filler, namespace: monitoring}
data: {a: b}
)";

std::string service(const std::string& ns, const std::string& selector, const std::string& target = "web") {
  return "---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: " + ns + "}\nspec:\n  selector: " + selector +
         "\n  ports: [{name: web, port: 80, targetPort: " + target + "}]\n";
}

std::string policy(const std::string& ns, const std::string& selector) {
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: " + ns +
         "}\nspec:\n  podSelector: {matchLabels: " + selector + "}\n  policyTypes: [Ingress]\n";
}

std::string monitor(const std::string& namespaces, const std::string& selector, const std::string& port) {
  return "---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: monitoring}\n"
         "spec:\n  namespaceSelector: " + namespaces + "\n  selector: {matchLabels: " + selector +
         "}\n  endpoints: [{port: " + port + "}]\n";
}

struct Case {
  const char* sentence;
  std::string yaml;
  std::vector<std::string> findings;
};

std::vector<Case> cases() {
  return {
      {"a Service selecting the pods a Prometheus makes, by the operator's labels and podMetadata, is fine",
       kOperated + service("monitoring", "{app.kubernetes.io/name: prometheus, app.kubernetes.io/component: prometheus}"),
       {}},
      {"a NetworkPolicy selecting the pods an Alertmanager makes is fine",
       kOperated + policy("monitoring", "{alertmanager: main, app.kubernetes.io/managed-by: prometheus-operator}"), {}},
      {"a Service whose targetPort the operator's pods lack is a finding",
       kOperated + service("monitoring", "{prometheus: k8s}", "metrics"),
       {"warning service-target-port 22:45: targetPort \"metrics\" of Service \"s\" is not a port name of the pods it "
        "selects"}},
      {"a Service selecting a label the operator does not set is a warning",
       kOperated + service("monitoring", "{app.kubernetes.io/name: prometheus, app.kubernetes.io/part-of: kube-prometheus}"),
       {"warning service-selects-nothing 21:13: Service \"s\" selects no pod template in the set (selector "
        "app.kubernetes.io/name=prometheus,app.kubernetes.io/part-of=kube-prometheus)"}},
      {"a Prometheus in another namespace makes no pods here",
       kOperated + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: f, namespace: web}\ndata: {a: b}\n" +
           "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: web}\nspec:\n"
           "  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n"
           "    spec: {containers: [{name: d, image: registry.example.com/d:1.0.0}]}\n" +
           policy("web", "{prometheus: k8s}"),
       {"warning netpol-selects-nothing 35:16: NetworkPolicy \"p\" selects no pod template in namespace \"web\" "
        "(podSelector prometheus=k8s)"}},
      {"an Ingress to the governing Service an operator makes finds it",
       kOperated + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: monitoring}\n"
                   "spec:\n  defaultBackend: {service: {name: prometheus-operated, port: {name: web}}}\n",
       {}},
      {"ServiceMonitors of the kubelet, the API server, CoreDNS, the controller manager and the scheduler are fine",
       kOperated + monitor("{matchNames: [kube-system]}", "{app.kubernetes.io/name: kubelet}", "https-metrics") +
           monitor("{matchNames: [default]}", "{component: apiserver, provider: kubernetes}", "https") +
           monitor("{matchNames: [kube-system]}", "{k8s-app: kube-dns}", "metrics") +
           monitor("{matchNames: [kube-system]}", "{app.kubernetes.io/name: kube-controller-manager}", "https-metrics") +
           monitor("{any: true}", "{app.kubernetes.io/name: kube-scheduler}", "https-metrics"),
       {}},
      {"a ServiceMonitor of the kubelet naming a port the kubelet Service lacks is a warning",
       kOperated + monitor("{matchNames: [kube-system]}", "{k8s-app: kubelet}", "metrics"),
       {"warning monitor-selects-nothing 23:22: port \"metrics\" is not a port name of the Services ServiceMonitor "
        "\"m\" selects"}},
      {"a ServiceMonitor of CoreDNS looking in the wrong namespace is a warning",
       kOperated + service("monitoring", "{prometheus: k8s}") +
           monitor("{matchNames: [monitoring]}", "{k8s-app: kube-dns}", "metrics"),
       {"warning monitor-selects-nothing 29:13: ServiceMonitor \"m\" selects no Service in the set (selector "
        "k8s-app=kube-dns)"}},
      {"a ServiceMonitor of a Service that neither the set nor the cluster has, where the set has no Services, is "
       "information",
       kOperated + monitor("{matchNames: [kube-system]}", "{app.kubernetes.io/name: kube-proxy}", "metrics"),
       {"info monitor-selects-nothing 22:13: ServiceMonitor \"m\" selects no Service in the set (selector "
        "app.kubernetes.io/name=kube-proxy), but the set has no Services in namespace kube-system at all: they may be "
        "deployed from elsewhere"}},
      {"a Service in a namespace where the set has no pods is information",
       kOperated + service("shop", "{app: web}"),
       {"info service-selects-nothing 21:13: Service \"s\" selects no pod template in the set (selector app=web), but "
        "the set has no pods in namespace \"shop\" at all: they may be deployed from elsewhere"}},
      {"a NetworkPolicy in a namespace where the set has no pods is information",
       kOperated + policy("shop", "{app: web}"),
       {"info netpol-selects-nothing 21:16: NetworkPolicy \"p\" selects no pod template in namespace \"shop\" "
        "(podSelector app=web), but the set has no pods in that namespace at all: they may be deployed from "
        "elsewhere"}},
      {"a Service selecting one StatefulSet pod by name is not judged",
       kOperated + service("monitoring", "{statefulset.kubernetes.io/pod-name: prometheus-k8s-0}"), {}},
  };
}

TEST(SelectsNothing, EachCaseGivesExactlyTheFindingsExpected) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.sentence);
    EXPECT_EQ(selections(c.yaml), c.findings);
  }
}

TEST(SelectsNothing, TheDecisionFollowsTheTable) {
  struct Row {
    const char* sentence;
    Selector selector;
    bool compared;
    rules::Unmatched verdict;
  };
  auto query = [](const char* text) { return *Selector::parse(text); };
  const Row rows[] = {
      {"a selector of runtime labels is not judged", query("job-name=backup"), true, rules::Unmatched::kNotJudged},
      {"a runtime label in an expression is not judged too", query("pod-template-hash"), false,
       rules::Unmatched::kNotJudged},
      {"nothing of the sort in the namespaces is information", query("app=web"), false,
       rules::Unmatched::kNothingToCompare},
      {"something to compare with that does not match is the warning", query("app=web"), true,
       rules::Unmatched::kSelectsNothing},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.sentence);
    EXPECT_EQ(rules::judge_unmatched(r.selector, r.compared), r.verdict);
  }
}

}  // namespace
}  // namespace bg::check
