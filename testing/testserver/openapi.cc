#include "testing/testserver/openapi.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

std::string gv_path_of(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

enum class Version { v2, v3 };

// Swagger 2.0 puts a parameter's type on the parameter, OpenAPI 3 in a schema.
json query_param(const std::string& name, Version v) {
  json p = {{"name", name}, {"in", "query"}, {"uniqueItems", true}};
  if (v == Version::v2) p["type"] = "string";
  else p["schema"] = {{"type", "string"}};
  return p;
}

json operation(const ResourceType& r, const std::string& action, bool with_write_params, Version v) {
  json params = json::array();
  if (with_write_params)
    for (const char* p : {"dryRun", "fieldManager", "fieldValidation", "force"}) params.push_back(query_param(p, v));
  return {{"operationId", action + r.kind},
          {"parameters", params},
          {"responses", {{"200", {{"description", "OK"}}}}},
          {"x-kubernetes-action", action},
          {"x-kubernetes-group-version-kind", {{"group", r.group}, {"version", r.version}, {"kind", r.kind}}}};
}

// The paths of one kind, as a real API server lays them out: the collection and the object, in a
// namespace for namespaced kinds, plus the list across all namespaces.
void add_paths(json& paths, const ResourceType& r, Version v) {
  const std::string gv = "/" + gv_path_of(r.group, r.version) + "/";
  std::string base = gv + (r.namespaced ? "namespaces/{namespace}/" : "") + r.plural;
  paths[base] = {{"get", operation(r, "list", false, v)}, {"post", operation(r, "post", true, v)}};
  paths[base + "/{name}"] = {{"get", operation(r, "get", false, v)},
                             {"put", operation(r, "put", true, v)},
                             {"patch", operation(r, "patch", true, v)},
                             {"delete", operation(r, "delete", false, v)}};
  if (r.namespaced) paths[gv + r.plural] = {{"get", operation(r, "list", false, v)}};
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
    if (gv_path_of(r.group, r.version) == gv_path) add_paths(paths, r, Version::v3);
  }
  if (paths.empty()) return std::nullopt;
  return json{{"openapi", "3.0.0"},
              {"info", {{"title", "Kubernetes"}, {"version", "v1.32.0"}}},
              {"paths", paths},
              {"components", {{"schemas", json::object()}}}};
}

json openapi_v2_document(const Registry& registry) {
  json paths = json::object();
  for (const ResourceType& r : registry.all()) add_paths(paths, r, Version::v2);
  return {{"swagger", "2.0"}, {"info", {{"title", "Kubernetes"}, {"version", "v1.32.0"}}}, {"paths", paths}};
}

}  // namespace bg::testserver
