// Safe reading of anyone's manifests: lookups on a yaml::Node that never fail and never assume a
// shape.
//
// Rules run on objects of any shape — a `labels:` that is a list, a port that is a string, a name
// that is a number. These helpers answer "absent" instead, so a malformed field is the schema's
// finding and the rules simply see nothing there. Values are yaml::Nodes: the tree the loader
// built, so nothing is converted on the way (our own render's JSON objects are turned into Nodes
// once, see json_node.h). Scalars keep their YAML types: `8080` is an integer, `"8080"` a string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/node.h"

namespace bg::check {

using Value = yaml::Node;

// The member `key` of a mapping, or null when `v` is null, not a mapping, or has no such member.
inline const Value* field(const Value* v, std::string_view key) { return v == nullptr ? nullptr : v->find(key); }
inline const Value* field(const Value& v, std::string_view key) { return v.find(key); }

// A path of member names: field(field(field(v, a), b), c).
inline const Value* dig(const Value* v, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) v = field(v, k);
  return v;
}

// The string value, or "" when absent or not a string.
inline std::string_view str(const Value* v) {
  return v != nullptr && v->kind == yaml::NodeKind::kString ? std::string_view(v->text) : std::string_view();
}

inline bool is_true(const Value* v) { return v != nullptr && v->kind == yaml::NodeKind::kBool && v->bool_value; }
inline bool is_false(const Value* v) { return v != nullptr && v->kind == yaml::NodeKind::kBool && !v->bool_value; }

// An integer value (a float with no fraction counts, as in JSON), or nothing.
inline std::optional<int64_t> integer(const Value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->kind == yaml::NodeKind::kInt) return v->int_value;
  if (v->kind == yaml::NodeKind::kFloat) {
    double d = v->float_value;
    if (d >= -9e18 && d <= 9e18 && static_cast<double>(static_cast<int64_t>(d)) == d) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

inline bool is_array(const Value* v) { return v != nullptr && v->is_seq(); }
inline bool is_object(const Value* v) { return v != nullptr && v->is_map(); }

// The items of a list, or none.
inline const std::vector<Value>& items(const Value* v) {
  static const std::vector<Value> kNone;
  return is_array(v) ? v->items : kNone;
}
// The entries of a mapping, or none.
inline const std::vector<std::pair<Value, Value>>& entries(const Value* v) {
  static const std::vector<std::pair<Value, Value>> kNone;
  return is_object(v) ? v->entries : kNone;
}

// A port written as a number or as a name (int-or-string), for messages and comparisons.
struct PortRef {
  std::optional<int64_t> number;
  std::string name;
  bool empty() const { return !number && name.empty(); }
  std::string str() const { return number ? std::to_string(*number) : "\"" + name + "\""; }
};
inline PortRef port_ref(const Value* v) {
  PortRef p;
  if (auto n = integer(v)) p.number = n;
  else p.name = std::string(str(v));
  return p;
}

}  // namespace bg::check
