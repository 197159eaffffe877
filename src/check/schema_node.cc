// Deciding valid-or-not straight on a YAML tree (see schema_graph.h, accepts()).
//
// `check` reads manifests as yaml::Nodes; converting each one to JSON just to be told "valid" cost
// a third of the time. This walker gives exactly the verdict validate_node() gives on
// to_json(value) — same types (a float with no fraction is an integer), enums, bounds, patterns,
// required fields, unknown fields and branches — but builds nothing. Whatever it cannot decide
// cheaply (a oneOf node whose API-server defaults are missing, uniqueItems, enums and consts of
// non-strings) it hands to the JSON walker for that one value. Messages always come from the JSON
// walker: a failing object is converted and walked again (schema.cc).
#include <algorithm>
#include <cmath>
#include <limits>

#include "check/schema_graph.h"

namespace bg::check::schema_internal {
namespace {

using nlohmann::json;
using yaml::NodeKind;

uint8_t value_types(const yaml::Node& v) {
  switch (v.kind) {
    case NodeKind::kNull: return kNull;
    case NodeKind::kBool: return kBoolean;
    case NodeKind::kInt: return kInteger | kNumber;
    case NodeKind::kFloat: {
      double d = v.float_value;
      return (std::isfinite(d) && std::trunc(d) == d) ? (kInteger | kNumber) : kNumber;
    }
    case NodeKind::kString: return kString;
    case NodeKind::kSequence: return kArray;
    case NodeKind::kMapping: return kObject;
  }
  return 0;
}

bool check(const Node& n, const yaml::Node& v);

bool check_string(const Node& n, const std::string& s) {
  if (n.min_length >= 0 || n.max_length >= 0) {
    const std::size_t len = utf8_length(s);
    if (n.min_length >= 0 && len < static_cast<std::size_t>(n.min_length)) return false;
    if (n.max_length >= 0 && len > static_cast<std::size_t>(n.max_length)) return false;
  }
  if (!matches_pattern(n, s)) return false;
  return n.format != Format::kByte || is_base64(s);
}

bool check_number(const Node& n, const yaml::Node& v) {
  const double d = v.kind == NodeKind::kInt ? static_cast<double>(v.int_value) : v.float_value;
  if (n.format == Format::kInt32 && !(d >= std::numeric_limits<int32_t>::min() && d <= std::numeric_limits<int32_t>::max()))
    return false;
  if (n.format == Format::kInt64 && v.kind == NodeKind::kFloat && !(d >= -9.223372036854775808e18 && d < 9.223372036854775808e18))
    return false;
  if (n.minimum && (n.exclusive_minimum ? !(d > *n.minimum) : !(d >= *n.minimum))) return false;
  if (n.maximum && (n.exclusive_maximum ? !(d < *n.maximum) : !(d <= *n.maximum))) return false;
  if (n.multiple_of && *n.multiple_of > 0) {
    double q = d / *n.multiple_of;
    if (std::fabs(q - std::round(q)) > 1e-9) return false;
  }
  return true;
}

bool check_array(const Node& n, const yaml::Node& v) {
  const std::size_t size = v.items.size();
  if (n.min_items >= 0 && size < static_cast<std::size_t>(n.min_items)) return false;
  if (n.max_items >= 0 && size > static_cast<std::size_t>(n.max_items)) return false;
  if (n.items != nullptr)
    for (const yaml::Node& item : v.items)
      if (!check(*n.items, item)) return false;
  if (n.unique_items) {
    std::vector<json> seen;
    for (const yaml::Node& item : v.items) {
      json j = yaml::to_json(item);
      if (std::find(seen.begin(), seen.end(), j) != seen.end()) return false;
      seen.push_back(std::move(j));
    }
  }
  return true;
}

bool check_object(const Node& n, const yaml::Node& v) {
  uint64_t seen = 0;
  for (const auto& [key, value] : v.entries) {
    if (const Property* p = n.find_property(key.text)) {
      if (p->required_index >= 0 && p->required_index < 64) seen |= uint64_t{1} << p->required_index;
      if (!check(*p->node, value)) return false;
    } else if (n.extra == Extra::kSchema) {
      if (!check(*n.additional, value)) return false;
    } else if (n.extra == Extra::kForbid && !n.preserve_unknown) {
      return false;
    }
  }
  if ((seen & n.required_mask) != n.required_mask || n.required_fallback) {
    for (std::size_t i = 0; i < n.required.size(); ++i) {
      const bool tracked = i < 64 && ((n.required_mask >> i) & 1);
      if (!(tracked ? ((seen >> i) & 1) != 0 : v.find(n.required[i]) != nullptr)) return false;
    }
  }
  if (n.min_properties >= 0 && v.entries.size() < static_cast<std::size_t>(n.min_properties)) return false;
  if (n.max_properties >= 0 && v.entries.size() > static_cast<std::size_t>(n.max_properties)) return false;
  return true;
}

bool check_branches(const Node& n, const yaml::Node& v) {
  for (const Node* b : n.all_of)
    if (!check(*b, v)) return false;
  if (!n.any_of.empty() && std::none_of(n.any_of.begin(), n.any_of.end(), [&](const Node* b) { return check(*b, v); }))
    return false;
  if (!n.one_of.empty()) {
    int matches = 0;
    for (const Node* b : n.one_of)
      if (check(*b, v) && ++matches > 1) break;
    if (matches != 1) return false;
  }
  return n.not_node == nullptr || !check(*n.not_node, v);
}

bool check(const Node& n, const yaml::Node& v) {
  const uint8_t vt = value_types(v);
  if (vt == kNull && (n.types & kNull)) return true;
  if ((n.types & vt) == 0) return false;
  if (n.has_enum) {
    bool found = v.kind == NodeKind::kString
                     ? std::find(n.enum_strings.begin(), n.enum_strings.end(), v.text) != n.enum_strings.end()
                     : std::find(n.enum_others.begin(), n.enum_others.end(), yaml::to_json(v)) != n.enum_others.end();
    if (!found) return false;
  }
  if (n.const_value && *n.const_value != yaml::to_json(v)) return false;
  switch (v.kind) {
    case NodeKind::kString:
      if (!check_string(n, v.text)) return false;
      break;
    case NodeKind::kInt:
    case NodeKind::kFloat:
      if (!check_number(n, v)) return false;
      break;
    case NodeKind::kSequence:
      if (!check_array(n, v)) return false;
      break;
    case NodeKind::kMapping:
      if (!check_object(n, v)) return false;
      break;
    default: break;
  }
  if (!n.all_of.empty() || !n.any_of.empty() || !n.one_of.empty() || n.not_node != nullptr) {
    if (!n.branch_defaults.empty() && v.is_map()) {
      // The branches would see API-server defaults filled in: rare, so the JSON walker decides.
      for (const auto& [name, value] : n.branch_defaults)
        if (v.find(name) == nullptr) return validate_node(n, yaml::to_json(v), nullptr);
    }
    return check_branches(n, v);
  }
  return true;
}

}  // namespace

bool accepts(const Node& root, const yaml::Node& value) { return check(root, value); }

}  // namespace bg::check::schema_internal
