#include "testing/testserver/discovery.h"

#include "k8s/group_version.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

const json kVerbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
const json kStatusVerbs = {"get", "patch", "update"};

json version_entry(const std::string& group, const std::string& version) {
  return {{"groupVersion", k8s::api_version_of(group, version)}, {"version", version}};
}

}  // namespace

json api_versions(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs", {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

json api_group_list(const Registry& registry) {
  json groups = json::array();
  for (const auto& [group, versions] : registry.groups()) {
    if (group.empty()) continue;
    json vs = json::array();
    for (const std::string& v : versions) vs.push_back(version_entry(group, v));
    groups.push_back({{"name", group}, {"versions", vs}, {"preferredVersion", version_entry(group, versions[0])}});
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<json> api_group(const Registry& registry, const std::string& group) {
  for (const auto& [g, versions] : registry.groups()) {
    if (g != group || g.empty()) continue;
    json vs = json::array();
    for (const std::string& v : versions) vs.push_back(version_entry(g, v));
    return json{{"kind", "APIGroup"},
                {"apiVersion", "v1"},
                {"name", g},
                {"versions", vs},
                {"preferredVersion", version_entry(g, versions[0])}};
  }
  return std::nullopt;
}

std::optional<json> api_resource_list(const Registry& registry, const std::string& group, const std::string& version) {
  json resources = json::array();
  bool any = false;
  for (const ResourceType& r : registry.all()) {
    if (r.group != group || r.version != version) continue;
    any = true;
    json e = {{"name", r.plural},       {"singularName", r.singular}, {"namespaced", r.namespaced},
              {"kind", r.kind},         {"verbs", kVerbs}};
    if (!r.short_names.empty()) e["shortNames"] = r.short_names;
    if (!r.categories.empty()) e["categories"] = r.categories;
    resources.push_back(e);
    if (r.status_subresource)
      resources.push_back({{"name", r.plural + "/status"},
                           {"singularName", ""},
                           {"namespaced", r.namespaced},
                           {"kind", r.kind},
                           {"verbs", kStatusVerbs}});
  }
  if (!any) return std::nullopt;
  return json{{"kind", "APIResourceList"},
              {"apiVersion", "v1"},
              {"groupVersion", k8s::api_version_of(group, version)},
              {"resources", resources}};
}

json aggregated_discovery(const Registry& registry, bool core) {
  json items = json::array();
  for (const auto& [group, versions] : registry.groups()) {
    if (group.empty() != core) continue;
    json vs = json::array();
    for (const std::string& v : versions) {
      json resources = json::array();
      for (const ResourceType& r : registry.all()) {
        if (r.group != group || r.version != v) continue;
        json kind = {{"group", r.group}, {"version", r.version}, {"kind", r.kind}};
        json e = {{"resource", r.plural},
                  {"responseKind", kind},
                  {"scope", r.namespaced ? "Namespaced" : "Cluster"},
                  {"singularResource", r.singular},
                  {"verbs", kVerbs}};
        if (!r.short_names.empty()) e["shortNames"] = r.short_names;
        if (!r.categories.empty()) e["categories"] = r.categories;
        if (r.status_subresource)
          e["subresources"] = {{{"subresource", "status"}, {"responseKind", kind}, {"verbs", kStatusVerbs}}};
        resources.push_back(e);
      }
      vs.push_back({{"version", v}, {"resources", resources}, {"freshness", "Current"}});
    }
    json meta = json::object();
    if (!group.empty()) meta["name"] = group;
    items.push_back({{"metadata", meta}, {"versions", vs}});
  }
  return {{"kind", "APIGroupDiscoveryList"},
          {"apiVersion", "apidiscovery.k8s.io/v2"},
          {"metadata", json::object()},
          {"items", items}};
}

}  // namespace bg::testserver
