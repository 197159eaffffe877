// Immutable fields, with the API server's own wording (immutable.h).
#include "testing/testserver/immutable.h"

#include "k8s/json_view.h"

namespace bg::testserver {
namespace {

using nlohmann::json;

// A field's value; null when absent or when the path crosses something that is not an object.
json at(const json& o, std::initializer_list<const char*> path) {
  k8s::JsonView v(o);
  for (const char* key : path) v = v[key];
  return v.copy();
}

std::string name_of(const json& o) { return k8s::JsonView(o)["metadata"]["name"].str(); }

ApiError refused(const ResourceType& type, const json& o, const std::string& field, const std::string& why) {
  std::string kind = type.kind + (type.group.empty() ? "" : "." + type.group);
  ApiError e = invalid(kind, name_of(o), field, why);
  e.details["kind"] = type.plural;
  e.details["group"] = type.group;
  e.details["causes"][0]["reason"] = why.rfind("Forbidden", 0) == 0 ? "FieldValueForbidden" : "FieldValueInvalid";
  return e;
}

// spec without the keys a kind lets change.
json without(json spec, std::initializer_list<const char*> keys) {
  if (!spec.is_object()) return spec;
  for (const char* k : keys) spec.erase(k);
  return spec;
}

}  // namespace

std::optional<ApiError> immutable_change(const ResourceType& type, const json& live, const json& next) {
  const std::string& k = type.kind;
  const json& was = at(live, {"spec"});
  const json& is = at(next, {"spec"});
  if (type.group == "batch" && k == "Job") {
    for (const char* field : {"selector", "template"})
      if (at(was, {field}) != at(is, {field}))
        return refused(type, next, std::string("spec.") + field, "Invalid value: field is immutable");
  }
  if (type.group == "apps" && (k == "Deployment" || k == "ReplicaSet" || k == "DaemonSet") &&
      at(was, {"selector"}) != at(is, {"selector"}))
    return refused(type, next, "spec.selector", "Invalid value: field is immutable");
  if (type.group == "apps" && k == "StatefulSet") {
    auto fixed = [](const json& spec) {
      return without(spec, {"replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                            "minReadySeconds"});
    };
    if (fixed(was) != fixed(is))
      return refused(type, next, "spec",
                     "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                     "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }
  if (type.group.empty() && k == "Service") {
    const json& before = at(was, {"clusterIP"});
    const json& after = at(is, {"clusterIP"});
    if (before.is_string() && !before.get<std::string>().empty() && after.is_string() && after != before)
      return refused(type, next, "spec.clusterIPs[0]", "Invalid value: \"" + after.get<std::string>() + "\": may not change once set");
  }
  if (type.group.empty() && k == "PersistentVolumeClaim") {
    auto fixed = [](const json& spec) {
      json s = without(spec, {"volumeAttributesClassName", "volumeName"});
      if (s.is_object() && s.contains("resources") && s["resources"].is_object()) s["resources"].erase("requests");
      if (s.is_object() && s.contains("resources") && s["resources"].empty()) s.erase("resources");
      return s;
    };
    if (fixed(was) != fixed(is))
      return refused(type, next, "spec",
                     "Forbidden: spec is immutable after creation except resources.requests and "
                     "volumeAttributesClassName for bound claims");
  }
  return std::nullopt;
}

}  // namespace bg::testserver
