// Kubernetes objects as Betelgeuse carries them: a JSON tree plus where it came from.
//
// An Object's identity is group/kind/namespace/name (the version is not part of identity, as in
// Kubernetes). Provenance records which component and trait produced the object and which spec line
// asked for it, so a finding about a rendered object can point back at the user's file. An ObjectSet
// keeps objects in a canonical order (cluster-scoped before namespaced, then by kind, namespace and
// name) so that every output is deterministic.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.h"

namespace bg::manifest {

using Json = nlohmann::json;

struct ObjectId {
  std::string group;  // "" for the core group
  std::string kind;
  std::string ns;     // "" for cluster-scoped
  std::string name;

  std::string str() const;  // "apps/Deployment db/postgres", "Namespace db"
  friend auto operator<=>(const ObjectId&, const ObjectId&) = default;
};

struct Provenance {
  std::string component;  // "" for platform-wide objects
  std::string trait;      // "workload", "storage", "expose", "auth", "isolate", "observe", "secure", "access"
  SourceLocation spec_loc;
};

struct Object {
  Json body;
  Provenance from;

  ObjectId id() const;
  std::string api_version() const;
  std::string kind() const;
  std::string ns() const;
  std::string name() const;
};

// The group part of an apiVersion ("apps/v1" → "apps", "v1" → "").
std::string group_of(std::string_view api_version);

class ObjectSet {
 public:
  // Adds an object; a second object with the same identity is a bug in a trait, reported as Status.
  bool add(Object o);
  void sort();  // canonical order
  const std::vector<Object>& objects() const { return objects_; }
  std::vector<Object>& objects() { return objects_; }
  const Object* find(const ObjectId& id) const;
  std::size_t size() const { return objects_.size(); }
  const std::vector<std::string>& duplicates() const { return duplicates_; }

 private:
  std::vector<Object> objects_;
  std::map<ObjectId, std::size_t> index_;  // identity → position, rebuilt by sort()
  std::vector<std::string> duplicates_;
};

}  // namespace bg::manifest
