#include "catalog/blueprint_reader.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "catalog/crds.h"
#include "catalog/kube_shapes.h"
#include "common/duration.h"

namespace bg::catalog {

namespace {

// Fields are named by their path from the document's root (mapping keys and list indexes), which
// finds both the node to read and, for a mistake, the place to point at — the deepest node that
// exists along it, so a missing field is reported at the mapping that lacks it. Each mapping is
// checked for unknown keys, so a typo in a blueprint fails loudly instead of silently dropping a
// setting.
class BlueprintReader {
 public:
  BlueprintReader(const yaml::Node& root, const std::string& file, Diagnostics& diags)
      : root_(root), file_(file), diags_(diags) {}

  bool read(Blueprint& bp) {
    if (!root_.is_map()) {
      error({}, "a blueprint must be a mapping", "see docs/blueprints.md");
      return false;
    }
    // A mapping (checked above): only unknown keys can be reported here, and reading goes on.
    (void)keys({}, root_, {"name", "description", "layer", "namespace", "podSecurity", "image", "workload", "replicas",
                    "command", "args", "gatewayApiArgs", "env", "ports", "storage", "probes", "resources", "securityContext",
                    "fsGroup", "metrics", "ui", "secrets", "dependsOn", "provides", "rbac", "enabledByDefault",
                    "provision", "volumes", "files", "postStart", "gpus", "gpuNodes", "tolerateAll", "hostNetwork", "hostPID",
                    "enableServiceLinks",
                    "internetEgress", "nodeEgress", "suppress", "crds", "partOf", "admissionWebhooks", "spawnedPods", "tcpTls",
                    "startTime"});
    bp.name = str({"name"}, true);
    bp.description = str({"description"});
    bp.layer = str({"layer"}, true);
    bp.ns = str({"namespace"}, true);
    if (has({"podSecurity"})) bp.pod_security = str({"podSecurity"});
    bp.image = str({"image"});
    std::string wk = has({"workload"}) ? str({"workload"}) : "Deployment";
    static const std::map<std::string, WorkloadKind> kinds = {{"none", WorkloadKind::kNone},
                                                              {"Deployment", WorkloadKind::kDeployment},
                                                              {"StatefulSet", WorkloadKind::kStatefulSet},
                                                              {"DaemonSet", WorkloadKind::kDaemonSet}};
    if (auto it = kinds.find(wk); it != kinds.end()) bp.workload = it->second;
    else error({"workload"}, "unknown workload \"" + wk + "\"", "use none, Deployment, StatefulSet or DaemonSet");
    if (bp.workload != WorkloadKind::kNone && bp.image.empty())
      error({"image"}, "blueprint \"" + bp.name + "\" runs a workload but names no image", "add `image: repo:tag`");
    if (has({"replicas"})) bp.replicas = integer({"replicas"});
    bp.command = strings({"command"});
    bp.args = strings({"args"});
    bp.gateway_api_args = strings({"gatewayApiArgs"});
    if (const yaml::Node* tls = get({"tcpTls"}); tls && keys({"tcpTls"}, *tls, {"mountPath", "args", "adminClientCert"})) {
      TcpTlsDef t{str({"tcpTls", "mountPath"}, true), strings({"tcpTls", "args"}), std::nullopt};
      absolute_path({"tcpTls", "mountPath"}, t.mount_path, "/etc/app/tls");
      const std::vector<std::string> client = {"tcpTls", "adminClientCert"};
      if (const yaml::Node* cc = get(client);
          cc && keys(client, *cc, {"commonName", "caMountPath", "mountPath", "env"})) {
        AdminClientCertDef a{str({"tcpTls", "adminClientCert", "commonName"}, true),
                             str({"tcpTls", "adminClientCert", "caMountPath"}, true),
                             str({"tcpTls", "adminClientCert", "mountPath"}, true),
                             read_env_list({"tcpTls", "adminClientCert", "env"})};
        absolute_path({"tcpTls", "adminClientCert", "caMountPath"}, a.ca_mount_path, "/etc/app/client-ca");
        absolute_path({"tcpTls", "adminClientCert", "mountPath"}, a.mount_path, "/etc/app/client");
        t.admin_client_cert = a;
      }
      bp.tcp_tls = t;
    }
    read_ports(bp);
    bp.env = read_env_list({"env"});
    read_storage(bp);
    read_probes(bp);
    if (has({"startTime"})) {
      const std::string text = str({"startTime"});
      auto d = parse_duration(text);
      if (d && *d >= std::chrono::seconds(1)) bp.start_time = std::chrono::duration_cast<std::chrono::seconds>(*d);
      else error({"startTime"}, "startTime \"" + text + "\" is not a duration of a second or more",
                 "write how long a first start may take, such as 10m or 1h30m");
    }
    bp.resources = verbatim({"resources"}, resources_shape(), nlohmann::json::object());
    bp.security_context = verbatim({"securityContext"}, security_context_shape(), nlohmann::json::object());
    if (has({"fsGroup"})) bp.fs_group = integer({"fsGroup"});
    if (const yaml::Node* metrics = get({"metrics"}); metrics && keys({"metrics"}, *metrics, {"port", "path"})) {
      bp.metrics = std::make_pair(str({"metrics", "port"}, true), str({"metrics", "path"}, true));
      port_ref(bp, {"metrics", "port"}, bp.metrics->first);
    }
    if (const yaml::Node* ui = get({"ui"}); ui && keys({"ui"}, *ui, {"port", "host", "sensitive", "bodySize"})) {
      bp.ui_port = str({"ui", "port"}, true);
      bp.ui_host = ui->find("host") ? str({"ui", "host"}) : bp.name;
      bp.sensitive = flag({"ui", "sensitive"}, false);
      port_ref(bp, {"ui", "port"}, *bp.ui_port);
      if (ui->find("bodySize")) {
        bp.ui_body_size = str({"ui", "bodySize"});
        const std::string& size = bp.ui_body_size;
        std::size_t unit = size.find_first_not_of("0123456789");  // nginx's size: digits, then k, m or g
        bool unit_last = unit == size.size() - 1 && std::string_view("kKmMgG").find(size.back()) != std::string_view::npos;
        bool valid = !size.empty() && unit != 0 && (unit == std::string::npos || unit_last);
        if (!valid)
          error({"ui", "bodySize"}, "bodySize \"" + bp.ui_body_size + "\" is not a size",
                "write a number of bytes with an optional k, m or g (\"512m\", \"1g\"), or \"0\" for no limit");
      }
    }
    read_dependencies(bp);
    read_provision(bp);
    read_secrets(bp);
    bp.provides = strings({"provides"});
    read_volumes(bp);
    read_files(bp);
    bp.post_start = strings({"postStart"});
    if (has({"gpus"})) bp.gpus = integer({"gpus"});
    bp.gpu_nodes = flag({"gpuNodes"}, false) || bp.gpus > 0;
    bp.tolerate_all = flag({"tolerateAll"}, false);
    bp.host_network = flag({"hostNetwork"}, false);
    bp.host_pid = flag({"hostPID"}, false);
    bp.service_links = flag({"enableServiceLinks"}, true);
    bp.internet_egress = ports({"internetEgress"});
    bp.node_egress = ports({"nodeEgress"});
    if (const yaml::Node* suppress = mapping({"suppress"})) {
      for (const auto& [rule, reason] : suppress->entries) bp.suppress[rule.text] = str({"suppress", rule.text}, true);
    }
    if (const yaml::Node* rbac = get({"rbac"}); rbac && keys({"rbac"}, *rbac, {"cluster", "namespace"})) {
      bp.cluster_rules = verbatim({"rbac", "cluster"}, policy_rules_shape(), nlohmann::json::array());
      bp.namespace_rules = verbatim({"rbac", "namespace"}, policy_rules_shape(), nlohmann::json::array());
    }
    if (has({"partOf"})) bp.part_of = str({"partOf"});
    read_admission(bp);
    read_spawned_pods(bp);
    bp.crds = strings({"crds"});
    for (std::size_t i = 0; i < bp.crds.size(); ++i) {
      if (!find_crd(bp.crds[i]))
        error({"crds", std::to_string(i)}, "no CustomResourceDefinition \"" + bp.crds[i] + "\" is built in",
              "name a file of data/crds/, e.g. cert-manager.io_certificates.json");
    }
    bp.enabled_by_default = flag({"enabledByDefault"}, true);
    bp.source = file_;
    return ok_;
  }

