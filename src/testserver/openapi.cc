#include "testserver/openapi.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

std::string gv_path_of(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

json query_param(const std::string& name) {
  return {{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}}}, {"uniqueItems", true}};
}

json operation(const ResourceType& r, const std::string& action, bool with_write_params) {
  json params = json::array();
  if (with_write_params)
    for (const char* p : {"dryRun", "fieldManager", "fieldValidation", "force"}) params.push_back(query_param(p));
  return {{"operationId", action + r.kind},
          {"parameters", params},
          {"responses", {{"200", {{"description", "OK"}}}}},
          {"x-kubernetes-action", action},
          {"x-kubernetes-group-version-kind", {{"group", r.group}, {"version", r.version}, {"kind", r.kind}}}};
}

}  // namespace

json openapi_v3_index(const Registry& registry) {
  json paths = json::object();
  for (const auto& [group, versions] : registry.groups())
    for (const std::string& v : versions) {
      std::string p = gv_path_of(group, v);
      // The hash only has to change when the document does; the resource count is enough here.
      std::size_t n = 0;
      for (const ResourceType& r : registry.all()) n += r.group == group && r.version == v;
      paths[p] = {{"serverRelativeURL", "/openapi/v3/" + p + "?hash=" + std::to_string(n)}};
    }
  return {{"paths", paths}};
}

std::optional<json> openapi_v3_document(const Registry& registry, const std::string& gv_path) {
  json paths = json::object();
  for (const ResourceType& r : registry.all()) {
    if (gv_path_of(r.group, r.version) != gv_path) continue;
    std::string base = "/" + gv_path + (r.namespaced ? "/namespaces/{namespace}/" : "/") + r.plural;
    paths[base] = {{"get", operation(r, "list", false)}, {"post", operation(r, "post", true)}};
    paths[base + "/{name}"] = {{"get", operation(r, "get", false)},
                               {"put", operation(r, "put", true)},
                               {"patch", operation(r, "patch", true)},
                               {"delete", operation(r, "delete", false)}};
  }
  if (paths.empty()) return std::nullopt;
  return json{{"openapi", "3.0.0"},
              {"info", {{"title", "Kubernetes"}, {"version", "v1.32.0"}}},
              {"paths", paths},
              {"components", {{"schemas", json::object()}}}};
}

}  // namespace bg::testserver
