// The compiled form of a JSON schema: an immutable graph of validator nodes (internal to check/).
//
// compile_schema() turns the JSON of a schema (the subset Kubernetes uses: types, properties,
// additionalProperties, required, items, enum/const, oneOf/anyOf/allOf/not, bounds, pattern,
// int32/int64/byte formats, nullable and the x-kubernetes-* markers) into Nodes owned by a Graph.
// A "$ref" to "#/definitions/NAME" compiles that definition once; every reference points at the
// same Node, so shared subtrees of the bundle are shared in memory too. A Graph may point into
// other Graphs (a CRD's metadata points at the built-in ObjectMeta); it keeps them alive through
// `deps`. Nothing is mutated after compilation, so graphs are shared freely across threads.
//
// validate_node() walks a JSON value against a Node and reports violations; it never allocates on
// the happy path except for one path stack per call.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "check/schema.h"
#include "common/result.h"
#include "yaml/node.h"

namespace bg::check::schema_internal {

// JSON types as bits so a node's allowed set is one byte and a type test one AND.
enum TypeBit : uint8_t {
  kNull = 1,
  kBoolean = 2,
  kInteger = 4,
  kNumber = 8,
  kString = 16,
  kArray = 32,
  kObject = 64,
};
constexpr uint8_t kAnyType = 127;

struct Node;

struct Property {
  std::string name;
  const Node* node = nullptr;
  int required_index = -1;  // position in Node::required when required, else -1
};

enum class Extra : uint8_t { kAllow, kForbid, kSchema };
enum class Format : uint8_t { kNone, kInt32, kInt64, kByte };

// A regular expression compiled once; `re` is null when std::regex rejected the source (Go/RE2
// syntax such as (?i) is not ECMAScript), in which case the pattern is not checked.
struct Pattern {
  std::string source;
  std::unique_ptr<std::regex> re;
};

struct Node {
  uint8_t types = kAnyType;  // allowed JSON types; kNull set means null is accepted outright
  bool preserve_unknown = false;
  Extra extra = Extra::kAllow;
  Format format = Format::kNone;
  bool unique_items = false;
  bool has_enum = false;
  const Node* additional = nullptr;  // Extra::kSchema
  const Node* items = nullptr;
  std::vector<Property> props;       // sorted by (length, bytes): see find_property()
  std::vector<std::string> required;  // schema order, so missing fields are reported in it
  uint64_t required_mask = 0;         // bit i: required[i] (i < 64) is one of props
  bool required_fallback = false;     // some required name is not tracked by required_mask
  std::vector<std::string> enum_strings;         // string members of enum
  std::vector<nlohmann::json> enum_others;       // other members (numbers, booleans, null)
  std::vector<nlohmann::json> enum_display;      // all members in schema order, for messages
  std::optional<nlohmann::json> const_value;
  std::vector<const Node*> all_of, any_of, one_of;
  const Node* not_node = nullptr;
  std::optional<double> minimum, maximum, multiple_of;
  bool exclusive_minimum = false, exclusive_maximum = false;
  int64_t min_length = -1, max_length = -1, min_items = -1, max_items = -1;
  int64_t min_properties = -1, max_properties = -1;
  const Pattern* pattern = nullptr;
  // Property defaults, kept only on nodes with oneOf/anyOf/allOf/not: the API server fills in
  // defaults before validating, and those branches may look at a defaulted field.
  std::vector<std::pair<std::string, nlohmann::json>> branch_defaults;

  const Property* find_property(std::string_view name) const;
};

struct Graph {
  std::deque<Node> nodes;  // deque: node addresses stay valid while the graph grows
  std::deque<Pattern> patterns;
  std::vector<std::shared_ptr<const Graph>> deps;
  std::map<std::string, const Node*, std::less<>> definitions;  // compiled "#/definitions/X"
  std::map<std::string, const Pattern*, std::less<>> pattern_index;  // one regex per source
  std::size_t patterns_unsupported = 0;
};

// Resolves "#/definitions/NAME" references that are not in `definitions` (e.g. ObjectMeta for a
// CRD compiled on its own); returns null when unknown.
using ExternalRefs = std::map<std::string, const Node*, std::less<>>;

// Compiles `schema` into `graph`; `definitions` is the JSON object holding the definitions that
// "$ref"s may name (may be null). Returns the root node or a terminal Status naming the problem.
Result<const Node*> compile_schema(Graph& graph, const nlohmann::json& schema,
                                   const nlohmann::json* definitions, const ExternalRefs& external);

// Compiles every entry of `definitions` (so unused ones are checked too).
Status compile_definitions(Graph& graph, const nlohmann::json& definitions, const ExternalRefs& external);

// Validates `value` against `root`. With `out` null it stops at the first violation (fast path).
bool validate_node(const Node& root, const nlohmann::json& value, std::vector<SchemaViolation>* out);

// The same verdict as validate_node(root, to_json(value), nullptr), straight on a YAML tree
// (schema_node.cc); no messages.
bool accepts(const Node& root, const yaml::Node& value);

// ---- text for violations (schema_text.cc) ----

const char* value_type_name(const nlohmann::json& v);  // "string", "integer", "number", ...
std::string expected_types(uint8_t types);             // e.g. "integer or string"
std::string show(const nlohmann::json& v);             // JSON text, cut short when long
std::string show_number(double d);                     // 10 rather than 10.0
std::string enum_list(const Node& n);                  // "Always, IfNotPresent, Never"
std::size_t utf8_length(const std::string& s);         // code points, as JSON Schema counts
bool is_base64(const std::string& s);                  // Go's base64.StdEncoding rules
// Whether `s` matches the node's pattern. True without a pattern, and when the check is not made:
// strings over 4 KiB (libstdc++'s matcher recurses per character) and a matcher that gives up
// (complexity, stack): a verdict is not guessed.
bool matches_pattern(const Node& n, const std::string& s);

// Damerau (optimal string alignment) distance, ASCII case-insensitive; exposed for tests.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest property name to `word` within a small distance, or "".
std::string suggest_property(const Node& node, std::string_view word);

}  // namespace bg::check::schema_internal
