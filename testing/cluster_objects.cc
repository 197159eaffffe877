#include "testing/cluster_objects.h"

#include <gtest/gtest.h>

#include <sstream>

#include "apply/applyset.h"
#include "apply/cluster.h"
#include "testing/kube_testserver.h"

namespace bg::testing {

using nlohmann::json;

std::vector<json> cluster_objects(const std::string& kubeconfig) {
  std::vector<json> out;
  auto kinds = kubectl(kubeconfig, {"api-resources", "--verbs=list", "-o", "name"});
  if (kinds.exit_code != 0) {
    ADD_FAILURE() << "kubectl api-resources: " << kinds.err;
    return out;
  }
  // Events come and go with every controller's step: not what a test of ownership reads.
  std::string list;
  std::istringstream lines(kinds.out);
  for (std::string kind; std::getline(lines, kind);) {
    if (kind.empty() || kind == "events" || kind == "events.events.k8s.io") continue;
    list += (list.empty() ? "" : ",") + kind;
  }
  auto got = kubectl(kubeconfig, {"get", list, "-A", "-o", "json"});
  if (got.exit_code != 0) {
    ADD_FAILURE() << "kubectl get " << list << ": " << got.err;
    return out;
  }
  json doc = json::parse(got.out, nullptr, false);
  if (!doc.is_object() || !doc.contains("items") || !doc["items"].is_array()) {
    ADD_FAILURE() << "kubectl get printed no List";
    return out;
  }
  for (json& o : doc["items"]) out.push_back(std::move(o));
  return out;
}

std::set<std::string> applyset_members(const std::vector<json>& objects, const std::string& id) {
  std::set<std::string> out;
  for (const json& o : objects) {
    const json* labels = o.contains("metadata") && o["metadata"].contains("labels") ? &o["metadata"]["labels"] : nullptr;
    if (!labels || !labels->is_object() || labels->value(apply::kPartOfLabel, "") != id) continue;
    out.insert(apply::ObjectRef::of(o).str());
  }
  return out;
}

std::string platform_applyset(const std::string& platform) {
  return apply::applyset_id({"", "Secret", "betelgeuse-system", "betelgeuse-" + platform});
}

}  // namespace bg::testing
