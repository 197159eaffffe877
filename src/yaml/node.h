// The YAML document model that every Betelgeuse input is read into.
//
// A Node is a plain value tree that keeps the 1-based line:col of every node (and, through the
// mapping entries, of every key) so that any later stage can point a person at the exact place in
// their file. Scalars are resolved by the YAML 1.2 core schema: `yes`/`on` stay strings, `0x1f` is
// an int, `~` and `null` are null. Mappings keep document order; duplicate keys are rejected at load
// time, so lookups by key are unambiguous.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::yaml {

struct Mark {
  int line = 0;  // 1-based; 0 = unknown
  int col = 0;   // 1-based, in bytes
  friend bool operator==(const Mark&, const Mark&) = default;
};

enum class NodeKind { kNull, kBool, kInt, kFloat, kString, kSequence, kMapping };
std::string_view kind_name(NodeKind k);  // "null", "boolean", "integer", "number", "string", "list", "mapping"
std::string a_kind_name(NodeKind k);     // with its article: "a string", "an integer"

struct Node {
  NodeKind kind = NodeKind::kNull;
  Mark mark;
  std::string text;       // scalars: the scalar's text as written (after unescaping); "" otherwise
  bool quoted = false;    // scalars: written quoted or as a block scalar (always a string)
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::vector<Node> items;                     // kSequence
  std::vector<std::pair<Node, Node>> entries;  // kMapping, in document order: (key, value)

  // Declared here and defaulted below the class: with an implicit constructor, clang cannot
  // instantiate std::pair<Node, Node> while Node is still incomplete (the fuzz build uses clang).
  Node();

  bool is_scalar() const { return kind != NodeKind::kSequence && kind != NodeKind::kMapping; }
  bool is_map() const { return kind == NodeKind::kMapping; }
  bool is_seq() const { return kind == NodeKind::kSequence; }
  // Mapping lookup by the key's text; nullptr when absent or when this is not a mapping.
  const Node* find(std::string_view key) const;
  // The key node of an entry (for pointing at a key rather than its value); nullptr when absent.
  const Node* find_key(std::string_view key) const;
};

inline Node::Node() = default;

nlohmann::json to_json(const Node& node);

// How the YAML 1.2 core schema reads a plain (unquoted, untagged) scalar: a scalar Node whose kind
// and value are resolved from `text` (mark left unknown). The loader uses it for every plain scalar;
// writers use it to decide whether a string needs quotes to stay a string.
Node plain_scalar(std::string_view text);
// The same into an existing node (kind, text and value; mark and quoting untouched), for readers
// that build nodes in place.
void resolve_plain_scalar(std::string_view text, Node& out);

// Where a JSON-pointer-like path (mapping keys and sequence indexes as strings) lands in the tree:
// the deepest node that exists along the path. With prefer_key, a path ending in a mapping key
// points at the key itself (what "unknown field" messages want).
Mark locate(const Node& root, const std::vector<std::string>& path, bool prefer_key = false);

}  // namespace bg::yaml
