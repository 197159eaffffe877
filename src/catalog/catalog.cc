#include "catalog/catalog.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "catalog/crds.h"
#include "common/embedded.h"
#include "yaml/loader.h"

namespace bg::catalog {

const PortDef* Blueprint::find_port(const std::string& n) const {
  for (const PortDef& p : ports)
    if (p.name == n) return &p;
  return nullptr;
}

const DependencyDef* Blueprint::dependency(const std::string& component) const {
  for (const DependencyDef& d : depends_on)
    if (d.component == component) return &d;
  return nullptr;
}

std::string FileDef::key() const { return path.substr(path.rfind('/') + 1); }

std::string_view workload_name(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::kNone: return "none";
    case WorkloadKind::kDeployment: return "Deployment";
    case WorkloadKind::kStatefulSet: return "StatefulSet";
    case WorkloadKind::kDaemonSet: return "DaemonSet";
  }
  return "none";
}

namespace {

using nlohmann::json;

// Reads one blueprint document. The YAML tree is turned into JSON for convenient access; the tree is
// kept to locate problems. Each object level is checked for unknown keys, so a typo in a blueprint
// fails loudly instead of silently dropping a setting.
class BlueprintReader {
 public:
  BlueprintReader(const yaml::Node& root, const std::string& file, Diagnostics& diags)
      : root_(root), doc_(yaml::to_json(root)), file_(file), diags_(diags) {}

