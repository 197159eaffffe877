// What a built-in kind's object looks like after the real API server decoded it into its Go type
// and encoded it again, for the two round-trip effects Betelgeuse's drift check meets:
//
// - Lists and maps are `omitempty`: an empty one sent is absent when read back (`ports: []`,
//   `labels: {}`), and a Role's or ClusterRole's `rules: []` (not omitempty) reads as null. Empty
//   structs (`podSelector: {}`, `emptyDir: {}`, `resources: {}`) stay. Maps are known by name
//   (labels, annotations, data, matchLabels, nodeSelector, a Service's selector, quantity maps, …).
// - Resource quantities are `resource.Quantity`: a number or any spelling of one reads back as its
//   canonical string (1 -> "1", "0.5" -> "500m", "1.5Gi" -> "1536Mi", "1000m" -> "1").
//
// Custom resources are stored as sent (their JSON is unstructured), so neither applies to them.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "testing/testserver/resources.h"

namespace bg::testserver {

// Applies both effects to an object of a built-in kind about to be stored; no-op for CRD kinds.
// True when it dropped an empty list or map from the spec.
bool normalize_builtin(const ResourceType& rt, nlohmann::json& obj);

// Whether an update of this kind that sent an empty list or map in its spec is a write even when
// nothing else changed. The real NetworkPolicy strategy compares the decoded spec (empty, not
// absent) with the stored one (absent) and bumps metadata.generation, so every re-apply of such a
// policy writes (found on the real API server; Betelgeuse's drift check must not send it).
inline bool empty_spec_collections_always_write(const ResourceType& rt) {
  return !rt.from_crd && rt.kind == "NetworkPolicy";
}

// The canonical string of a quantity given as a JSON number or string, as resource.Quantity's
// String() prints it; nullopt for what does not parse as a quantity.
std::optional<std::string> canonical_quantity(const nlohmann::json& value);

}  // namespace bg::testserver
