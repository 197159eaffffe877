// Shape: what a Kubernetes field that a blueprint writes out verbatim must look like.
//
// A few blueprint fields are Kubernetes objects the render copies as written — a container's
// `resources` and `securityContext`, RBAC rules, an admission webhook's `rules` and
// `namespaceSelector`. A Shape states which keys such a mapping may hold and what kind of value
// each takes (a string from a fixed set, an integer in a range, a quantity, a list of strings, a
// nested mapping, a list of mappings …). check_shape() walks a blueprint's YAML node against it
// and reports every mistake at the offending node's file:line:col with a hint, so a value of the
// wrong shape never reaches the render (or a JSON library call that would throw on it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace bg::catalog {

struct Shape {
  enum class Kind { kString, kInt, kBool, kQuantity, kStrings, kStringMap, kMapping, kList };
  Kind kind = Kind::kString;
  std::string key;                  // as a field of a mapping: its key
  bool required = false;            // as a field of a mapping: must be present
  std::vector<std::string> one_of;  // kString, kStrings: the accepted values (empty: any)
  int64_t min = 0, max = 0;         // kInt
  std::vector<Shape> fields;        // kMapping: the keys it may hold; kList: one entry, the item's shape

  // Declared here, defined in shape.cc: clang 14 (the fuzz build) cannot instantiate the
  // implicit ones while Shape is incomplete.
  Shape();
  Shape(const Shape&);
  Shape(Shape&&) noexcept;
  Shape& operator=(const Shape&);
  Shape& operator=(Shape&&) noexcept;
  ~Shape();
};

// The building blocks, e.g. mapping({field("verbs", strings(), true), field("apiGroups", strings())}).
Shape string_shape(std::vector<std::string> one_of = {});
Shape int_shape(int64_t min, int64_t max);
Shape bool_shape();
Shape quantity_shape();  // a Kubernetes quantity: "500m", 2, "1.5Gi"
Shape strings_shape(std::vector<std::string> one_of = {});
Shape string_map_shape();  // string keys to string values (labels)
Shape mapping_shape(std::vector<Shape> fields);
Shape list_shape(Shape item);
Shape field(std::string key, Shape shape, bool required = false);

// Reports every mistake in `node` against `shape` to `diags` (file:line:col, a message naming the
// field by `name`, e.g. "rbac.cluster[0].verbs", and a hint); true when there is none.
bool check_shape(const yaml::Node& node, const Shape& shape, const std::string& name, const std::string& file,
                 Diagnostics& diags);

}  // namespace bg::catalog
