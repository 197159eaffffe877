#include "kube/rest_mapper.h"

#include <algorithm>

namespace bg::kube {

using nlohmann::json;

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}
}  // namespace

void RestMapper::add_aggregated(const json& list) {
  for (const json& item : list.value("items", json::array())) {
    std::string group = item.value("metadata", json::object()).value("name", "");
    for (const json& v : item.value("versions", json::array())) {
      for (const json& r : v.value("resources", json::array())) {
        Mapping m{group, v.value("version", ""), r.value("resource", ""),
                  r.value("responseKind", json::object()).value("kind", ""), r.value("scope", "") == "Namespaced"};
        std::string key = m.api_version() + "/" + m.kind;
        by_kind_.emplace(key, m);
        for (const std::string& alias : r.value("shortNames", std::vector<std::string>{})) aliases_.emplace(alias, key);
        aliases_.emplace(m.resource, key);
        aliases_.emplace(lower(m.kind), key);
        aliases_.emplace(r.value("singularResource", ""), key);
      }
    }
  }
}

void RestMapper::add_resource_list(const json& list) {
  std::string gv = list.value("groupVersion", "");
  std::string group(k8s::group_of(gv)), version(k8s::version_of(gv));
  for (const json& r : list.value("resources", json::array())) {
    std::string name = r.value("name", "");
    if (name.find('/') != std::string::npos) continue;  // subresources
    Mapping m{group, version, name, r.value("kind", ""), r.value("namespaced", true)};
    std::string key = m.api_version() + "/" + m.kind;
    by_kind_.emplace(key, m);
    for (const std::string& alias : r.value("shortNames", std::vector<std::string>{})) aliases_.emplace(alias, key);
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
