// The table of operators: for each custom resource kind, the pods and Services its operator makes.
//
// prometheus-operator (monitoring.coreos.com): the labels are the selector labels it puts on every
// StatefulSet it makes (pkg/prometheus/server/statefulset.go, pkg/alertmanager/statefulset.go,
// pkg/thanos/statefulset.go: app.kubernetes.io/{name,managed-by,instance} and a label named after
// the kind), app.kubernetes.io/version from spec.version, then spec.podMetadata.labels (which
// cannot override the selector labels: the operator writes those last). Container ports: the main
// container's `web` (spec.portName; absent with spec.listenLocal), the config reloader's
// `reloader-web`, Alertmanager's cluster mesh and Prometheus's Thanos sidecar when spec.thanos is
// set. Prometheus shards beyond the first (spec.shards) are not modelled: their pods differ only in
// operator.prometheus.io/shard.
#include "check/operator_pods.h"

#include <algorithm>
#include <string_view>

namespace bg::check {
namespace {

struct PortRow {
  std::string_view name;
  int64_t number;
  std::string_view needs;  // a spec field that must be set for the port to exist ("" = always)
};

struct ServiceRow {
  std::string_view name;  // fixed name in the resource's namespace
  std::string_view label, value;
  std::vector<PortRow> ports;
};

struct OperatorRow {
  std::string_view group, kind, operator_name;
  std::string_view app;       // app.kubernetes.io/name of the pods
  std::string_view name_key;  // a label whose value is the resource's name
  bool prometheus_labels;     // operator.prometheus.io/name and operator.prometheus.io/shard: "0"
  PortRow web;                // the main container's port; its name follows spec.portName
  std::vector<PortRow> ports;
  std::vector<ServiceRow> services;
};

const std::vector<OperatorRow>& operators() {
  static const std::vector<OperatorRow> rows = {
      {"monitoring.coreos.com",
       "Prometheus",
       "prometheus-operator",
       "prometheus",
       "prometheus",
       true,
       {"web", 9090, ""},
       {{"reloader-web", 8080, ""}, {"http", 10902, "thanos"}, {"grpc", 10901, "thanos"}},
       {{"prometheus-operated", "operated-prometheus", "true", {{"web", 9090, ""}, {"grpc", 10901, "thanos"}}}}},
      {"monitoring.coreos.com",
       "Alertmanager",
       "prometheus-operator",
       "alertmanager",
       "alertmanager",
       false,
       {"web", 9093, ""},
       {{"reloader-web", 8080, ""}, {"mesh-tcp", 9094, ""}, {"mesh-udp", 9094, ""}},
       {{"alertmanager-operated",
         "operated-alertmanager",
         "true",
         {{"web", 9093, ""}, {"tcp-mesh", 9094, ""}, {"udp-mesh", 9094, ""}}}}},
      {"monitoring.coreos.com",
       "ThanosRuler",
       "prometheus-operator",
       "thanos-ruler",
       "thanos-ruler",
       false,
       {"web", 10902, ""},
       {{"grpc", 10901, ""}},
       {}},
  };
  return rows;
}

void set_label(Labels& labels, std::string_view key, std::string_view value) {
  auto it = std::find_if(labels.begin(), labels.end(), [&](const auto& kv) { return kv.first == key; });
  if (it != labels.end()) it->second = std::string(value);
  else labels.emplace_back(std::string(key), std::string(value));
}

bool present(const Value* spec, std::string_view needs) {
  if (needs.empty()) return true;
  const Value* v = field(spec, needs);
  return v != nullptr && v->kind != yaml::NodeKind::kNull;
}

}  // namespace

std::optional<OperatorMade> operator_made(const Subject& s) {
  const OperatorRow* row = nullptr;
  for (const OperatorRow& r : operators())
    if (r.kind == s.kind() && r.group == s.id.group()) row = &r;
  if (row == nullptr) return std::nullopt;

  const Value* spec = s.spec();
  const std::string& name = s.name();
  OperatorMade made;
  made.operator_name = std::string(row->operator_name);
  std::string_view version = str(field(spec, "version"));
  if (!version.empty() && version.front() == 'v') version.remove_prefix(1);
  if (!version.empty()) set_label(made.pod_labels, "app.kubernetes.io/version", version);
  for (const auto& [k, v] : labels_of(dig(spec, {"podMetadata", "labels"}))) set_label(made.pod_labels, k, v);
  set_label(made.pod_labels, "app.kubernetes.io/name", row->app);
  set_label(made.pod_labels, "app.kubernetes.io/managed-by", row->operator_name);
  set_label(made.pod_labels, "app.kubernetes.io/instance", name);
  set_label(made.pod_labels, row->name_key, name);
  if (row->prometheus_labels) {
    set_label(made.pod_labels, "operator.prometheus.io/name", name);
    set_label(made.pod_labels, "operator.prometheus.io/shard", "0");
  }

  std::sort(made.pod_labels.begin(), made.pod_labels.end());  // Selector::matches looks labels up by binary search

  if (!is_true(field(spec, "listenLocal"))) {
    std::string_view port_name = str(field(spec, "portName"));
    made.pod_ports.push_back({std::string(port_name.empty() ? row->web.name : port_name), row->web.number});
  }
  for (const PortRow& p : row->ports)
    if (present(spec, p.needs)) made.pod_ports.push_back({std::string(p.name), p.number});
  for (const ServiceRow& sr : row->services) {
    MadeService svc{std::string(sr.name), {{std::string(sr.label), std::string(sr.value)}}, {}};
    for (const PortRow& p : sr.ports)
      if (present(spec, p.needs)) svc.ports.push_back({std::string(p.name), p.number});
    made.services.push_back(std::move(svc));
  }
  return made;
}

}  // namespace bg::check