 private:
  void read_admission(Blueprint& bp) {
    std::vector<std::string> at = {"admissionWebhooks"};
    const yaml::Node* node = get(at);
    if (!node || !keys(at, *node, {"port", "caSecret", "validating", "mutating"})) return;
    AdmissionDef a;
    a.port = str(sub(at, "port"), true);
    a.ca_secret = str(sub(at, "caSecret"), true);
    port_ref(bp, sub(at, "port"), a.port);
    for (const char* which : {"validating", "mutating"}) {
      const yaml::Node* hooks = list(sub(at, which));
      if (!hooks) continue;
      for (std::size_t i = 0; i < hooks->items.size(); ++i) {
        std::vector<std::string> w = {"admissionWebhooks", which, std::to_string(i)};
        if (!keys(w, hooks->items[i], {"name", "path", "rules", "namespaceSelector"})) continue;
        WebhookDef d{str(sub(w, "name"), true), str(sub(w, "path"), true),
                     verbatim(sub(w, "rules"), webhook_rules_shape(), nlohmann::json::array()),
                     verbatim(sub(w, "namespaceSelector"), label_selector_shape(), nlohmann::json::object())};
        (std::string(which) == "validating" ? a.validating : a.mutating).push_back(std::move(d));
      }
    }
    bp.admission = std::move(a);
  }

