// Kubernetes objects as Betelgeuse carries them: a JSON tree plus where it came from.
//
// An Object's identity is a k8s::ObjectRef: group/kind/namespace/name (the version is carried but
// is not part of identity, as in Kubernetes). Provenance records which component and trait
// produced the object and which spec line asked for it, so a finding about a rendered object can
// point back at the user's file. An ObjectSet keeps objects in a canonical order (cluster-scoped
// before namespaced, then by kind, namespace and name) so that every output is deterministic.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.h"
#include "k8s/object_ref.h"

namespace bg::manifest {

using Json = nlohmann::json;

struct Provenance {
  std::string component;  // "" for platform-wide objects
  std::string trait;      // "workload", "storage", "expose", "auth", "isolate", "observe", "secure", "access"
  SourceLocation spec_loc;
};

struct Object {
  Json body;
  Provenance from;

  k8s::ObjectRef id() const;
  std::string api_version() const;
  std::string kind() const;
  std::string ns() const;
  std::string name() const;
};

class ObjectSet {
 public:
  // Adds an object; a second object with the same identity is a bug in a trait, reported as Status.
  bool add(Object o);
  void sort();  // canonical order
  const std::vector<Object>& objects() const { return objects_; }
  std::vector<Object>& objects() { return objects_; }
  const Object* find(const k8s::ObjectRef& id) const;
  // By group, kind, namespace and name: the version is not part of identity, so none is asked for.
  const Object* find(const k8s::GroupKind& kind, const std::string& ns, const std::string& name) const;
  std::size_t size() const { return objects_.size(); }
  const std::vector<std::string>& duplicates() const { return duplicates_; }

 private:
  std::vector<Object> objects_;
  std::map<k8s::ObjectRef, std::size_t> index_;  // identity → position, rebuilt by sort()
  std::vector<std::string> duplicates_;
};

}  // namespace bg::manifest
