// The workload trait: a blueprint's container becomes a Deployment, StatefulSet or DaemonSet, with
// its ServiceAccount and Service. Security is not optional here: every pod runs non-root with the
// RuntimeDefault seccomp profile, no privilege escalation and ALL capabilities dropped (a blueprint
// may add back exactly the ones it names), with requests, limits and probes. Node agents tolerate
// every taint; GPU workloads request nvidia.com/gpu, run with the `nvidia` RuntimeClass and tolerate
// the taint `betelgeuse nodes` puts on GPU nodes.
#include <algorithm>
#include <cstdint>
#include <cstdio>

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

// FNV-1a over the rendered configuration: a pod-template annotation that changes with the
// configuration, so a changed ConfigMap rolls the pods (subPath mounts never see updates).
std::string config_hash(const std::vector<RenderedFile>& files) {
  uint64_t h = 1469598103934665603ull;
  for (const RenderedFile& f : files)
    for (char ch : f.def->key() + '\0' + f.content + '\0') h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// An env var that reads the credentials of an optional dependency that is switched off is dropped:
// its Secret will not exist; so is one rendered `when` a dependency that is off.
bool env_applies(const catalog::EnvDef& e, const platform::Component& c) {
  if (!e.when.empty() && std::find(c.depends_on.begin(), c.depends_on.end(), e.when) == c.depends_on.end()) return false;
  if (!e.secret || !c.blueprint->dependency(e.secret->first)) return true;
  return std::find(c.depends_on.begin(), c.depends_on.end(), e.secret->first) != c.depends_on.end();
}

Json container(const RenderContext& ctx, const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  Json k = {{"name", c.name}, {"image", c.image}, {"imagePullPolicy", "IfNotPresent"}};
  if (!bp.command.empty()) k["command"] = bp.command;
  // Some controllers need to be told the Gateway API exists (cert-manager's gatewayHTTPRoute
  // solver); with ingress-nginx those flags must stay off, or they fail on the missing CRDs.
  Json args = Json::array();
  for (const std::string& a : bp.args) args.push_back(expand(a, ctx.platform, c));
  if (needs_tcp_certificate(ctx.platform, c))
    for (const std::string& a : bp.tcp_tls->args) args.push_back(expand(a, ctx.platform, c));
  if (ctx.platform.gateway_api())
    for (const std::string& a : bp.gateway_api_args) args.push_back(expand(a, ctx.platform, c));
  if (!args.empty()) k["args"] = args;
  Json env = Json::array();
  for (const catalog::EnvDef& e : bp.env) {
    if (!env_applies(e, c)) continue;
    Json v = {{"name", e.name}};
    if (e.value) v["value"] = expand(c.env.count(e.name) ? c.env.at(e.name) : *e.value, ctx.platform, c);
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
  if (bp.startup) k["startupProbe"] = probe(*bp.startup);
  if (!c.resources.empty()) k["resources"] = c.resources;
  if (bp.gpus > 0) k["resources"]["limits"]["nvidia.com/gpu"] = bp.gpus;
  if (!bp.post_start.empty()) k["lifecycle"] = {{"postStart", {{"exec", {{"command", bp.post_start}}}}}};
  k["securityContext"] = container_security(bp.security_context);
  Json mounts = Json::array();
  if (c.placement) mounts.push_back({{"name", "data"}, {"mountPath", bp.storage_mount}});
  for (const RenderedFile& f : config_files(ctx.platform, c))
    mounts.push_back({{"name", "config"}, {"mountPath", f.def->path}, {"subPath", f.def->key()}, {"readOnly", true}});
  if (needs_tcp_certificate(ctx.platform, c)) mounts.push_back({{"name", "tls"}, {"mountPath", bp.tcp_tls->mount_path}, {"readOnly", true}});
  if (const catalog::AdminClientCertDef* a = admin_client_cert(ctx.platform, c))
    mounts.push_back({{"name", "client-ca"}, {"mountPath", a->ca_mount_path}, {"readOnly", true}});
  for (const catalog::VolumeDef& v : bp.volumes) {
    Json m = {{"name", v.name}, {"mountPath", v.mount_path}};
    if (v.read_only) m["readOnly"] = true;
    if (!v.mount_propagation.empty()) m["mountPropagation"] = v.mount_propagation;
    mounts.push_back(m);
  }
  if (!mounts.empty()) k["volumeMounts"] = mounts;
  return k;
}

Json volumes(const RenderContext& ctx, const platform::Component& c) {
  Json out = Json::array();
  if (!config_files(ctx.platform, c).empty())
    out.push_back({{"name", "config"}, {"configMap", {{"name", config_map_name(c)}}}});
  if (needs_tcp_certificate(ctx.platform, c)) {
    // The kubelet writes Secret files as root; with the pod's fsGroup it gives them that group and
    // adds group read, so 0640 is what the files get: readable by the program through its group,
    // by no one else. PostgreSQL accepts a key owned by root only so (0640 or less): a key owned by
    // its own user it wants 0600, which a Secret volume cannot give.
    out.push_back({{"name", "tls"},
                   {"secret", {{"secretName", tcp_certificate_secret(c)}, {"defaultMode", 0640},
                               {"items", Json::array({{{"key", "tls.crt"}, {"path", "tls.crt"}},
                                                      {{"key", "tls.key"}, {"path", "tls.key"}}})}}}});
  }
  // The CA the server trusts for client certificates: its certificate alone, never its key.
  if (admin_client_cert(ctx.platform, c))
    out.push_back({{"name", "client-ca"},
                   {"secret", {{"secretName", client_ca_secret(c)}, {"items", Json::array({{{"key", "ca.crt"}, {"path", "ca.crt"}}})}}}});
  for (const catalog::VolumeDef& v : c.blueprint->volumes) {
    Json vol = {{"name", v.name}};
    if (!v.host_path.empty()) {
      vol["hostPath"] = {{"path", v.host_path}, {"type", v.read_only ? "Directory" : "DirectoryOrCreate"}};
    } else {
      Json e = Json::object();
      if (!v.medium.empty()) e["medium"] = v.medium;
      if (!v.size_limit.empty()) e["sizeLimit"] = v.size_limit;
      vol["emptyDir"] = e;
    }
    out.push_back(vol);
  }
  return out;
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
  Json tolerations = Json::array();
  if (bp.tolerate_all) tolerations.push_back({{"operator", "Exists"}});
  if (bp.host_network) {
    spec["hostNetwork"] = true;
    spec["dnsPolicy"] = "ClusterFirstWithHostNet";  // still resolve cluster names
  }
  if (bp.host_pid) spec["hostPID"] = true;
  if (!bp.service_links) spec["enableServiceLinks"] = false;
  if (bp.gpu_nodes) {
    // GPU nodes carry the nvidia.com/gpu taint and the gpu.present label (src/nodes); the nvidia
    // RuntimeClass is created by `betelgeuse nodes`.
    spec["nodeSelector"]["nvidia.com/gpu.present"] = "true";
    spec["runtimeClassName"] = "nvidia";
    if (!bp.tolerate_all) tolerations.push_back({{"key", "nvidia.com/gpu"}, {"operator", "Exists"}, {"effect", "NoSchedule"}});
  }
  if (!tolerations.empty()) spec["tolerations"] = tolerations;
  Json vols = volumes(ctx, c);
  if (!vols.empty()) spec["volumes"] = vols;
  Json labels = common_labels(ctx.platform, &c);
  Json metadata = {{"labels", labels}};
  Json annotations = Json::object();
  if (bp.metrics) {
    // The de-facto scrape annotations; Prometheus's kubernetes_sd configuration (catalog/prometheus)
    // keeps exactly the pods that carry them, and the observe trait opens the path.
    const catalog::PortDef* port = bp.find_port(bp.metrics->first);
    annotations["prometheus.io/scrape"] = "true";
    annotations["prometheus.io/port"] = std::to_string(port->port);
    annotations["prometheus.io/path"] = bp.metrics->second;
  }
  std::vector<RenderedFile> files = config_files(ctx.platform, c);
  if (!files.empty()) annotations["betelgeuse.io/config-hash"] = config_hash(files);
  if (!annotations.empty()) metadata["annotations"] = annotations;
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
  Json m = meta(c.name, c.ns);
  for (const auto& [rule, reason] : bp.suppress) m["annotations"]["betelgeuse.io/suppress." + rule] = reason;
  ctx.add({{"apiVersion", "apps/v1"}, {"kind", kind}, {"metadata", m}, {"spec", spec}}, &c, "workload");
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
  auto role = [&](const std::string& name, const Json& rules, const Json& subjects) {
    ctx.add({{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "Role"}, {"metadata", meta(name, c.ns)},
             {"rules", rules}}, &c, "workload");
    ctx.add({{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "RoleBinding"}, {"metadata", meta(name, c.ns)},
             {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "Role"}, {"name", name}}},
             {"subjects", subjects}}, &c, "workload");
  };
  if (!bp.namespace_rules.empty()) role(c.name, bp.namespace_rules, subject);
  // The account of the pods the component spawns (Argo's workflow pods): they call the API server
  // themselves, so its token is mounted.
  if (bp.spawned_pods && !bp.spawned_pods->rules.empty()) {
    const std::string name = c.name + "-pods";
    ctx.add({{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", meta(name, c.ns)},
             {"automountServiceAccountToken", true}}, &c, "workload");
    role(name, bp.spawned_pods->rules,
         Json::array({{{"kind", "ServiceAccount"}, {"name", name}, {"namespace", c.ns}}}));
  }
}

}  // namespace bg::render
