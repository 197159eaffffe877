#include "k8s/crd.h"

#include "k8s/json_view.h"

namespace bg::k8s {

GroupKind defined_kind(const nlohmann::json& crd) {
  JsonView spec = JsonView(crd)["spec"];
  return {spec["group"].str(), spec["names"]["kind"].str()};
}

std::vector<std::string> served_versions(const nlohmann::json& crd) {
  std::vector<std::string> out;
  for (JsonView v : JsonView(crd)["spec"]["versions"].items())
    if (v.is_object() && v["served"].boolean(true)) out.push_back(v["name"].str());
  return out;
}

}  // namespace bg::k8s