  void read_spawned_pods(Blueprint& bp) {
    std::vector<std::string> at = {"spawnedPods"};
    const yaml::Node* node = get(at);
    if (!node || !keys(at, *node, {"label", "reaches", "apiServer", "rules"})) return;
    SpawnedPodsDef d;
    d.label = str(sub(at, "label"), true);
    d.api_server = flag(sub(at, "apiServer"), false);
    d.rules = verbatim(sub(at, "rules"), policy_rules_shape(), nlohmann::json::array());
    if (const yaml::Node* reaches = list(sub(at, "reaches"))) {
      for (std::size_t i = 0; i < reaches->items.size(); ++i) {
        std::vector<std::string> r = {"spawnedPods", "reaches", std::to_string(i)};
        if (!keys(r, reaches->items[i], {"component", "port"})) continue;
        std::string component = str(sub(r, "component"), true);
        if (!component.empty() && !bp.dependency(component))
          error(sub(r, "component"), "\"" + component + "\" is not a dependency of \"" + bp.name + "\"",
                "add it to `dependsOn`: spawned pods reach only what their component depends on");
        d.reaches.emplace_back(component, str(sub(r, "port"), true));
      }
    }
    bp.spawned_pods = std::move(d);
  }

  void read_ports(Blueprint& bp) {
    const yaml::Node* ports = list({"ports"});
    if (!ports) return;
    for (std::size_t i = 0; i < ports->items.size(); ++i) {
      std::vector<std::string> at = {"ports", std::to_string(i)};
      if (!keys(at, ports->items[i], {"name", "port", "protocol", "expose", "backendHTTPS"})) continue;
      PortDef p;
      p.name = str(sub(at, "name"), true);
      p.port = integer(sub(at, "port"));
      if (has(sub(at, "protocol"))) p.protocol = str(sub(at, "protocol"));
      std::string e = has(sub(at, "expose")) ? str(sub(at, "expose")) : "internal";
      if (e == "http") p.expose = Exposure::kHttp;
      else if (e == "tcp") p.expose = Exposure::kTcp;
      else if (e != "internal") error(sub(at, "expose"), "unknown exposure \"" + e + "\"", "use internal, http or tcp");
      p.backend_https = flag(sub(at, "backendHTTPS"), false);
      bp.ports.push_back(p);
    }
  }

