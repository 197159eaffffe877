#include "testing/testserver/list_types.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

ListType map_of(std::vector<std::string> keys) { return {ListType::Kind::map, std::move(keys)}; }
const ListType kSet{ListType::Kind::set, {}};

// Key fields that Kubernetes defaults when a manifest leaves them out: server-side apply identifies
// ports by the defaulted key, so `ports: [{containerPort: 80}]` is k:{"containerPort":80,"protocol":"TCP"}.
const json* key_default(const std::string& field) {
  static const json tcp = "TCP";
  return field == "protocol" ? &tcp : nullptr;
}

std::string pattern_of(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& seg : path) out += (out.empty() ? "" : ".") + (is_element_segment(seg) ? "[]" : seg);
  return out;
}

}  // namespace

// The pod spec's marked lists (PodSpec, Container, EphemeralContainer in the v1.32.2 schemas).
void ListTypes::add_pod_spec(const std::string& p) {
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    std::string c = p + list;
    add(c, map_of({"name"}));
    add(c + ".[].env", map_of({"name"}));
    add(c + ".[].ports", map_of({"containerPort", "protocol"}));
    add(c + ".[].volumeMounts", map_of({"mountPath"}));
    add(c + ".[].volumeDevices", map_of({"devicePath"}));
    add(c + ".[].resources.claims", map_of({"name"}));
  }
  add(p + "volumes", map_of({"name"}));
  add(p + "imagePullSecrets", map_of({"name"}));
  add(p + "hostAliases", map_of({"ip"}));
  add(p + "topologySpreadConstraints", map_of({"topologyKey", "whenUnsatisfiable"}));
  add(p + "schedulingGates", map_of({"name"}));
  add(p + "resourceClaims", map_of({"name"}));
  add(p + "resources.claims", map_of({"name"}));
}

void ListTypes::add_object_meta(const std::string& p) {
  add(p + "finalizers", kSet);
  add(p + "ownerReferences", map_of({"uid"}));
}

ListTypes ListTypes::builtin(const std::string& group, const std::string& kind) {
  ListTypes t;
  t.add_object_meta("metadata.");
  t.add("status.conditions", map_of({"type"}));
  if (kind == "Pod") t.add_pod_spec("spec.");
  const bool workload = (group == "apps" && (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
                                             kind == "ReplicaSet")) ||
                        (group == "batch" && kind == "Job");
  if (workload) {
    t.add_object_meta("spec.template.metadata.");
    t.add_pod_spec("spec.template.spec.");
  }
  if (group == "batch" && kind == "CronJob") {
    t.add_object_meta("spec.jobTemplate.metadata.");
    t.add_object_meta("spec.jobTemplate.spec.template.metadata.");
    t.add_pod_spec("spec.jobTemplate.spec.template.spec.");
  }
  if (group == "batch" && (kind == "Job" || kind == "CronJob")) {
    std::string spec = kind == "Job" ? "spec." : "spec.jobTemplate.spec.";
    t.add(spec + "podFailurePolicy.rules.[].onExitCodes.values", kSet);
  }
  if (group == "apps" && kind == "StatefulSet") t.add_object_meta("spec.volumeClaimTemplates.[].metadata.");
  if (group.empty() && kind == "Service") t.add("spec.ports", map_of({"port", "protocol"}));
  if (group.empty() && kind == "ServiceAccount") t.add("secrets", map_of({"name"}));
  return t;
}

void ListTypes::walk_schema(const json& schema, const std::string& pattern) {
  if (!schema.is_object()) return;
  std::string type = schema.value("x-kubernetes-list-type", "");
  if (type == "map") add(pattern, map_of(schema.value("x-kubernetes-list-map-keys", std::vector<std::string>{})));
  if (type == "set") add(pattern, kSet);
  if (schema.contains("properties") && schema["properties"].is_object())
    for (const auto& [name, sub] : schema["properties"].items())
      walk_schema(sub, pattern.empty() ? name : pattern + "." + name);
  if (schema.contains("items")) walk_schema(schema["items"], pattern + ".[]");
}

ListTypes ListTypes::from_schema(const json& schema) {
  ListTypes t;
  t.walk_schema(schema, "");
  t.add_object_meta("metadata.");
  return t;
}

ListType ListTypes::at(const std::vector<std::string>& path) const {
  auto it = by_pattern_.find(pattern_of(path));
  return it == by_pattern_.end() ? ListType{} : it->second;
}

bool is_element_segment(const std::string& seg) { return seg.rfind("k:", 0) == 0 || seg.rfind("v:", 0) == 0; }

std::optional<std::string> element_segment(const json& element, const ListType& type) {
  if (type.kind == ListType::Kind::set) return element.is_object() || element.is_array() ? std::nullopt
                                                                                         : std::optional("v:" + element.dump());
  if (type.kind != ListType::Kind::map || !element.is_object() || type.keys.empty()) return std::nullopt;
  json key = json::object();  // nlohmann sorts keys, as managedFields does
  for (const std::string& k : type.keys) {
    if (element.contains(k)) key[k] = element[k];
    else if (const json* d = key_default(k)) key[k] = *d;
    else return std::nullopt;
  }
  return "k:" + key.dump();
}

bool element_matches(const json& element, const std::string& segment) {
  json value = json::parse(segment.substr(2), nullptr, false);
  if (value.is_discarded()) return false;
  if (segment[0] == 'v') return element == value;
  if (!element.is_object() || !value.is_object()) return false;
  for (const auto& [k, v] : value.items()) {
    const json* d = key_default(k);
    if (element.contains(k) ? element[k] != v : !d || *d != v) return false;
  }
  return true;
}

bool is_key_field(const std::string& segment, const std::string& field) {
  if (segment.rfind("k:", 0) != 0) return false;
  json value = json::parse(segment.substr(2), nullptr, false);
  return value.is_object() && value.contains(field);
}

std::string element_text(const std::string& segment) {
  json value = json::parse(segment.substr(2), nullptr, false);
  if (segment[0] == 'v') return "[=" + value.dump() + "]";
  std::string out;
  if (value.is_object())
    for (const auto& [k, v] : value.items()) out += (out.empty() ? "" : ",") + k + "=" + v.dump();
  return "[" + out + "]";
}

}  // namespace bg::testserver
