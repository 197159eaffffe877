// MapReader: reads one YAML mapping into typed Fields, collecting every mistake.
//
// Each get_*() call names a key the mapping may hold; finish() then reports the keys nobody asked for
// as unknown fields, with "did you mean" against the keys that were asked for. Type mismatches and
// missing required keys are reported at the value's (or the mapping's) location. The reader never
// stops early: a person fixing their file wants to see all of it at once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "spec/spec.h"
#include "yaml/node.h"

namespace bg::spec {

class MapReader {
 public:
  // `what` names the mapping in messages, e.g. "spec.tls" or "node \"cp-1\"".
  MapReader(const yaml::Node& node, std::string what, const std::string& file, Diagnostics& diags);

  bool ok() const { return is_map_; }
  SourceLocation loc_of(const yaml::Node& n) const;
  SourceLocation loc() const { return loc_of(node_); }

  // The raw node under `key` (nullptr when absent); marks the key as known.
  const yaml::Node* child(const std::string& key);
  // A required key that is absent is reported as missing, or, when another key is a near miss of
  // it (`nodez:` for `nodes:`), as that unknown field, at once; the error is then the last one added.
  const yaml::Node* require_child(const std::string& key, const std::string& hint);

  void get_string(const std::string& key, Field<std::string>& out, bool required = false,
                  const std::string& hint = {});
  void get_bool(const std::string& key, Field<bool>& out);
  void get_int(const std::string& key, Field<int64_t>& out, int64_t min, int64_t max);
  // A string from a fixed set; `names` maps accepted spellings to values.
  template <typename E>
  void get_enum(const std::string& key, Field<E>& out, const std::vector<std::pair<std::string, E>>& names,
                bool required = false);
  void get_string_map(const std::string& key, Field<std::map<std::string, std::string>>& out);
  // A sequence of strings, each with its own place; `list_loc` gets the sequence's place.
  void get_string_list(const std::string& key, std::vector<Field<std::string>>& out, SourceLocation& list_loc);

  // Reports unknown keys. Call once, after every get_*.
  void finish();

 private:
  bool expect_kind(const yaml::Node& n, yaml::NodeKind kind, const std::string& key);
  std::string enum_error(const std::string& key, const yaml::Node& n, const std::vector<std::string>& allowed);
  SourceLocation set_loc(const yaml::Node* n) const { return n ? loc_of(*n) : loc(); }

  const yaml::Node& node_;
  std::string what_;
  const std::string& file_;
  Diagnostics& diags_;
  bool is_map_;
  std::vector<std::string> known_;
  std::vector<std::string> reported_;  // unknown keys require_child() already reported
};

template <typename E>
void MapReader::get_enum(const std::string& key, Field<E>& out,
                         const std::vector<std::pair<std::string, E>>& names, bool required) {
  const yaml::Node* n = child(key);
  out.loc = set_loc(n);
  if (!n) {
    if (required) {
      std::vector<std::string> allowed;
      for (const auto& [name, value] : names) allowed.push_back(name);
      diags_.error(loc(), what_ + " is missing required field \"" + key + "\"", enum_error(key, node_, allowed));
    }
    return;
  }
  std::vector<std::string> allowed;
  for (const auto& [name, value] : names) {
    allowed.push_back(name);
    if (n->kind == yaml::NodeKind::kString && n->text == name) {
      out.value = value;
      out.set = true;
      return;
    }
  }
  diags_.error(loc_of(*n), "invalid value \"" + n->text + "\" for " + what_ + "." + key,
               enum_error(key, *n, allowed));
}

}  // namespace bg::spec
