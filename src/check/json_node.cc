#include "check/json_node.h"

#include <limits>

namespace bg::check {

yaml::Node node_of(const nlohmann::json& value) {
  using nlohmann::json;
  using yaml::NodeKind;
  yaml::Node n;
  switch (value.type()) {
    case json::value_t::null:
    case json::value_t::discarded: n.kind = NodeKind::kNull; break;
    case json::value_t::boolean:
      n.kind = NodeKind::kBool;
      n.bool_value = value.get<bool>();
      n.text = n.bool_value ? "true" : "false";
      break;
    case json::value_t::number_integer:
      n.kind = NodeKind::kInt;
      n.int_value = value.get<int64_t>();
      n.text = std::to_string(n.int_value);
      break;
    case json::value_t::number_unsigned: {
      uint64_t u = value.get<uint64_t>();
      if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        n.kind = NodeKind::kInt;
        n.int_value = static_cast<int64_t>(u);
      } else {
        n.kind = NodeKind::kFloat;
        n.float_value = static_cast<double>(u);
      }
      n.text = std::to_string(u);
      break;
    }
    case json::value_t::number_float:
      n.kind = NodeKind::kFloat;
      n.float_value = value.get<double>();
      n.text = value.dump();
      break;
    case json::value_t::string:
      n.kind = NodeKind::kString;
      n.text = value.get<std::string>();
      n.quoted = true;
      break;
    case json::value_t::binary:
    case json::value_t::array:
      n.kind = NodeKind::kSequence;
      if (value.is_array()) {
        n.items.reserve(value.size());
        for (const json& item : value) n.items.push_back(node_of(item));
      }
      break;
    case json::value_t::object:
      n.kind = NodeKind::kMapping;
      n.entries.reserve(value.size());
      for (auto it = value.begin(); it != value.end(); ++it) {
        yaml::Node key;
        key.kind = NodeKind::kString;
        key.text = it.key();
        key.quoted = true;
        n.entries.emplace_back(std::move(key), node_of(it.value()));
      }
      break;
  }
  return n;
}

}  // namespace bg::check