  bool read(Blueprint& bp) {
    if (!doc_.is_object()) {
      error({}, "a blueprint must be a mapping", "see docs/blueprints.md");
      return false;
    }
    // A mapping (checked above): only unknown keys can be reported here, and reading goes on.
    (void)keys({}, doc_, {"name", "description", "layer", "namespace", "podSecurity", "image", "workload", "replicas",
                    "command", "args", "gatewayApiArgs", "env", "ports", "storage", "probes", "resources", "securityContext",
                    "fsGroup", "metrics", "ui", "secrets", "dependsOn", "provides", "rbac", "enabledByDefault",
                    "provision", "volumes", "files", "postStart", "gpus", "gpuNodes", "tolerateAll", "hostNetwork", "hostPID",
                    "internetEgress", "suppress", "crds", "partOf", "admissionWebhooks", "spawnedPods"});
    bp.name = str({"name"}, true);
    bp.description = str({"description"});
    bp.layer = str({"layer"}, true);
    bp.ns = str({"namespace"}, true);
    if (doc_.contains("podSecurity")) bp.pod_security = str({"podSecurity"});
    bp.image = str({"image"});
    std::string wk = doc_.contains("workload") ? str({"workload"}) : "Deployment";
    static const std::map<std::string, WorkloadKind> kinds = {{"none", WorkloadKind::kNone},
                                                              {"Deployment", WorkloadKind::kDeployment},
                                                              {"StatefulSet", WorkloadKind::kStatefulSet},
                                                              {"DaemonSet", WorkloadKind::kDaemonSet}};
    if (auto it = kinds.find(wk); it != kinds.end()) bp.workload = it->second;
    else error({"workload"}, "unknown workload \"" + wk + "\"", "use none, Deployment, StatefulSet or DaemonSet");
    if (bp.workload != WorkloadKind::kNone && bp.image.empty())
      error({"image"}, "blueprint \"" + bp.name + "\" runs a workload but names no image", "add `image: repo:tag`");
    if (doc_.contains("replicas")) bp.replicas = integer({"replicas"});
    bp.command = strings({"command"});
    bp.args = strings({"args"});
    bp.gateway_api_args = strings({"gatewayApiArgs"});
    read_ports(bp);
    bp.env = read_env_list({"env"});
    read_storage(bp);
    read_probes(bp);
    bp.resources = doc_.value("resources", json::object());
    bp.security_context = doc_.value("securityContext", json::object());
    if (doc_.contains("fsGroup")) bp.fs_group = integer({"fsGroup"});
    if (doc_.contains("metrics") && keys({"metrics"}, doc_["metrics"], {"port", "path"})) {
      bp.metrics = std::make_pair(str({"metrics", "port"}, true), str({"metrics", "path"}, true));
      port_ref(bp, {"metrics", "port"}, bp.metrics->first);
    }
    if (doc_.contains("ui") && keys({"ui"}, doc_["ui"], {"port", "host", "sensitive", "bodySize"})) {
      bp.ui_port = str({"ui", "port"}, true);
      bp.ui_host = doc_["ui"].contains("host") ? str({"ui", "host"}) : bp.name;
      bp.sensitive = flag({"ui", "sensitive"}, false);
      port_ref(bp, {"ui", "port"}, *bp.ui_port);
      if (doc_["ui"].contains("bodySize")) {
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
    if (doc_.contains("gpus")) bp.gpus = integer({"gpus"});
    bp.gpu_nodes = flag({"gpuNodes"}, false) || bp.gpus > 0;
    bp.tolerate_all = flag({"tolerateAll"}, false);
    bp.host_network = flag({"hostNetwork"}, false);
    bp.host_pid = flag({"hostPID"}, false);
    if (const json* egress = list({"internetEgress"})) {
      for (std::size_t i = 0; i < egress->size(); ++i)
        bp.internet_egress.push_back(integer({"internetEgress", std::to_string(i)}));
    }
    if (const json* suppress = mapping({"suppress"})) {
      for (const auto& [rule, reason] : suppress->items()) bp.suppress[rule] = str({"suppress", rule}, true);
    }
    if (doc_.contains("rbac") && keys({"rbac"}, doc_["rbac"], {"cluster", "namespace"})) {
      bp.cluster_rules = doc_["rbac"].value("cluster", json::array());
      bp.namespace_rules = doc_["rbac"].value("namespace", json::array());
    }
    if (doc_.contains("partOf")) bp.part_of = str({"partOf"});
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
    if (!doc_.contains("admissionWebhooks")) return;
    std::vector<std::string> at = {"admissionWebhooks"};
    if (!keys(at, doc_["admissionWebhooks"], {"port", "caSecret", "validating", "mutating"})) return;
    AdmissionDef a;
    a.port = str(sub(at, "port"), true);
    a.ca_secret = str(sub(at, "caSecret"), true);
    port_ref(bp, sub(at, "port"), a.port);
    for (const char* which : {"validating", "mutating"}) {
      const json* hooks = list(sub(at, which));
      if (!hooks) continue;
      for (std::size_t i = 0; i < hooks->size(); ++i) {
        std::vector<std::string> w = {"admissionWebhooks", which, std::to_string(i)};
        if (!keys(w, (*hooks)[i], {"name", "path", "rules", "namespaceSelector"})) continue;
        WebhookDef d{str(sub(w, "name"), true), str(sub(w, "path"), true), (*hooks)[i].value("rules", json::array()),
                     (*hooks)[i].value("namespaceSelector", json::object())};
        (std::string(which) == "validating" ? a.validating : a.mutating).push_back(std::move(d));
      }
    }
    bp.admission = std::move(a);
  }

  void read_spawned_pods(Blueprint& bp) {
    if (!doc_.contains("spawnedPods")) return;
    std::vector<std::string> at = {"spawnedPods"};
    if (!keys(at, doc_["spawnedPods"], {"label", "reaches", "apiServer", "rules"})) return;
    SpawnedPodsDef d;
    d.label = str(sub(at, "label"), true);
    d.api_server = flag(sub(at, "apiServer"), false);
    if (const json* rules = list(sub(at, "rules"))) d.rules = *rules;
    if (const json* reaches = list(sub(at, "reaches"))) {
      for (std::size_t i = 0; i < reaches->size(); ++i) {
        std::vector<std::string> r = {"spawnedPods", "reaches", std::to_string(i)};
        if (!keys(r, (*reaches)[i], {"component", "port"})) continue;
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
    const json* listed = list({"ports"});
    if (!listed) return;
    const json& ports = *listed;
    for (std::size_t i = 0; i < ports.size(); ++i) {
      std::vector<std::string> at = {"ports", std::to_string(i)};
      if (!keys(at, ports[i], {"name", "port", "protocol", "expose", "backendHTTPS"})) continue;
      PortDef p;
      p.name = str(sub(at, "name"), true);
      p.port = integer(sub(at, "port"));
      if (ports[i].contains("protocol")) p.protocol = str(sub(at, "protocol"));
      std::string e = ports[i].contains("expose") ? str(sub(at, "expose")) : "internal";
      if (e == "http") p.expose = Exposure::kHttp;
      else if (e == "tcp") p.expose = Exposure::kTcp;
      else if (e != "internal") error(sub(at, "expose"), "unknown exposure \"" + e + "\"", "use internal, http or tcp");
      p.backend_https = flag(sub(at, "backendHTTPS"), false);
      bp.ports.push_back(p);
    }
  }

  std::vector<EnvDef> read_env_list(const std::vector<std::string>& where) {
    std::vector<EnvDef> out;
    const json* env = list(where);
    if (!env) return out;
    for (std::size_t i = 0; i < env->size(); ++i) {
      std::vector<std::string> at = sub(where, std::to_string(i));
      if (!keys(at, (*env)[i], {"name", "value", "secret", "fieldPath"})) continue;
      EnvDef e;
      e.name = str(sub(at, "name"), true);
      if ((*env)[i].contains("value")) e.value = str(sub(at, "value"));
      if ((*env)[i].contains("fieldPath")) e.field_path = str(sub(at, "fieldPath"));
      if ((*env)[i].contains("secret")) {
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
    const json* deps = get({"dependsOn"});
    if (!deps) return;
    if (!deps->is_array()) {
      error({"dependsOn"}, "dependsOn must be a list", "write `[postgres, {component: minio, optional: true}]`");
      return;
    }
    for (std::size_t i = 0; i < deps->size(); ++i) {
      std::vector<std::string> at = {"dependsOn", std::to_string(i)};
      DependencyDef d;
      if ((*deps)[i].is_string()) {
        d.component = (*deps)[i].get<std::string>();
      } else {
        if (!keys(at, (*deps)[i], {"component", "optional", "set"})) continue;
        d.component = str(sub(at, "component"), true);
        d.optional = flag(sub(at, "optional"), false);
        if (const json* set = mapping(sub(at, "set")))
          for (const auto& [k, v] : set->items()) d.set[k] = str({"dependsOn", std::to_string(i), "set", k}, true);
      }
      bp.depends_on.push_back(d);
    }
  }

  std::vector<SecretKeyDef> read_keys(const std::vector<std::string>& where) {
    std::vector<SecretKeyDef> out;
    const json* ks = list(where);
    if (!ks) return out;
    for (std::size_t j = 0; j < ks->size(); ++j) {
      std::vector<std::string> kat = sub(where, std::to_string(j));
      if (!keys(kat, (*ks)[j], {"key", "generate", "length", "value"})) continue;
      SecretKeyDef k;
      k.key = str(sub(kat, "key"), true);
      k.generate = str(sub(kat, "generate"));
      k.length = get(sub(kat, "length")) ? integer(sub(kat, "length")) : 32;
      k.value = str(sub(kat, "value"));
      if (k.generate.empty() == k.value.empty())
        error(kat, "secret key \"" + k.key + "\" needs exactly one of generate or value", "add `generate: password`");
      out.push_back(k);
    }
    return out;
  }

  void read_provision(Blueprint& bp) {
    if (!doc_.contains("provision")) return;
    if (!keys({"provision"}, doc_["provision"], {"image", "command", "env", "securityContext", "keys"})) return;
    ProvisionDef p;
    p.image = doc_["provision"].contains("image") ? str({"provision", "image"}) : bp.image;
    p.command = strings({"provision", "command"});
    if (p.command.empty()) error({"provision"}, "provision needs a command", "add `command: [sh, -c, ...]`");
    p.env = read_env_list({"provision", "env"});
    p.security_context = doc_["provision"].value("securityContext", json::object());
    p.keys = read_keys({"provision", "keys"});
    bp.provision = p;
  }

  void read_volumes(Blueprint& bp) {
    const json* vols = list({"volumes"});
    if (!vols) return;
    for (std::size_t i = 0; i < vols->size(); ++i) {
      std::vector<std::string> at = {"volumes", std::to_string(i)};
      if (!keys(at, (*vols)[i], {"name", "mountPath", "hostPath", "emptyDir", "readOnly", "mountPropagation"})) continue;
      VolumeDef v;
      v.name = str(sub(at, "name"), true);
      v.mount_path = str(sub(at, "mountPath"), true);
      v.host_path = str(sub(at, "hostPath"));
      if ((*vols)[i].contains("emptyDir") && keys(sub(at, "emptyDir"), (*vols)[i]["emptyDir"], {"medium", "sizeLimit"})) {
        v.medium = str({"volumes", std::to_string(i), "emptyDir", "medium"});
        v.size_limit = str({"volumes", std::to_string(i), "emptyDir", "sizeLimit"});
      }
      v.read_only = flag(sub(at, "readOnly"), false);
      v.mount_propagation = str(sub(at, "mountPropagation"));
      if (!v.mount_propagation.empty() && (v.mount_propagation != "HostToContainer" || v.host_path.empty()))
        error(sub(at, "mountPropagation"), "mountPropagation \"" + v.mount_propagation + "\" is not allowed here",
              "only a hostPath volume may use HostToContainer (Bidirectional needs a privileged container)");
      if (v.name == "data" || v.name == "config")
        error(sub(at, "name"), "volume name \"" + v.name + "\" is reserved", "the data and config volumes are derived; pick another name");
      bp.volumes.push_back(v);
    }
  }

  void read_files(Blueprint& bp) {
    const json* files = list({"files"});
    if (!files) return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < files->size(); ++i) {
      std::vector<std::string> at = {"files", std::to_string(i)};
      if (!keys(at, (*files)[i], {"path", "content", "when"})) continue;
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
    if (!doc_.contains("storage")) return;
    if (!keys({"storage"}, doc_["storage"], {"size", "mountPath"})) return;
    bp.storage_size = str({"storage", "size"}, true);
    bp.storage_mount = str({"storage", "mountPath"}, true);
  }

  void read_probes(Blueprint& bp) {
    if (!doc_.contains("probes")) return;
    if (!keys({"probes"}, doc_["probes"], {"liveness", "readiness"})) return;
    for (const char* which : {"liveness", "readiness"}) {
      if (!doc_["probes"].contains(which)) continue;
      std::vector<std::string> at = {"probes", which};
      const json& p = doc_["probes"][which];
      if (!keys(at, p, {"http", "tcp", "exec", "initialDelaySeconds", "periodSeconds", "failureThreshold"})) continue;
      ProbeDef d;
      if (p.contains("http")) {
        d.kind = ProbeDef::Kind::kHttp;
        if (keys(sub(at, "http"), p["http"], {"port", "path"})) {
          d.port = str({"probes", which, "http", "port"}, true);
          d.path = str({"probes", which, "http", "path"}, true);
        }
      } else if (p.contains("tcp")) {
        d.kind = ProbeDef::Kind::kTcp;
        d.port = str(sub(at, "tcp"), true);
      } else if (p.contains("exec")) {
        d.kind = ProbeDef::Kind::kExec;
        d.command = strings(sub(at, "exec"));
      } else {
        error(at, "probe needs http, tcp or exec", "add e.g. `tcp: <port name>`");
      }
      if (d.kind != ProbeDef::Kind::kExec) port_ref(bp, at, d.port);
      d.initial_delay_seconds = integer_or(sub(at, "initialDelaySeconds"), d.initial_delay_seconds);
      d.period_seconds = integer_or(sub(at, "periodSeconds"), d.period_seconds);
      d.failure_threshold = integer_or(sub(at, "failureThreshold"), d.failure_threshold);
      (std::string(which) == "liveness" ? bp.liveness : bp.readiness) = d;
    }
  }

  void read_secrets(Blueprint& bp) {
    if (const json* listed = list({"secrets"})) {
      const json& secrets = *listed;
      for (std::size_t i = 0; i < secrets.size(); ++i) {
        std::vector<std::string> at = {"secrets", std::to_string(i)};
        if (!keys(at, secrets[i], {"name", "keys"})) continue;
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

  const json* get(const std::vector<std::string>& path) {
    const json* cur = &doc_;
    for (const std::string& p : path) {
      if (cur->is_object()) {
        auto it = cur->find(p);
        if (it == cur->end()) return nullptr;
        cur = &*it;
      } else if (cur->is_array()) {
        if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos) return nullptr;
        std::size_t i = std::stoul(p);
        if (i >= cur->size()) return nullptr;
        cur = &(*cur)[i];
      } else {
        return nullptr;
      }
    }
    return cur;
  }

  std::string str(const std::vector<std::string>& path, bool required = false) {
    const json* v = get(path);
    if (!v) {
      if (required) error(path, "missing required field \"" + path.back() + "\"", "see docs/blueprints.md");
      return {};
    }
    if (!v->is_string()) {
      error(path, path.back() + " must be a string", "quote the value");
      return {};
    }
    return v->get<std::string>();
  }

  int integer(const std::vector<std::string>& path) {
    const json* v = get(path);
    if (!v || !v->is_number_integer()) {
      error(path, path.back() + " must be an integer", "write a whole number");
      return 0;
    }
    return v->get<int>();
  }

  int integer_or(const std::vector<std::string>& path, int fallback) { return get(path) ? integer(path) : fallback; }

  bool flag(const std::vector<std::string>& path, bool fallback) {
    const json* v = get(path);
    if (!v) return fallback;
    if (!v->is_boolean()) {
      error(path, path.back() + " must be true or false", "write `" + path.back() + ": true` or `false`");
      return fallback;
    }
    return v->get<bool>();
  }

  // The value at `path` when it has the type (nullptr when absent or, with a located error, not).
  const json* typed(const std::vector<std::string>& path, json::value_t type, const char* noun, const char* hint) {
    const json* v = get(path);
    if (v && v->type() != type) {
      error(path, path.back() + " must be " + noun, hint);
      return nullptr;
    }
    return v;
  }
  const json* list(const std::vector<std::string>& path) {
    return typed(path, json::value_t::array, "a list", "write one `- item` line per entry, or `[a, b]`");
  }
  const json* mapping(const std::vector<std::string>& path) {
    return typed(path, json::value_t::object, "a mapping", "write one `key: value` line per entry");
  }

  std::vector<std::string> strings(const std::vector<std::string>& path) {
    std::vector<std::string> out;
    const json* v = get(path);
    if (!v) return out;
    if (!v->is_array()) {
      error(path, path.back() + " must be a list of strings", "write `[a, b]`");
      return out;
    }
    for (const json& s : *v) {
      if (s.is_string()) out.push_back(s.get<std::string>());
      else error(path, path.back() + " must be a list of strings", "quote each item");
    }
    return out;
  }

  // Reports unknown keys; false (and a located error) when `obj` is no mapping at all, so the
  // caller skips reading fields from it.
  [[nodiscard]] bool keys(const std::vector<std::string>& at, const json& obj, const std::vector<std::string>& allowed) {
    if (!obj.is_object()) {
      error(at, (at.empty() ? std::string("blueprint") : at.back()) + " must be a mapping", "see docs/blueprints.md");
      return false;
    }
    for (const auto& [k, v] : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string near = closest_match(k, allowed);
      error(sub(at, k), "unknown field \"" + k + "\" in blueprint", near.empty() ? "see docs/blueprints.md" : "did you mean \"" + near + "\"?", true);
    }
    return true;
  }

  void error(const std::vector<std::string>& path, const std::string& msg, const std::string& hint, bool key = false) {
    yaml::Mark m = yaml::locate(root_, path, key);
    diags_.error({file_, m.line, m.col}, msg, hint);
    ok_ = false;
  }

  const yaml::Node& root_;
  json doc_;
  const std::string& file_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

bool Catalog::add(std::string_view text, const std::string& file, Diagnostics& diags) {
  yaml::LoadResult parsed = yaml::load(text, file);
  diags.append(parsed.diagnostics);
  if (parsed.diagnostics.has_errors() || parsed.documents.size() != 1) {
    if (!parsed.diagnostics.has_errors()) diags.error({file, 1, 1}, "a blueprint file holds exactly one document", "split it into one file per blueprint");
    return false;
  }
  Blueprint bp;
  try {
    if (!BlueprintReader(parsed.documents[0].root, file, diags).read(bp)) return false;
  } catch (const std::exception& e) {  // a value of the wrong shape deep inside; never let it escape
    diags.error({file, 1, 1}, std::string("malformed blueprint: ") + e.what(), "see docs/blueprints.md");
    return false;
  }
  if (blueprints_.count(bp.name)) {
    diags.error({file, 1, 1}, "blueprint \"" + bp.name + "\" is defined twice", "rename one of them");
    return false;
  }
  blueprints_.emplace(bp.name, std::move(bp));
  return true;
}

const Catalog& Catalog::builtin() {
  static const Catalog* catalog = [] {
    auto* c = new Catalog;
    Diagnostics diags;
    for (std::size_t i = 0; i < bg_embedded_blueprints_count; ++i) {
      const EmbeddedFile& f = bg_embedded_blueprints[i];
      c->add(f.bytes, "catalog/" + std::string(f.name), diags);
    }
    // A broken built-in blueprint is our bug; catalog_test.cc proves there is none. Reporting it
    // here too keeps a bad build from silently dropping a component.
    c->check_edges(diags);
    if (diags.has_errors()) fprintf(stderr, "%s", render_diagnostics(diags, {}, false).c_str());
    return c;
  }();
  return *catalog;
}

const Blueprint* Catalog::find(std::string_view name) const {
  auto it = blueprints_.find(name);
  return it == blueprints_.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::names() const {
  std::vector<std::string> out;
  for (const auto& [n, bp] : blueprints_) out.push_back(n);
  return out;
}

}  // namespace bg::catalog