  std::vector<EnvDef> read_env_list(const std::vector<std::string>& where) {
    std::vector<EnvDef> out;
    const yaml::Node* env = list(where);
    if (!env) return out;
    for (std::size_t i = 0; i < env->items.size(); ++i) {
      std::vector<std::string> at = sub(where, std::to_string(i));
      if (!keys(at, env->items[i], {"name", "value", "secret", "fieldPath", "when"})) continue;
      EnvDef e;
      e.name = str(sub(at, "name"), true);
      e.when = str(sub(at, "when"));
      if (has(sub(at, "value"))) e.value = str(sub(at, "value"));
      if (has(sub(at, "fieldPath"))) e.field_path = str(sub(at, "fieldPath"));
      if (has(sub(at, "secret"))) {
        // "secret: admin/password" — the component's secret "admin", key "password"; or
        // "secret: postgres/password" — the credentials its dependency on postgres provisions.
        std::string ref = str(sub(at, "secret"));
        std::size_t slash = ref.find('/');
        if (slash == std::string::npos) error(sub(at, "secret"), "secret reference \"" + ref + "\" needs a key", "write `secret: <name>/<key>`");
        else e.secret = std::make_pair(ref.substr(0, slash), ref.substr(slash + 1));
      }
      out.push_back(e);
    }
    return out;
  }

  void read_dependencies(Blueprint& bp) {
    const yaml::Node* deps = get({"dependsOn"});
    if (!deps) return;
    if (!deps->is_seq()) {
      error({"dependsOn"}, "dependsOn must be a list", "write `[postgres, {component: minio, optional: true}]`");
      return;
    }
    for (std::size_t i = 0; i < deps->items.size(); ++i) {
      std::vector<std::string> at = {"dependsOn", std::to_string(i)};
      DependencyDef d;
      if (deps->items[i].kind == yaml::NodeKind::kString) {
        d.component = deps->items[i].text;
      } else {
        if (!keys(at, deps->items[i], {"component", "optional", "set", "ports"})) continue;
        d.component = str(sub(at, "component"), true);
        d.optional = flag(sub(at, "optional"), false);
        d.ports = strings(sub(at, "ports"));
        if (const yaml::Node* set = mapping(sub(at, "set")))
          for (const auto& [k, v] : set->entries) d.set[k.text] = str({"dependsOn", std::to_string(i), "set", k.text}, true);
      }
      bp.depends_on.push_back(d);
    }
  }

  std::vector<SecretKeyDef> read_keys(const std::vector<std::string>& where) {
    std::vector<SecretKeyDef> out;
    const yaml::Node* ks = list(where);
    if (!ks) return out;
    for (std::size_t j = 0; j < ks->items.size(); ++j) {
      std::vector<std::string> kat = sub(where, std::to_string(j));
      if (!keys(kat, ks->items[j], {"key", "generate", "length", "value"})) continue;
      SecretKeyDef k;
      k.key = str(sub(kat, "key"), true);
      k.generate = str(sub(kat, "generate"));
      k.length = integer_or(sub(kat, "length"), 32);
      k.value = str(sub(kat, "value"));
      if (k.generate.empty() == k.value.empty())
        error(kat, "secret key \"" + k.key + "\" needs exactly one of generate or value", "add `generate: password`");
      out.push_back(k);
    }
    return out;
  }

  void read_provision(Blueprint& bp) {
    const yaml::Node* node = get({"provision"});
    if (!node || !keys({"provision"}, *node, {"image", "command", "env", "securityContext", "keys"})) return;
    ProvisionDef p;
    p.image = node->find("image") ? str({"provision", "image"}) : bp.image;
    p.command = strings({"provision", "command"});
    if (p.command.empty()) error({"provision"}, "provision needs a command", "add `command: [sh, -c, ...]`");
    p.env = read_env_list({"provision", "env"});
    p.security_context = verbatim({"provision", "securityContext"}, security_context_shape(), nlohmann::json::object());
    p.keys = read_keys({"provision", "keys"});
    bp.provision = p;
  }

