// ObjectRef: which Kubernetes object — apiVersion, kind, namespace, name — the one identity that
// the render, check, apply, the client and the fakes share.
//
// Identity is group/kind/namespace/name: the version is how a server is asked for the object, not
// part of what the object is (apps/v1 and apps/v1beta2 name the same Deployment). So equality and
// order ignore the version, and a set of refs read from a server (at its preferred version) and
// one rendered by us (at ours) agree on which objects they share. `ns` is "" for cluster-scoped
// kinds; to kube::Client an empty `ns` on a namespaced kind means the kubeconfig's namespace.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "k8s/group_version.h"

namespace bg::k8s {

struct ObjectRef {
  std::string api_version;  // "apps/v1", "v1"
  std::string kind;
  std::string ns;           // "" for cluster-scoped kinds
  std::string name;

  // The identity of any JSON value; never throws (what is missing or not a string is "").
  static ObjectRef of(const nlohmann::json& object);

  std::string_view group() const { return group_of(api_version); }
  GroupKind group_kind() const { return {std::string(group()), kind}; }
  // "apps/v1 Deployment db/postgres", "v1 Namespace db": what a person reads in apply's output.
  std::string str() const;
  // "apps/Deployment db/postgres", "Namespace db": the identity alone, as check and render name objects.
  std::string identity() const;

  friend bool operator==(const ObjectRef& a, const ObjectRef& b) {
    return a.kind == b.kind && a.name == b.name && a.ns == b.ns && a.group() == b.group();
  }
  friend std::strong_ordering operator<=>(const ObjectRef& a, const ObjectRef& b);
};

}  // namespace bg::k8s
