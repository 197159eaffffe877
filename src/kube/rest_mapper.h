// REST mapping: which resource path serves a kind, and whether it is namespaced, learnt from
// discovery. Fed either the aggregated documents (apidiscovery.k8s.io/v2, two requests for the
// whole server) or the legacy ones (one per group-version); kept until a lookup misses, when the
// client refreshes once (a CRD may have been established since).
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "k8s/group_version.h"

namespace bg::kube {

struct Mapping {
  std::string group;
  std::string version;
  std::string resource;  // plural
  std::string kind;
  bool namespaced = true;

  std::string api_version() const { return k8s::api_version_of(group, version); }
  // "/api/v1" or "/apis/GROUP/VERSION"
  std::string prefix() const { return group.empty() ? "/api/" + version : "/apis/" + group + "/" + version; }
};

class RestMapper {
 public:
  void clear() { by_kind_.clear(); }
  void add_aggregated(const nlohmann::json& group_discovery_list);
  // An APIResourceList (legacy /api/v1 or /apis/G/V).
  void add_resource_list(const nlohmann::json& list);
  std::optional<Mapping> find(const std::string& api_version, const std::string& kind) const;
  // By resource name, short name or kind, any case ("deploy", "deployments", "Deployment").
  std::optional<Mapping> find_resource(const std::string& name) const;
  bool empty() const { return by_kind_.empty(); }

 private:
  std::map<std::string, Mapping> by_kind_;  // "apiVersion/Kind"
  std::map<std::string, std::string> aliases_;  // lower-case name -> by_kind_ key
};

}  // namespace bg::kube