  void read_volumes(Blueprint& bp) {
    const yaml::Node* vols = list({"volumes"});
    if (!vols) return;
    for (std::size_t i = 0; i < vols->items.size(); ++i) {
      std::vector<std::string> at = {"volumes", std::to_string(i)};
      if (!keys(at, vols->items[i], {"name", "mountPath", "hostPath", "emptyDir", "readOnly", "mountPropagation"})) continue;
      VolumeDef v;
      v.name = str(sub(at, "name"), true);
      v.mount_path = str(sub(at, "mountPath"), true);
      v.host_path = str(sub(at, "hostPath"));
      if (const yaml::Node* empty_dir = get(sub(at, "emptyDir")); empty_dir && keys(sub(at, "emptyDir"), *empty_dir, {"medium", "sizeLimit"})) {
        v.medium = str({"volumes", std::to_string(i), "emptyDir", "medium"});
        v.size_limit = str({"volumes", std::to_string(i), "emptyDir", "sizeLimit"});
      }
      v.read_only = flag(sub(at, "readOnly"), false);
      v.mount_propagation = str(sub(at, "mountPropagation"));
      if (!v.mount_propagation.empty() && (v.mount_propagation != "HostToContainer" || v.host_path.empty()))
        error(sub(at, "mountPropagation"), "mountPropagation \"" + v.mount_propagation + "\" is not allowed here",
              "only a hostPath volume may use HostToContainer (Bidirectional needs a privileged container)");
      if (v.name == "data" || v.name == "config" || v.name == "tls")
        error(sub(at, "name"), "volume name \"" + v.name + "\" is reserved", "the data, config and tls volumes are derived; pick another name");
      bp.volumes.push_back(v);
    }
  }

  void read_files(Blueprint& bp) {
    const yaml::Node* files = list({"files"});
    if (!files) return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < files->items.size(); ++i) {
      std::vector<std::string> at = {"files", std::to_string(i)};
      if (!keys(at, files->items[i], {"path", "content", "when"})) continue;
      FileDef f;
      f.path = str(sub(at, "path"), true);
      f.content = str(sub(at, "content"), true);
      f.when = str(sub(at, "when"));
      if (f.path.empty() || f.path[0] != '/') error(sub(at, "path"), "file path must be absolute", "write e.g. /etc/app/app.yaml");
      if (!seen.insert(f.key()).second) error(sub(at, "path"), "two files are named \"" + f.key() + "\"", "file names are ConfigMap keys; make them unique");
      bp.files.push_back(f);
    }
  }

  void read_storage(Blueprint& bp) {
    const yaml::Node* node = get({"storage"});
    if (!node || !keys({"storage"}, *node, {"size", "mountPath"})) return;
    bp.storage_size = str({"storage", "size"}, true);
    bp.storage_mount = str({"storage", "mountPath"}, true);
  }

  void read_probes(Blueprint& bp) {
    const yaml::Node* probes = get({"probes"});
    if (!probes || !keys({"probes"}, *probes, {"liveness", "readiness", "startup"})) return;
    for (const char* which : {"liveness", "readiness", "startup"}) {
      const yaml::Node* p = probes->find(which);
      if (!p) continue;
      std::vector<std::string> at = {"probes", which};
      if (!keys(at, *p, {"http", "tcp", "exec", "initialDelaySeconds", "periodSeconds", "failureThreshold"})) continue;
      ProbeDef d;
      if (const yaml::Node* http = p->find("http")) {
        d.kind = ProbeDef::Kind::kHttp;
        if (keys(sub(at, "http"), *http, {"port", "path"})) {
          d.port = str({"probes", which, "http", "port"}, true);
          d.path = str({"probes", which, "http", "path"}, true);
        }
      } else if (p->find("tcp")) {
        d.kind = ProbeDef::Kind::kTcp;
        d.port = str(sub(at, "tcp"), true);
      } else if (p->find("exec")) {
        d.kind = ProbeDef::Kind::kExec;
        d.command = strings(sub(at, "exec"));
      } else {
        error(at, "probe needs http, tcp or exec", "add e.g. `tcp: <port name>`");
      }
      if (d.kind != ProbeDef::Kind::kExec) port_ref(bp, at, d.port);
      d.initial_delay_seconds = integer_or(sub(at, "initialDelaySeconds"), d.initial_delay_seconds);
      d.period_seconds = integer_or(sub(at, "periodSeconds"), d.period_seconds);
      d.failure_threshold = integer_or(sub(at, "failureThreshold"), d.failure_threshold);
      const std::string kind = which;
      (kind == "liveness" ? bp.liveness : kind == "readiness" ? bp.readiness : bp.startup) = d;
    }
  }

