#include "check/operator_pods.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::check {
namespace {

// "k=v,…" of the pod labels, "name:number,…" of the pod ports, and "name{labels}[ports]" of each
// Service; "none" when the kind is not in the table.
std::string made(const std::string& text) {
  yaml::LoadResult loaded = yaml::load(text, "t.yaml");
  EXPECT_EQ(loaded.documents.size(), 1u);
  if (loaded.documents.empty()) return "";
  const yaml::Node& body = loaded.documents[0].root;
  std::optional<OperatorMade> m = operator_made(Subject{body, object_id(body), true, {"t.yaml", 0, 0}});
  if (!m) return "none";
  auto labels = [](const Labels& ls) {
    std::string out;
    for (const auto& [k, v] : ls) out += (out.empty() ? "" : ",") + k + "=" + v;
    return out;
  };
  auto ports = [](const std::vector<MadePort>& ps) {
    std::string out;
    for (const MadePort& p : ps) out += (out.empty() ? "" : ",") + p.name + ":" + std::to_string(p.number);
    return out;
  };
  std::string out = m->operator_name + " pods " + labels(m->pod_labels) + " ports " + ports(m->pod_ports);
  for (const MadeService& s : m->services) out += " service " + s.name + "{" + labels(s.labels) + "}[" + ports(s.ports) + "]";
  return out;
}

struct Case {
  const char* sentence;
  const char* yaml;
  const char* made;
};

const Case kCases[] = {
    {"a Prometheus makes pods with the operator's labels, and its governing Service",
     "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\n",
     "prometheus-operator pods app.kubernetes.io/instance=k8s,app.kubernetes.io/managed-by=prometheus-operator,"
     "app.kubernetes.io/name=prometheus,operator.prometheus.io/name=k8s,operator.prometheus.io/shard=0,prometheus=k8s "
     "ports web:9090,reloader-web:8080 service prometheus-operated{operated-prometheus=true}[web:9090]"},
    {"a Prometheus's podMetadata labels and version join the pods' labels",
     "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s}\nspec:\n  version: v2.54.1\n"
     "  podMetadata:\n    labels: {app.kubernetes.io/part-of: kube-prometheus, app.kubernetes.io/version: 2.54.1}\n",
     "prometheus-operator pods app.kubernetes.io/instance=k8s,app.kubernetes.io/managed-by=prometheus-operator,"
     "app.kubernetes.io/name=prometheus,app.kubernetes.io/part-of=kube-prometheus,app.kubernetes.io/version=2.54.1,"
     "operator.prometheus.io/name=k8s,operator.prometheus.io/shard=0,prometheus=k8s ports web:9090,reloader-web:8080 "
     "service prometheus-operated{operated-prometheus=true}[web:9090]"},
    {"podMetadata cannot override the labels the operator selects its pods by",
     "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s}\nspec:\n"
     "  podMetadata:\n    labels: {app.kubernetes.io/name: something-else}\n",
     "prometheus-operator pods app.kubernetes.io/instance=k8s,app.kubernetes.io/managed-by=prometheus-operator,"
     "app.kubernetes.io/name=prometheus,operator.prometheus.io/name=k8s,operator.prometheus.io/shard=0,prometheus=k8s "
     "ports web:9090,reloader-web:8080 service prometheus-operated{operated-prometheus=true}[web:9090]"},
    {"a Prometheus with a Thanos sidecar and its own port name has those ports",
     "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s}\nspec:\n  portName: http-web\n"
     "  thanos: {}\n",
     "prometheus-operator pods app.kubernetes.io/instance=k8s,app.kubernetes.io/managed-by=prometheus-operator,"
     "app.kubernetes.io/name=prometheus,operator.prometheus.io/name=k8s,operator.prometheus.io/shard=0,prometheus=k8s "
     "ports http-web:9090,reloader-web:8080,http:10902,grpc:10901 "
     "service prometheus-operated{operated-prometheus=true}[web:9090,grpc:10901]"},
    {"a Prometheus listening on localhost only has no web port",
     "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s}\nspec: {listenLocal: true}\n",
     "prometheus-operator pods app.kubernetes.io/instance=k8s,app.kubernetes.io/managed-by=prometheus-operator,"
     "app.kubernetes.io/name=prometheus,operator.prometheus.io/name=k8s,operator.prometheus.io/shard=0,prometheus=k8s "
     "ports reloader-web:8080 service prometheus-operated{operated-prometheus=true}[web:9090]"},
    {"an Alertmanager makes pods with the operator's labels and mesh ports",
     "apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main}\n",
     "prometheus-operator pods alertmanager=main,app.kubernetes.io/instance=main,"
     "app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=alertmanager ports web:9093,reloader-web:8080,mesh-tcp:9094,mesh-udp:9094 "
     "service alertmanager-operated{operated-alertmanager=true}[web:9093,tcp-mesh:9094,udp-mesh:9094]"},
    {"a ThanosRuler makes pods with the operator's labels",
     "apiVersion: monitoring.coreos.com/v1\nkind: ThanosRuler\nmetadata: {name: rules}\n",
     "prometheus-operator pods app.kubernetes.io/instance=rules,app.kubernetes.io/managed-by=prometheus-operator,"
     "app.kubernetes.io/name=thanos-ruler,thanos-ruler=rules ports web:10902,grpc:10901"},
    {"a ServiceMonitor makes no pods", "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n",
     "none"},
    {"a kind of the same name in another group is not the operator's",
     "apiVersion: example.org/v1\nkind: Prometheus\nmetadata: {name: k8s}\n", "none"},
    {"a malformed podMetadata gives the operator's labels alone",
     "apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main}\nspec: {podMetadata: [x]}\n",
     "prometheus-operator pods alertmanager=main,app.kubernetes.io/instance=main,"
     "app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=alertmanager ports web:9093,reloader-web:8080,mesh-tcp:9094,mesh-udp:9094 "
     "service alertmanager-operated{operated-alertmanager=true}[web:9093,tcp-mesh:9094,udp-mesh:9094]"},
};

TEST(OperatorPods, EachCustomResourceMakesWhatItsOperatorDocuments) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.sentence);
    EXPECT_EQ(made(c.yaml), c.made);
  }
}

}  // namespace
}  // namespace bg::check
