#include "testing/testserver/defaults.h"

#include "testing/testserver/simulator.h"

namespace bg::testserver {

using nlohmann::json;

void apply_create_defaults(Store& store, const ResourceType& rt, json& obj) {
  const std::string& k = rt.kind;
  json& meta = obj["metadata"];
  if (k == "Namespace") {
    meta["labels"]["kubernetes.io/metadata.name"] = meta.value("name", "");
    obj["spec"]["finalizers"] = {"kubernetes"};
    obj["status"] = {{"phase", "Active"}};
  } else if (k == "Deployment" || k == "StatefulSet" || k == "ReplicaSet") {
    if (!obj["spec"].contains("replicas")) obj["spec"]["replicas"] = 1;
    if (k == "Deployment" && !obj["spec"].contains("strategy"))
      obj["spec"]["strategy"] = {{"type", "RollingUpdate"},
                                 {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}};
    if (!obj["spec"].contains("revisionHistoryLimit")) obj["spec"]["revisionHistoryLimit"] = 10;
  } else if (k == "Service") {
    json& spec = obj["spec"];
    if (!spec.contains("type")) spec["type"] = "ClusterIP";
    if (!spec.contains("clusterIP")) {
      // Stable per name, inside the usual service range.
      std::size_t h = std::hash<std::string>{}(meta.value("namespace", "") + "/" + meta.value("name", ""));
      std::string ip = "10.96." + std::to_string((h >> 8) % 256) + "." + std::to_string(h % 254 + 1);
      spec["clusterIP"] = ip;
      spec["clusterIPs"] = {ip};
    }
  } else if (k == "Pod") {
    obj["status"] = {{"phase", "Pending"}};
  } else if (k == "PersistentVolumeClaim") {
    obj["status"] = {{"phase", "Pending"}};
  } else if (k == "Secret") {
    if (!obj.contains("type")) obj["type"] = "Opaque";
  } else if (k == "CustomResourceDefinition") {
    const json& names = obj["spec"].value("names", json::object());
    json stored = json::array();
    for (const json& v : obj["spec"].value("versions", json::array()))
      if (v.value("storage", false)) stored.push_back(v.value("name", ""));
    std::string now = store.timestamp();
    // Established at once, unless marked never ready: then it stays installing, and unserved.
    bool never = marked_never_ready(obj);
    obj["status"] = {
        {"acceptedNames", names},
        {"storedVersions", stored},
        {"conditions",
         {{{"type", "NamesAccepted"}, {"status", "True"}, {"reason", "NoConflicts"},
           {"message", "no conflicts found"}, {"lastTransitionTime", now}},
          {{"type", "Established"}, {"status", never ? "False" : "True"},
           {"reason", never ? "Installing" : "InitialNamesAccepted"},
           {"message", never ? "the initial names are being installed" : "the initial names have been accepted"},
           {"lastTransitionTime", now}}}}};
  }
}

bool spec_changed(const json& before, const json& after) {
  json a = before, b = after;
  for (json* o : {&a, &b}) {
    if (!o->is_object()) continue;
    o->erase("metadata");
    o->erase("status");
  }
  return a != b;
}

}  // namespace bg::testserver
