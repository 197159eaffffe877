// The workload trait: a blueprint's container becomes a Deployment, StatefulSet or DaemonSet, with
// its ServiceAccount and Service. Security is not optional here: every pod runs non-root with the
// RuntimeDefault seccomp profile, no privilege escalation and ALL capabilities dropped (a blueprint
// may add back exactly the ones it names), with requests, limits and probes.
#include "render/context.h"

namespace bg::render {
namespace {

using catalog::ProbeDef;

Json probe(const ProbeDef& d) {
  Json p = {{"initialDelaySeconds", d.initial_delay_seconds},
            {"periodSeconds", d.period_seconds},
            {"failureThreshold", d.failure_threshold},
            {"timeoutSeconds", 5}};
  switch (d.kind) {
    case ProbeDef::Kind::kHttp: p["httpGet"] = {{"path", d.path}, {"port", d.port}}; break;
    case ProbeDef::Kind::kTcp: p["tcpSocket"] = {{"port", d.port}}; break;
    case ProbeDef::Kind::kExec: p["exec"] = {{"command", d.command}}; break;
  }
  return p;
}

Json container_security(const catalog::Blueprint& bp) {
  Json s = {{"allowPrivilegeEscalation", false},
            {"runAsNonRoot", true},
            {"capabilities", {{"drop", Json::array({"ALL"})}}},
            {"seccompProfile", {{"type", "RuntimeDefault"}}}};
  for (auto& [k, v] : bp.security_context.items()) {
    if (k == "capabilities") {
      if (v.contains("add")) s["capabilities"]["add"] = v["add"];
    } else {
      s[k] = v;
    }
  }
  return s;
}

Json container(const RenderContext& ctx, const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  Json k = {{"name", c.name}, {"image", c.image}, {"imagePullPolicy", "IfNotPresent"}};
  if (!bp.command.empty()) k["command"] = bp.command;
  if (!bp.args.empty()) {
    Json args = Json::array();
    for (const std::string& a : bp.args) args.push_back(expand(a, ctx.platform, c));
    k["args"] = args;
  }
  Json env = Json::array();
  for (const catalog::EnvDef& e : bp.env) {
    Json v = {{"name", e.name}};
    if (e.value) v["value"] = expand(*e.value, ctx.platform, c);
    if (e.field_path) v["valueFrom"] = {{"fieldRef", {{"fieldPath", *e.field_path}}}};
    if (e.secret) v["valueFrom"] = {{"secretKeyRef", {{"name", c.secret_name(e.secret->first)}, {"key", e.secret->second}}}};
    env.push_back(v);
  }
  if (!env.empty()) k["env"] = env;
  Json ports = Json::array();
  for (const catalog::PortDef& p : bp.ports)
    ports.push_back({{"name", p.name}, {"containerPort", p.port}, {"protocol", p.protocol}});
  if (c.provides("ingress-controller")) {
    // The access layer listens on every raw TCP port the platform exposes (tcp-services).
    for (const platform::Component& other : ctx.platform.components)
      for (const platform::TcpRoute& r : other.tcp)
        ports.push_back({{"name", "tcp-" + std::to_string(r.public_port)}, {"containerPort", r.public_port}, {"protocol", "TCP"}});
  }
  if (!ports.empty()) k["ports"] = ports;
  if (bp.liveness) k["livenessProbe"] = probe(*bp.liveness);
  if (bp.readiness) k["readinessProbe"] = probe(*bp.readiness);
  if (!c.resources.empty()) k["resources"] = c.resources;
  k["securityContext"] = container_security(bp);
  if (c.placement) k["volumeMounts"] = Json::array({{{"name", "data"}, {"mountPath", bp.storage_mount}}});
  return k;
}

Json pod_template(const RenderContext& ctx, const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  Json pod_security = {{"runAsNonRoot", true}, {"seccompProfile", {{"type", "RuntimeDefault"}}}};
  if (bp.fs_group) {
    pod_security["fsGroup"] = *bp.fs_group;
    pod_security["fsGroupChangePolicy"] = "OnRootMismatch";
  }
  bool talks_to_api = !bp.cluster_rules.empty() || !bp.namespace_rules.empty();
  Json spec = {{"serviceAccountName", c.name},
               {"automountServiceAccountToken", talks_to_api},
               {"securityContext", pod_security},
               {"containers", Json::array({container(ctx, c)})}};
  if (c.placement) spec["nodeSelector"] = {{"kubernetes.io/hostname", c.placement->node}};
  Json labels = common_labels(ctx.platform, &c);
  Json metadata = {{"labels", labels}};
  if (bp.metrics) {
    // The observe trait's first half: the de-facto scrape annotations every Prometheus kubernetes_sd
    // configuration understands. ServiceMonitors join them when Prometheus is in the catalog.
    const catalog::PortDef* port = bp.find_port(bp.metrics->first);
    metadata["annotations"] = {{"prometheus.io/scrape", "true"},
                               {"prometheus.io/port", std::to_string(port->port)},
                               {"prometheus.io/path", bp.metrics->second}};
  }
  return {{"metadata", metadata}, {"spec", spec}};
}

}  // namespace

void render_workload(const RenderContext& ctx, const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  if (bp.workload == catalog::WorkloadKind::kNone) return;

  ctx.add({{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", meta(c.name, c.ns)},
           {"automountServiceAccountToken", false}},
          &c, "workload");

  Json ports = Json::array();
  for (const catalog::PortDef& p : bp.ports)
    ports.push_back({{"name", p.name}, {"port", p.port}, {"targetPort", p.name}, {"protocol", p.protocol}});
  if (!ports.empty()) {
    ctx.add({{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta(c.name, c.ns)},
             {"spec", {{"type", "ClusterIP"}, {"selector", selector_labels(c.name)}, {"ports", ports}}}},
            &c, "workload");
  }

  Json spec = {{"selector", {{"matchLabels", selector_labels(c.name)}}}, {"template", pod_template(ctx, c)}};
  std::string kind = std::string(catalog::workload_name(bp.workload));
  if (bp.workload == catalog::WorkloadKind::kStatefulSet) {
    // A headless Service gives the set's pods their stable DNS names.
    std::string headless = c.name + "-headless";
    ctx.add({{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta(headless, c.ns)},
             {"spec", {{"clusterIP", "None"}, {"publishNotReadyAddresses", true},
                       {"selector", selector_labels(c.name)}, {"ports", ports}}}},
            &c, "workload");
    spec["serviceName"] = headless;
    spec["replicas"] = c.replicas;
    spec["podManagementPolicy"] = "OrderedReady";
    spec["updateStrategy"] = {{"type", "RollingUpdate"}};
    if (c.placement) {
      Json claim = {{"metadata", {{"name", "data"}}},
                    {"spec", {{"accessModes", Json::array({"ReadWriteOnce"})}, {"storageClassName", kStorageClass},
                              {"resources", {{"requests", {{"storage", c.storage_size}}}}}}}};
      spec["volumeClaimTemplates"] = Json::array({claim});
      // Data outlives the set: deleting or scaling down never deletes the claim.
      spec["persistentVolumeClaimRetentionPolicy"] = {{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}};
    }
  } else if (bp.workload == catalog::WorkloadKind::kDeployment) {
    spec["replicas"] = c.replicas;
  }
  ctx.add({{"apiVersion", "apps/v1"}, {"kind", kind}, {"metadata", meta(c.name, c.ns)}, {"spec", spec}}, &c, "workload");
}

void render_rbac(const RenderContext& ctx, const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  if (bp.workload == catalog::WorkloadKind::kNone) return;
  Json subject = Json::array({{{"kind", "ServiceAccount"}, {"name", c.name}, {"namespace", c.ns}}});
  if (!bp.cluster_rules.empty()) {
    ctx.add({{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "ClusterRole"}, {"metadata", meta(c.name, "")},
             {"rules", bp.cluster_rules}}, &c, "workload");
    ctx.add({{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "ClusterRoleBinding"}, {"metadata", meta(c.name, "")},
             {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", c.name}}},
             {"subjects", subject}}, &c, "workload");
  }
  if (!bp.namespace_rules.empty()) {
    ctx.add({{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "Role"}, {"metadata", meta(c.name, c.ns)},
             {"rules", bp.namespace_rules}}, &c, "workload");
    ctx.add({{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "RoleBinding"}, {"metadata", meta(c.name, c.ns)},
             {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "Role"}, {"name", c.name}}},
             {"subjects", subject}}, &c, "workload");
  }
}

}  // namespace bg::render
