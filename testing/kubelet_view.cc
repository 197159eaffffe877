#include "testing/kubelet_view.h"

#include <algorithm>
#include <cctype>

#include "common/base64.h"

namespace bg::testing {

using manifest::Json;

namespace {

std::string str(const Json& j, const char* key, const std::string& fallback = {}) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

const Json& at(const Json& j, const char* key) {
  static const Json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}

// NAME-with-dashes → NAME_WITH_DASHES, as the kubelet names service-link variables.
std::string env_name(std::string s) {
  for (char& c : s) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A ConfigMap's or Secret's keys as bytes (Secret `data` is base64; ConfigMap `binaryData` too).
Result<std::map<std::string, std::string>> key_values(const Json& obj) {
  std::map<std::string, std::string> out;
  const bool secret = str(obj, "kind") == "Secret";
  for (const char* field : {"data", "binaryData", "stringData"}) {
    for (auto& [k, v] : at(obj, field).items()) {
      if (!v.is_string()) return Status::terminal("key " + k + " of " + str(at(obj, "metadata"), "name") + " is not a string");
      const bool b64 = std::string(field) == "binaryData" || (secret && std::string(field) == "data");
      if (!b64) {
        out[k] = v.get<std::string>();
        continue;
      }
      auto bytes = base64_decode(v.get<std::string>());
      if (!bytes) return Status::terminal("key " + k + " of " + str(at(obj, "metadata"), "name") + " is not base64");
      out[k] = *bytes;
    }
  }
  return out;
}

// The value a `fieldRef` reads.
Result<std::string> field_value(const std::string& path, const Json& pod_meta, const Json& pod_spec,
                                const std::string& ns, const PodPlacement& p) {
  if (path == "metadata.name") return p.pod_name;
  if (path == "metadata.namespace") return ns;
  if (path == "metadata.uid") return p.pod_uid;
  if (path == "spec.nodeName") return p.node_name;
  if (path == "spec.serviceAccountName") return str(pod_spec, "serviceAccountName", "default");
  if (path == "status.podIP" || path == "status.podIPs") return p.pod_ip;
  if (path == "status.hostIP" || path == "status.hostIPs") return p.host_ip;
  for (const char* map : {"labels", "annotations"}) {
    const std::string prefix = std::string("metadata.") + map + "['";
    if (path.rfind(prefix, 0) == 0 && path.size() > prefix.size() + 2 && path.substr(path.size() - 2) == "']") {
      const std::string key = path.substr(prefix.size(), path.size() - prefix.size() - 2);
      return str(at(pod_meta, map), key.c_str());
    }
  }
  return Status::terminal("fieldRef " + path + " is not modelled by the contract-test harness");
}

struct Env {
  std::map<std::string, std::string> vars;
};

Status add_env_from(const ClusterFacts& facts, const Json& container, const std::string& ns, Env& env) {
  for (const Json& from : at(container, "envFrom")) {
    const bool is_secret = from.contains("secretRef");
    const Json& ref = is_secret ? from["secretRef"] : at(from, "configMapRef");
    const std::string name = str(ref, "name");
    const Json* obj = facts.find(is_secret ? "Secret" : "ConfigMap", ns, name);
    if (!obj) {
      if (at(ref, "optional") == true) continue;
      return Status::terminal("envFrom: " + std::string(is_secret ? "Secret " : "ConfigMap ") + ns + "/" + name + " does not exist");
    }
    auto kv = key_values(*obj);
    if (!kv) return kv.status();
    for (auto& [k, v] : *kv) env.vars[str(from, "prefix") + k] = v;
  }
  return Status::ok();
}

Result<std::string> env_entry(const ClusterFacts& facts, const Json& e, const Json& pod_meta, const Json& pod_spec,
                              const std::string& ns, const PodPlacement& p, const std::map<std::string, std::string>& vars,
                              bool& skip) {
  skip = false;
  if (!e.contains("valueFrom")) return expand_vars(str(e, "value"), vars);
  const Json& from = e["valueFrom"];
  for (const char* kind : {"secretKeyRef", "configMapKeyRef"}) {
    if (!from.contains(kind)) continue;
    const Json& ref = from[kind];
    const bool is_secret = std::string(kind) == "secretKeyRef";
    const std::string what = std::string(is_secret ? "Secret " : "ConfigMap ") + ns + "/" + str(ref, "name");
    const Json* obj = facts.find(is_secret ? "Secret" : "ConfigMap", ns, str(ref, "name"));
    std::map<std::string, std::string> kv;
    if (obj) {
      auto r = key_values(*obj);
      if (!r) return r.status();
      kv = std::move(*r);
    }
    auto it = kv.find(str(ref, "key"));
    if (it != kv.end()) return it->second;
    if (at(ref, "optional") == true) {
      skip = true;
      return std::string();
    }
    return Status::terminal("env " + str(e, "name") + ": " + what + (obj ? " has no key " + str(ref, "key") : " does not exist"));
  }
  if (from.contains("fieldRef")) return field_value(str(from["fieldRef"], "fieldPath"), pod_meta, pod_spec, ns, p);
  return Status::terminal("env " + str(e, "name") + ": " + from.dump() + " is not modelled by the contract-test harness");
}

// The files of a ConfigMap or Secret volume: every key, or the `items` chosen, with their modes.
Result<std::map<std::string, VolumeFile>> object_files(const ClusterFacts& facts, const Json& source, const std::string& kind,
                                                       const std::string& name, const std::string& ns) {
  std::map<std::string, VolumeFile> files;
  const Json* obj = facts.find(kind, ns, name);
  if (!obj) {
    if (at(source, "optional") == true) return files;
    return Status::terminal("volume: " + kind + " " + ns + "/" + name + " does not exist");
  }
  auto kv = key_values(*obj);
  if (!kv) return kv.status();
  const int mode = at(source, "defaultMode").is_number_integer() ? at(source, "defaultMode").get<int>() : 0644;
  if (!at(source, "items").is_array()) {
    for (auto& [k, v] : *kv) files[k] = {v, mode};
    return files;
  }
  for (const Json& item : source["items"]) {
    auto it = kv->find(str(item, "key"));
    if (it == kv->end()) return Status::terminal("volume: " + kind + " " + ns + "/" + name + " has no key " + str(item, "key"));
    files[str(item, "path")] = {it->second, at(item, "mode").is_number_integer() ? item["mode"].get<int>() : mode};
  }
  return files;
}

Result<Mount> mount_for(const ClusterFacts& facts, const Json& vm, const Json& pod_spec, const std::string& ns) {
  Mount m;
  m.path = str(vm, "mountPath");
  m.volume = str(vm, "name");
  m.read_only = at(vm, "readOnly") == true;
  const std::string sub = str(vm, "subPath");
  const Json* volume = nullptr;
  for (const Json& v : at(pod_spec, "volumes"))
    if (str(v, "name") == m.volume) volume = &v;
  if (!volume) {
    // A StatefulSet's claim template is a volume of its pods.
    m.kind = Mount::Kind::kStorage;
    m.sub_path = sub;
    return m;
  }
  if (volume->contains("persistentVolumeClaim") || volume->contains("emptyDir")) {
    m.kind = volume->contains("emptyDir") ? Mount::Kind::kEmptyDir : Mount::Kind::kStorage;
    m.sub_path = sub;
    return m;
  }
  for (const char* kind : {"configMap", "secret"}) {
    if (!volume->contains(kind)) continue;
    const Json& source = (*volume)[kind];
    const bool is_secret = std::string(kind) == "secret";
    auto files = object_files(facts, source, is_secret ? "Secret" : "ConfigMap",
                              str(source, is_secret ? "secretName" : "name"), ns);
    if (!files) return files.status();
    m.kind = Mount::Kind::kFiles;
    m.read_only = true;  // the kubelet mounts these volumes read-only whatever the mount says
    if (at(at(pod_spec, "securityContext"), "fsGroup").is_number_integer()) {
      m.group_owned = true;
      for (auto& [_, f] : *files) f.mode |= 0440;
    }
    if (sub.empty()) {
      m.files = std::move(*files);
      return m;
    }
    auto it = files->find(sub);
    if (it == files->end()) return Status::terminal("volumeMount " + m.path + ": subPath " + sub + " is not a key of volume " + m.volume);
    m.files[""] = it->second;
    return m;
  }
  if (volume->contains("hostPath")) {
    // The node's own folder, as the volume names it; the sandbox decides whether it may be bound.
    m.kind = Mount::Kind::kHostPath;
    m.host_path = str((*volume)["hostPath"], "path");
    m.host_path_type = str((*volume)["hostPath"], "type");
    m.propagation = str(vm, "mountPropagation");
    if (!sub.empty()) m.host_path += "/" + sub;
    return m;
  }
  return Status::terminal("volume " + m.volume + " (" + volume->dump() + ") is not modelled by the contract-test harness");
}

}  // namespace

const Json* ClusterFacts::find(const std::string& kind, const std::string& ns, const std::string& name) const {
  for (const Json& o : objects) {
    if (str(o, "kind") != kind) continue;
    const Json& meta = at(o, "metadata");
    if (str(meta, "name") == name && str(meta, "namespace") == ns) return &o;
  }
  return nullptr;
}

std::map<std::string, std::string> allocate_service_ips(const std::vector<Json>& objects) {
  std::map<std::string, std::string> ips;
  int next = 1 * 256 + 1;  // 10.96.1.1: clear of 10.96.0.1 (kubernetes) and 10.96.0.10 (DNS)
  for (const Json& o : objects) {
    if (str(o, "kind") != "Service" || str(at(o, "spec"), "type") == "ExternalName" ||
        str(at(o, "spec"), "clusterIP") == "None")
      continue;
    const Json& meta = at(o, "metadata");
    ips[str(meta, "namespace") + "/" + str(meta, "name")] =
        "10.96." + std::to_string(next / 256) + "." + std::to_string(next % 256);
    ++next;
    if (next % 256 == 0) ++next;
  }
  return ips;
}

std::string expand_vars(const std::string& text, const std::map<std::string, std::string>& vars) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    if (text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (text[i + 1] == '(') {
      const std::size_t close = text.find(')', i + 2);
      if (close != std::string::npos) {
        auto it = vars.find(text.substr(i + 2, close - i - 2));
        out += it != vars.end() ? it->second : text.substr(i, close - i + 1);
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::map<std::string, std::string> service_link_env(const std::vector<const Json*>& services,
                                                    const std::map<std::string, std::string>& ips) {
  std::map<std::string, std::string> env;
  for (const Json* s : services) {
    const Json& meta = at(*s, "metadata");
    auto ip = ips.find(str(meta, "namespace") + "/" + str(meta, "name"));
    if (ip == ips.end()) continue;  // headless or ExternalName: no variables
    const std::string prefix = env_name(str(meta, "name"));
    const Json& ports = at(at(*s, "spec"), "ports");
    env[prefix + "_SERVICE_HOST"] = ip->second;
    bool first = true;
    for (const Json& port : ports) {
      const std::string number = std::to_string(at(port, "port").get<int>());
      const std::string proto = str(port, "protocol", "TCP");
      if (first) env[prefix + "_SERVICE_PORT"] = number;
      if (!str(port, "name").empty()) env[prefix + "_SERVICE_PORT_" + env_name(str(port, "name"))] = number;
      const std::string url = lower(proto) + "://" + ip->second + ":" + number;
      if (first) env[prefix + "_PORT"] = url;
      const std::string pp = prefix + "_PORT_" + number + "_" + proto;
      env[pp] = url;
      env[pp + "_PROTO"] = lower(proto);
      env[pp + "_PORT"] = number;
      env[pp + "_ADDR"] = ip->second;
      first = false;
    }
  }
  return env;
}

std::string ContainerView::env_value(const std::string& name) const {
  for (auto& [k, v] : env)
    if (k == name) return v;
  return {};
}

Result<Json> pod_template(const Json& workload) {
  const std::string kind = str(workload, "kind");
  if (kind == "CronJob") return at(at(at(at(workload, "spec"), "jobTemplate"), "spec"), "template");
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "Job")
    return at(at(workload, "spec"), "template");
  return Status::terminal(kind + " has no pod template");
}

Result<ContainerView> kubelet_view(const ClusterFacts& facts, const Json& workload, const PodPlacement& placement,
                                   const std::string& container, bool init) {
  auto tmpl = pod_template(workload);
  if (!tmpl) return tmpl.status();
  const Json& pod_meta = at(*tmpl, "metadata");
  const Json& pod_spec = at(*tmpl, "spec");
  const std::string ns = str(at(workload, "metadata"), "namespace");
  const Json* c = nullptr;
  for (const Json& each : at(pod_spec, init ? "initContainers" : "containers"))
    if (str(each, "name") == container) c = &each;
  if (!c) return Status::terminal(str(workload, "kind") + " " + ns + "/" + str(at(workload, "metadata"), "name") +
                                  " has no container " + container);
  ContainerView v;
  v.name = container;
  v.ns = ns;
  v.hostname = placement.pod_name;
  v.working_dir = str(*c, "workingDir");

  // Service links: the namespace's Services unless switched off, and the API server's always.
  std::vector<const Json*> services;
  Json kubernetes = {{"metadata", {{"name", "kubernetes"}, {"namespace", "default"}}},
                     {"spec", {{"ports", Json::array({{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}}})}}}};
  std::map<std::string, std::string> ips = facts.service_ips;
  ips["default/kubernetes"] = facts.kubernetes_service_ip;
  services.push_back(&kubernetes);
  if (at(pod_spec, "enableServiceLinks") != false)
    for (const Json& o : facts.objects)
      if (str(o, "kind") == "Service" && str(at(o, "metadata"), "namespace") == ns) services.push_back(&o);
  const std::map<std::string, std::string> service_env = service_link_env(services, ips);

  // The kubelet's order: envFrom, then env (each value expanded against what is defined so far and
  // the service links), then the service links where no variable of that name was set.
  Env env;
  if (Status s = add_env_from(facts, *c, ns, env); !s) return s;
  for (const Json& e : at(*c, "env")) {
    std::map<std::string, std::string> known = service_env;
    for (auto& [k, val] : env.vars) known[k] = val;
    bool skip = false;
    auto value = env_entry(facts, e, pod_meta, pod_spec, ns, placement, known, skip);
    if (!value) return value.status();
    if (!skip) env.vars[str(e, "name")] = *value;
  }
  for (auto& [k, val] : service_env) env.vars.emplace(k, val);
  v.env.assign(env.vars.begin(), env.vars.end());

  for (const Json& a : at(*c, "command")) v.command.push_back(expand_vars(a.get<std::string>(), env.vars));
  for (const Json& a : at(*c, "args")) v.args.push_back(expand_vars(a.get<std::string>(), env.vars));

  const Json& pod_sc = at(pod_spec, "securityContext");
  const Json& sc = at(*c, "securityContext");
  for (auto [field, out] : {std::pair{"runAsUser", &v.uid}, std::pair{"runAsGroup", &v.gid}}) {
    if (at(sc, field).is_number_integer()) *out = at(sc, field).get<std::int64_t>();
    else if (at(pod_sc, field).is_number_integer()) *out = at(pod_sc, field).get<std::int64_t>();
  }
  v.run_as_non_root = at(sc, "runAsNonRoot").is_boolean() ? sc["runAsNonRoot"].get<bool>() : at(pod_sc, "runAsNonRoot") == true;
  if (at(pod_sc, "fsGroup").is_number_integer()) v.fs_group = pod_sc["fsGroup"].get<std::int64_t>();

  for (const Json& port : at(*c, "ports")) {
    v.ports.push_back(at(port, "containerPort").get<int>());
    if (!str(port, "name").empty()) v.named_ports[str(port, "name")] = v.ports.back();
  }
  v.readiness_probe = at(*c, "readinessProbe");
  v.liveness_probe = at(*c, "livenessProbe");
  v.startup_probe = at(*c, "startupProbe");

  for (const Json& vm : at(*c, "volumeMounts")) {
    auto m = mount_for(facts, vm, pod_spec, ns);
    if (!m) return m.status();
    v.mounts.push_back(std::move(*m));
  }

  // The service account's token, as the kubelet projects it when the pod (or else its service
  // account) automounts it.
  const std::string sa = str(pod_spec, "serviceAccountName", "default");
  bool automount = true;
  if (at(pod_spec, "automountServiceAccountToken").is_boolean()) {
    automount = pod_spec["automountServiceAccountToken"].get<bool>();
  } else if (const Json* account = facts.find("ServiceAccount", ns, sa)) {
    if (at(*account, "automountServiceAccountToken").is_boolean()) automount = (*account)["automountServiceAccountToken"].get<bool>();
  }
  if (automount) {
    auto it = facts.service_accounts.find(ns + "/" + sa);
    if (it == facts.service_accounts.end())
      return Status::terminal("the pod mounts the token of service account " + ns + "/" + sa +
                              ", and the harness was given none (take one from a real API server)");
    Mount m;
    m.path = "/var/run/secrets/kubernetes.io/serviceaccount";
    m.volume = "kube-api-access";
    m.read_only = true;
    m.files = {{"token", {it->second.token, 0644}}, {"ca.crt", {it->second.ca_crt, 0644}}, {"namespace", {ns, 0644}}};
    v.mounts.push_back(std::move(m));
  }
  return v;
}

}  // namespace bg::testing
