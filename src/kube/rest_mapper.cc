#include "kube/rest_mapper.h"

#include <algorithm>

#include "k8s/json_view.h"

namespace bg::kube {

using k8s::JsonView;
using nlohmann::json;

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}
}  // namespace

void RestMapper::add_aggregated(const json& list) {
  for (JsonView item : JsonView(list)["items"].items()) {
    std::string group = item["metadata"]["name"].str();
    for (JsonView v : item["versions"].items()) {
      for (JsonView r : v["resources"].items()) {
        Mapping m{group, v["version"].str(), r["resource"].str(), r["responseKind"]["kind"].str(),
                  r["scope"].str() == "Namespaced"};
        std::string key = m.api_version() + "/" + m.kind;
        by_kind_.emplace(key, m);
        for (const std::string& alias : r["shortNames"].strings()) aliases_.emplace(alias, key);
        aliases_.emplace(m.resource, key);
        aliases_.emplace(lower(m.kind), key);
        aliases_.emplace(r["singularResource"].str(), key);
      }
    }
  }
}

void RestMapper::add_resource_list(const json& list) {
  std::string gv = JsonView(list)["groupVersion"].str();
  std::string group(k8s::group_of(gv)), version(k8s::version_of(gv));
  for (JsonView r : JsonView(list)["resources"].items()) {
    std::string name = r["name"].str();
    if (name.find('/') != std::string::npos) continue;  // subresources
    Mapping m{group, version, name, r["kind"].str(), r["namespaced"].boolean(true)};
    std::string key = m.api_version() + "/" + m.kind;
    by_kind_.emplace(key, m);
    for (const std::string& alias : r["shortNames"].strings()) aliases_.emplace(alias, key);
    aliases_.emplace(name, key);
    aliases_.emplace(lower(m.kind), key);
  }
}

std::optional<Mapping> RestMapper::find(const std::string& api_version, const std::string& kind) const {
  auto it = by_kind_.find(api_version + "/" + kind);
  if (it == by_kind_.end()) return std::nullopt;
  return it->second;
}

std::optional<Mapping> RestMapper::find_resource(const std::string& name) const {
  auto it = aliases_.find(lower(name));
  if (it == aliases_.end()) return std::nullopt;
  return by_kind_.at(it->second);
}

}  // namespace bg::kube