  void read_secrets(Blueprint& bp) {
    if (const yaml::Node* secrets = list({"secrets"})) {
      for (std::size_t i = 0; i < secrets->items.size(); ++i) {
        std::vector<std::string> at = {"secrets", std::to_string(i)};
        if (!keys(at, secrets->items[i], {"name", "keys"})) continue;
        SecretDef s;
        s.name = str(sub(at, "name"), true);
        s.keys = read_keys(sub(at, "keys"));
        if (bp.dependency(s.name))
          error(sub(at, "name"), "secret \"" + s.name + "\" has the name of a dependency", "the credentials a dependency provisions are named after it; rename this secret");
        bp.secrets.push_back(s);
      }
    }
    auto check = [&](const std::vector<EnvDef>& env, const char* where, bool deps_allowed) {
      for (const EnvDef& e : env) {
        if (!e.secret) continue;
        if (deps_allowed && bp.dependency(e.secret->first)) continue;  // checked against the provider by Catalog::check_edges
        bool found = false;
        for (const SecretDef& s : bp.secrets)
          for (const SecretKeyDef& k : s.keys) found |= s.name == e.secret->first && k.key == e.secret->second;
        if (!found) error({where}, "env " + e.name + " refers to undefined secret key " + e.secret->first + "/" + e.secret->second, "declare it under secrets");
      }
    };
    check(bp.env, "env", true);
    if (bp.provision) check(bp.provision->env, "provision", false);
  }

  void port_ref(const Blueprint& bp, const std::vector<std::string>& at, const std::string& name) {
    if (!bp.find_port(name)) error(at, "no port named \"" + name + "\"", "name one of the blueprint's ports");
  }

  static std::vector<std::string> sub(std::vector<std::string> at, const std::string& key) {
    at.push_back(key);
    return at;
  }

  // The node at `path` (nullptr when a step is absent or cannot be taken).
  const yaml::Node* get(const std::vector<std::string>& path) const {
    const yaml::Node* cur = &root_;
    for (const std::string& p : path) {
      if (cur->is_map()) {
        cur = cur->find(p);
        if (!cur) return nullptr;
      } else if (cur->is_seq()) {
        if (p.empty() || p.size() > 9 || p.find_first_not_of("0123456789") != std::string::npos) return nullptr;
        std::size_t i = std::stoul(p);
        if (i >= cur->items.size()) return nullptr;
        cur = &cur->items[i];
      } else {
        return nullptr;
      }
    }
    return cur;
  }
  bool has(const std::vector<std::string>& path) const { return get(path) != nullptr; }

  std::string str(const std::vector<std::string>& path, bool required = false) {
    const yaml::Node* v = get(path);
    if (!v) {
      if (required) error(path, "missing required field \"" + path.back() + "\"", "see docs/blueprints.md");
      return {};
    }
    if (v->kind != yaml::NodeKind::kString) {
      error(path, path.back() + " must be a string", "quote the value");
      return {};
    }
    return v->text;
  }

  int integer(const std::vector<std::string>& path) {
    const yaml::Node* v = get(path);
    if (!v || v->kind != yaml::NodeKind::kInt) {
      error(path, path.back() + " must be an integer", "write a whole number");
      return 0;
    }
    if (v->int_value < std::numeric_limits<int>::min() || v->int_value > std::numeric_limits<int>::max()) {
      error(path, path.back() + " is " + std::to_string(v->int_value) + ", out of range",
            "write a whole number from " + std::to_string(std::numeric_limits<int>::min()) + " to " +
                std::to_string(std::numeric_limits<int>::max()));
      return 0;
    }
    return static_cast<int>(v->int_value);
  }

  int integer_or(const std::vector<std::string>& path, int fallback) { return has(path) ? integer(path) : fallback; }

