#include "spec/reader.h"

#include <algorithm>

namespace bg::spec {

MapReader::MapReader(const yaml::Node& node, std::string what, const std::string& file, Diagnostics& diags)
    : node_(node), what_(std::move(what)), file_(file), diags_(diags), is_map_(node.is_map()) {
  if (!is_map_) {
    diags_.error(loc(), what_ + " must be a mapping, got " + std::string(yaml::kind_name(node.kind)),
                 "write it as `key: value` lines indented under its parent");
  }
}

SourceLocation MapReader::loc_of(const yaml::Node& n) const { return {file_, n.mark.line, n.mark.col}; }

const yaml::Node* MapReader::child(const std::string& key) {
  known_.push_back(key);
  return is_map_ ? node_.find(key) : nullptr;
}

const yaml::Node* MapReader::require_child(const std::string& key, const std::string& hint) {
  const yaml::Node* n = child(key);
  if (n || !is_map_) return n;
  // A key that is a near miss of the required one (`nodez:`) is the cause; "missing" would only
  // restate it. Reported now, not in finish(), so it comes before what follows from the absence.
  for (const auto& [k, v] : node_.entries) {
    if (std::find(known_.begin(), known_.end(), k.text) != known_.end() || closest_match(k.text, {key}).empty())
      continue;
    diags_.error(loc_of(k), "unknown field \"" + k.text + "\" in " + what_, "did you mean \"" + key + "\"?");
    reported_.push_back(k.text);
    return nullptr;
  }
  diags_.error(loc(), what_ + " is missing required field \"" + key + "\"", hint);
  return nullptr;
}

bool MapReader::expect_kind(const yaml::Node& n, yaml::NodeKind kind, const std::string& key) {
  if (n.kind == kind) return true;
  std::string hint;
  if (kind == yaml::NodeKind::kString && n.is_scalar()) {
    hint = "quote the value to make it a string: \"" + n.text + "\"";
  } else if (kind == yaml::NodeKind::kBool) {
    hint = "write true or false (YAML 1.2: yes/no/on/off are strings)";
  } else if (kind == yaml::NodeKind::kInt) {
    hint = "write a whole number without quotes";
  } else {
    hint = "see docs/spec.md for the field's type";
  }
  diags_.error(loc_of(n),
               what_ + "." + key + " must be " + yaml::a_kind_name(kind) + ", got " +
                   std::string(yaml::kind_name(n.kind)),
               hint);
  return false;
}

void MapReader::get_string(const std::string& key, Field<std::string>& out, bool required,
                           const std::string& hint) {
  const yaml::Node* n = required ? require_child(key, hint) : child(key);
  out.loc = set_loc(n);
  if (!n || !expect_kind(*n, yaml::NodeKind::kString, key)) return;
  out.value = n->text;
  out.set = true;
}

void MapReader::get_bool(const std::string& key, Field<bool>& out) {
  const yaml::Node* n = child(key);
  out.loc = set_loc(n);
  if (!n || !expect_kind(*n, yaml::NodeKind::kBool, key)) return;
  out.value = n->bool_value;
  out.set = true;
}

void MapReader::get_int(const std::string& key, Field<int64_t>& out, int64_t min, int64_t max) {
  const yaml::Node* n = child(key);
  out.loc = set_loc(n);
  if (!n || !expect_kind(*n, yaml::NodeKind::kInt, key)) return;
  if (n->int_value < min || n->int_value > max) {
    diags_.error(loc_of(*n), what_ + "." + key + " is " + std::to_string(n->int_value) + ", out of range",
                 "use a value from " + std::to_string(min) + " to " + std::to_string(max));
    return;
  }
  out.value = n->int_value;
  out.set = true;
}

void MapReader::get_string_map(const std::string& key, Field<std::map<std::string, std::string>>& out) {
  const yaml::Node* n = child(key);
  out.loc = set_loc(n);
  if (!n || !expect_kind(*n, yaml::NodeKind::kMapping, key)) return;
  for (const auto& [k, v] : n->entries) {
    if (!v.is_scalar() || v.kind == yaml::NodeKind::kNull) {
      diags_.error(loc_of(v), what_ + "." + key + "." + k.text + " must be a string",
                   "write the value as a quoted string");
      continue;
    }
    out.value[k.text] = v.text;
  }
  out.set = true;
}

void MapReader::get_string_list(const std::string& key, std::vector<Field<std::string>>& out,
                                SourceLocation& list_loc) {
  const yaml::Node* n = child(key);
  if (!n || !expect_kind(*n, yaml::NodeKind::kSequence, key)) return;
  list_loc = loc_of(*n);
  for (const yaml::Node& item : n->items) {
    if (!expect_kind(item, yaml::NodeKind::kString, key + "[]")) continue;
    out.push_back({item.text, true, loc_of(item)});
  }
}

std::string MapReader::enum_error(const std::string& key, const yaml::Node& n,
                                  const std::vector<std::string>& allowed) {
  std::string hint = "use one of: ";
  for (std::size_t i = 0; i < allowed.size(); ++i) hint += (i ? ", " : "") + allowed[i];
  if (n.is_scalar()) {
    std::string near = closest_match(n.text, allowed);
    if (!near.empty()) hint = "did you mean \"" + near + "\"? (" + hint + ")";
  }
  return hint;
}

void MapReader::finish() {
  if (!is_map_) return;
  for (const auto& [k, v] : node_.entries) {
    if (std::find(known_.begin(), known_.end(), k.text) != known_.end()) continue;
    if (std::find(reported_.begin(), reported_.end(), k.text) != reported_.end()) continue;
    std::string near = closest_match(k.text, known_);
    std::string hint = near.empty() ? "remove it; the fields of " + what_ + " are listed in docs/spec.md"
                                    : "did you mean \"" + near + "\"?";
    diags_.error(loc_of(k), "unknown field \"" + k.text + "\" in " + what_, hint);
  }
}

}  // namespace bg::spec
