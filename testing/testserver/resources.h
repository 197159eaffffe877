// The kinds the test server serves: the built-in ones the platform uses, plus every
// CustomResourceDefinition once it is Established.
//
// A ResourceType is what discovery advertises and what a request path names: group, version,
// plural resource, kind, scope, short names and categories (`kubectl get all` uses the "all"
// category). The registry is plain data guarded by the caller's lock; the order of groups is the
// order discovery lists them in, core first, as a real API server does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "k8s/group_version.h"

namespace bg::testserver {

struct ResourceType {
  std::string group;  // "" for the core group
  std::string version;
  std::string plural;
  std::string singular;
  std::string kind;
  bool namespaced = true;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  bool status_subresource = false;
  bool from_crd = false;

  std::string api_version() const { return k8s::api_version_of(group, version); }
  std::string group_resource() const { return group.empty() ? plural : plural + "." + group; }
};

class Registry {
 public:
  Registry();  // the built-in kinds

  const ResourceType* find(const std::string& group, const std::string& version, const std::string& plural) const;
  const ResourceType* find_kind(const std::string& api_version, const std::string& kind) const;
  const std::vector<ResourceType>& all() const { return types_; }
  // Groups in discovery order, each with its versions (preferred first).
  std::vector<std::pair<std::string, std::vector<std::string>>> groups() const;

  // Serves every version of a CRD (apiextensions.k8s.io/v1 JSON) that has `served: true`;
  // replaces an earlier registration of the same CRD.
  void add_crd(const nlohmann::json& crd);
  void remove_crd(const std::string& crd_name);  // "<plural>.<group>"

 private:
  std::vector<ResourceType> types_;
};

}  // namespace bg::testserver