  bool flag(const std::vector<std::string>& path, bool fallback) {
    const yaml::Node* v = get(path);
    if (!v) return fallback;
    if (v->kind != yaml::NodeKind::kBool) {
      error(path, path.back() + " must be true or false", "write `" + path.back() + ": true` or `false`");
      return fallback;
    }
    return v->bool_value;
  }

  // The node at `path` when it is of `kind` (nullptr when absent or, with a located error, not).
  const yaml::Node* typed(const std::vector<std::string>& path, yaml::NodeKind kind, const char* noun, const char* hint) {
    const yaml::Node* v = get(path);
    if (v && v->kind != kind) {
      error(path, path.back() + " must be " + noun, hint);
      return nullptr;
    }
    return v;
  }
  const yaml::Node* list(const std::vector<std::string>& path) {
    return typed(path, yaml::NodeKind::kSequence, "a list", "write one `- item` line per entry, or `[a, b]`");
  }
  const yaml::Node* mapping(const std::vector<std::string>& path) {
    return typed(path, yaml::NodeKind::kMapping, "a mapping", "write one `key: value` line per entry");
  }

  // A list of TCP port numbers (internetEgress, nodeEgress); empty when absent.
  std::vector<int> ports(const std::vector<std::string>& path) {
    std::vector<int> out;
    if (const yaml::Node* v = list(path))
      for (std::size_t i = 0; i < v->items.size(); ++i) out.push_back(integer(sub(path, std::to_string(i))));
    return out;
  }

  std::vector<std::string> strings(const std::vector<std::string>& path) {
    std::vector<std::string> out;
    const yaml::Node* v = get(path);
    if (!v) return out;
    if (!v->is_seq()) {
      error(path, path.back() + " must be a list of strings", "write `[a, b]`");
      return out;
    }
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      if (v->items[i].kind == yaml::NodeKind::kString) out.push_back(v->items[i].text);
      else error(sub(path, std::to_string(i)), path.back() + " must be a list of strings", "quote each item");
    }
    return out;
  }

  // A Kubernetes field copied as written: its JSON when it fits `shape`, else (with located
  // errors) `absent`, as when it is not there.
  nlohmann::json verbatim(const std::vector<std::string>& path, const Shape& shape, nlohmann::json absent) {
    const yaml::Node* v = get(path);
    if (!v) return absent;
    std::string name;
    for (const std::string& step : path)
      name += step.find_first_not_of("0123456789") == std::string::npos ? "[" + step + "]" : (name.empty() ? "" : ".") + step;
    if (!check_shape(*v, shape, name, file_, diags_)) {
      ok_ = false;
      return absent;
    }
    return yaml::to_json(*v);
  }

  // Reports unknown keys; false (and a located error) when `obj` is no mapping at all, so the
  // caller skips reading fields from it.
  [[nodiscard]] bool keys(const std::vector<std::string>& at, const yaml::Node& obj, const std::vector<std::string>& allowed) {
    if (!obj.is_map()) {
      error(at, (at.empty() ? std::string("blueprint") : at.back()) + " must be a mapping", "see docs/blueprints.md");
      return false;
    }
    for (const auto& [key, value] : obj.entries) {
      const std::string& k = key.text;
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string near = closest_match(k, allowed);
      error(sub(at, k), "unknown field \"" + k + "\" in blueprint", near.empty() ? "see docs/blueprints.md" : "did you mean \"" + near + "\"?", true);
    }
    return true;
  }

  void absolute_path(const std::vector<std::string>& path, const std::string& value, const std::string& example) {
    if (value.empty() || value[0] != '/') {
      std::string field;
      for (const std::string& part : path) field += (field.empty() ? "" : ".") + part;
      error(path, field + " must be absolute", "write e.g. " + example);
    }
  }

  void error(const std::vector<std::string>& path, const std::string& msg, const std::string& hint, bool key = false) {
    yaml::Mark m = yaml::locate(root_, path, key);
    diags_.error({file_, m.line, m.col}, msg, hint);
    ok_ = false;
  }

  const yaml::Node& root_;
  const std::string& file_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

bool read_blueprint(const yaml::Node& root, const std::string& file, Diagnostics& diags, Blueprint& bp) {
  return BlueprintReader(root, file, diags).read(bp);
}

}  // namespace bg::catalog
