// Which lists server-side apply merges element by element, and what identifies an element.
//
// Kubernetes marks every list in its schemas: `x-kubernetes-list-type: map` (elements identified
// by the `x-kubernetes-list-map-keys` fields and owned one by one: containers by name, container
// ports by containerPort and protocol, volumeMounts by mountPath), `set` (scalars owned value by
// value, such as finalizers) or `atomic` (owned and replaced whole, like args, command and
// tolerations). A list the schema does not mark is atomic. Built-in kinds use a table transcribed
// from the Kubernetes v1.32.2 OpenAPI schemas (shared/reference/k8s-schemas, the files of the
// kinds this server serves); custom resources use the openAPIV3Schema of their CRD's version.
//
// Field paths name list elements as managedFields does: `k:{"containerPort":80,"protocol":"TCP"}`
// for an element of a map list, `v:"example.com/hold"` for a member of a set.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::testserver {

struct ListType {
  enum class Kind { atomic, map, set };
  Kind kind = Kind::atomic;
  std::vector<std::string> keys;  // for map lists
};

class ListTypes {
 public:
  // The lists of a built-in kind; an unknown kind still gets the ObjectMeta lists.
  static ListTypes builtin(const std::string& group, const std::string& kind);
  // The lists an OpenAPI v3 schema marks (a CRD version's openAPIV3Schema), plus ObjectMeta's.
  static ListTypes from_schema(const nlohmann::json& schema);

  // The type of the list at `path`: map keys, where an element segment ("k:...", "v:...") stands
  // for any element. Unmarked lists are atomic.
  ListType at(const std::vector<std::string>& path) const;

 private:
  void add(const std::string& pattern, ListType type) { by_pattern_[pattern] = std::move(type); }
  void add_pod_spec(const std::string& prefix);
  void add_object_meta(const std::string& prefix);
  void walk_schema(const nlohmann::json& schema, const std::string& pattern);

  std::map<std::string, ListType> by_pattern_;  // "spec.template.spec.containers.[].ports"
};

bool is_element_segment(const std::string& segment);
// The segment naming `element` in a list of `type`; nullopt for atomic lists and for an element
// of a map list that lacks a key field without a default (the list is then treated as atomic).
std::optional<std::string> element_segment(const nlohmann::json& element, const ListType& type);
// Whether `element` is the one `segment` names (key fields absent from it take their defaults).
bool element_matches(const nlohmann::json& element, const std::string& segment);
// Whether `field` is one of the key fields `segment` identifies its element by.
bool is_key_field(const std::string& segment, const std::string& field);
// ".spec.ports[port=80,protocol=\"TCP\"]" — how conflict messages name an element.
std::string element_text(const std::string& segment);

}  // namespace bg::testserver
