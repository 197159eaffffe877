// JSON schema -> validator graph (see schema_graph.h).
#include <algorithm>
#include <cmath>

#include "check/schema_graph.h"
#include "k8s/json_view.h"

namespace bg::check::schema_internal {
namespace {

using nlohmann::json;

constexpr std::string_view kDefinitionsPrefix = "#/definitions/";

// Properties are ordered by length first: comparing sizes settles most probes of a binary search
// without touching the bytes.
bool property_less(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

bool is_type_only(const json& branch) {
  if (!branch.is_object() || !branch.contains("type")) return false;
  for (const auto& [k, v] : branch.items()) {
    if (k != "type" && k != "format" && k != "nullable") return false;
  }
  return true;
}

class Compiler {
 public:
  Compiler(Graph& g, const json* defs, const ExternalRefs& ext) : g_(g), defs_(defs), ext_(ext) {}

  const Node* compile(const json& s, const std::string& where) {
    if (!error_.empty()) return &permissive();
    if (!s.is_object()) return fail(where, "schema is not an object");
    if (auto ref = s.find("$ref"); ref != s.end()) {
      if (!ref->is_string()) return fail(where, "$ref is not a string");
      return resolve(ref->get_ref<const std::string&>(), where);
    }
    Node& n = g_.nodes.emplace_back();
    fill(n, s, where);
    return &n;
  }

  const Node* definition(const std::string& name) {
    if (auto it = g_.definitions.find(name); it != g_.definitions.end()) return it->second;
    if (defs_ == nullptr || !defs_->contains(name)) return nullptr;
    // Register before filling so a definition that (indirectly) refers to itself terminates.
    Node& n = g_.nodes.emplace_back();
    g_.definitions.emplace(name, &n);
    fill(n, (*defs_)[name], std::string(kDefinitionsPrefix) + name);
    return &n;
  }

  const std::string& error() const { return error_; }

 private:
  const Node* resolve(const std::string& ref, const std::string& where) {
    if (ref.compare(0, kDefinitionsPrefix.size(), kDefinitionsPrefix) != 0) {
      return fail(where, "unsupported $ref \"" + ref + "\"");
    }
    std::string name = ref.substr(kDefinitionsPrefix.size());
    if (const Node* n = definition(name)) return n;
    if (auto it = ext_.find(name); it != ext_.end()) return it->second;
    return fail(where, "unresolved $ref \"" + ref + "\"");
  }

  // The JSON a (possibly "$ref") schema stands for, to read annotations such as `default`.
  const json& follow_ref(const json& s) const {
    const json* cur = &s;
    for (int hops = 0; hops < 8 && defs_ != nullptr; ++hops) {
      auto ref = cur->find("$ref");  // end() too when *cur is no object
      if (ref == cur->end() || !ref->is_string()) break;
      const std::string& r = ref->get_ref<const std::string&>();
      if (r.compare(0, kDefinitionsPrefix.size(), kDefinitionsPrefix) != 0) break;
      auto it = defs_->find(r.substr(kDefinitionsPrefix.size()));
      if (it == defs_->end()) break;
      cur = &*it;
    }
    return *cur;
  }

  const Node* fail(const std::string& where, const std::string& what) {
    if (error_.empty()) error_ = (where.empty() ? "schema" : where) + ": " + what;
    return &permissive();
  }

  const Node& permissive() {
    if (permissive_ == nullptr) permissive_ = &g_.nodes.emplace_back();
    return *permissive_;
  }

  static uint8_t type_bit(const std::string& t) {
    if (t == "null") return kNull;
    if (t == "boolean") return kBoolean;
    if (t == "integer") return kInteger;
    if (t == "number") return kNumber;
    if (t == "string") return kString;
    if (t == "array") return kArray;
    if (t == "object") return kObject;
    return 0;
  }

  uint8_t types_of(const json& t, const std::string& where) {
    uint8_t bits = 0;
    auto add = [&](const json& one) {
      uint8_t b = one.is_string() ? type_bit(one.get_ref<const std::string&>()) : 0;
      if (b == 0) fail(where, "unknown type " + one.dump());
      bits |= b;
    };
    if (t.is_array()) {
      for (const json& one : t) add(one);
    } else {
      add(t);
    }
    return bits;
  }

  int64_t count(const json& v, const std::string& where, const char* key) {
    if (!v.is_number_integer() || v.get<int64_t>() < 0) fail(where, std::string(key) + " is not a count");
    return v.is_number_integer() ? v.get<int64_t>() : -1;
  }

  std::optional<double> number(const json& v, const std::string& where, const char* key) {
    if (!v.is_number()) {
      fail(where, std::string(key) + " is not a number");
      return std::nullopt;
    }
    return v.get<double>();
  }

  const Pattern* pattern(const std::string& source) {
    auto it = g_.pattern_index.find(source);
    if (it != g_.pattern_index.end()) return it->second;
    Pattern& p = g_.patterns.emplace_back();
    p.source = source;
    try {
      // Go's "(?i)" (case-insensitive) at the start, possibly after "^", is an ECMAScript flag;
      // other RE2 extensions fail to compile and are counted below.
      std::string text = source;
      auto flags = std::regex::ECMAScript;
      const std::size_t at = text.rfind("^(?i)", 0) == 0 ? 1 : 0;
      if (text.compare(at, 4, "(?i)") == 0) {
        text.erase(at, 4);
        flags |= std::regex::icase;
      }
      p.re = std::make_unique<std::regex>(text, flags);
    } catch (const std::regex_error&) {
      ++g_.patterns_unsupported;  // RE2-only syntax; the pattern is skipped, not guessed at
    }
    g_.pattern_index.emplace(source, &p);
    return &p;
  }

  void branches(const json& list, std::vector<const Node*>& out, uint8_t* fold, const std::string& where,
                const char* key) {
    if (!list.is_array() || list.empty()) {
      fail(where, std::string(key) + " is not a non-empty array");
      return;
    }
    // int-or-string and friends: branches that only name a type fold into the node's type set,
    // which is both faster and gives a readable "expected integer or string" message.
    if (fold != nullptr && std::all_of(list.begin(), list.end(), is_type_only)) {
      uint8_t bits = 0;
      for (const json& b : list) {
        bits |= types_of(*b.find("type"), where);  // is_type_only: an object with a type
        if (k8s::JsonView(b)["nullable"].boolean()) bits |= kNull;
      }
      *fold &= bits;
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      out.push_back(compile(list[i], where + "/" + key + "/" + std::to_string(i)));
    }
  }

  void fill(Node& n, const json& s, const std::string& where) {
    if (!s.is_object()) {
      fail(where, "schema is not an object");
      return;
    }
    if (s.contains("$ref")) {  // a definition that is itself only a reference
      const Node* target = compile(s, where);
      n = *target;
      return;
    }
    bool nullable = false, int_or_string = false;
    uint8_t folded = kAnyType;  // type-only anyOf/oneOf branches, applied after `type`
    for (const auto& [key, v] : s.items()) {
      const std::string at = where + "/" + key;
      if (key == "type") {
        n.types = types_of(v, at);
      } else if (key == "nullable") {
        nullable = v.is_boolean() && v.get<bool>();
      } else if (key == "x-kubernetes-int-or-string") {
        int_or_string = v.is_boolean() && v.get<bool>();
      } else if (key == "x-kubernetes-preserve-unknown-fields") {
        n.preserve_unknown = v.is_boolean() && v.get<bool>();
      } else if (key == "properties") {
        if (!v.is_object()) {
          fail(at, "properties is not an object");
          continue;
        }
        for (const auto& [name, sub] : v.items()) {
          n.props.push_back(Property{name, compile(sub, at + "/" + name), -1});
          const json& target = follow_ref(sub);
          if (auto d = target.find("default"); d != target.end()) n.branch_defaults.emplace_back(name, *d);
        }
      } else if (key == "additionalProperties") {
        if (v.is_boolean()) {
          n.extra = v.get<bool>() ? Extra::kAllow : Extra::kForbid;
        } else {
          n.extra = Extra::kSchema;
          n.additional = compile(v, at);
        }
      } else if (key == "required") {
        if (!v.is_array()) fail(at, "required is not an array");
        for (const json& r : v) {
          if (r.is_string()) n.required.push_back(r.get<std::string>());
        }
      } else if (key == "items") {
        n.items = compile(v, at);
      } else if (key == "enum") {
        if (!v.is_array()) {
          fail(at, "enum is not an array");
          continue;
        }
        n.has_enum = true;
        for (const json& e : v) {
          if (e.is_string()) {
            n.enum_strings.push_back(e.get<std::string>());
          } else {
            n.enum_others.push_back(e);
          }
          n.enum_display.push_back(e);
        }
      } else if (key == "const") {
        n.const_value = v;
      } else if (key == "allOf") {
        branches(v, n.all_of, nullptr, where, "allOf");
      } else if (key == "anyOf") {
        branches(v, n.any_of, &folded, where, "anyOf");
      } else if (key == "oneOf") {
        branches(v, n.one_of, &folded, where, "oneOf");
      } else if (key == "not") {
        n.not_node = compile(v, at);
      } else if (key == "format") {
        std::string f = v.is_string() ? v.get<std::string>() : "";
        n.format = f == "int32" ? Format::kInt32 : f == "int64" ? Format::kInt64 : f == "byte" ? Format::kByte
                                                                                              : Format::kNone;
      } else if (key == "minimum") {
        n.minimum = number(v, at, "minimum");
      } else if (key == "maximum") {
        n.maximum = number(v, at, "maximum");
      } else if (key == "exclusiveMinimum") {  // draft 4 boolean or draft 6 bound
        if (v.is_boolean()) {
          n.exclusive_minimum = v.get<bool>();
        } else {
          n.minimum = number(v, at, "exclusiveMinimum");
          n.exclusive_minimum = true;
        }
      } else if (key == "exclusiveMaximum") {
        if (v.is_boolean()) {
          n.exclusive_maximum = v.get<bool>();
        } else {
          n.maximum = number(v, at, "exclusiveMaximum");
          n.exclusive_maximum = true;
        }
      } else if (key == "multipleOf") {
        n.multiple_of = number(v, at, "multipleOf");
      } else if (key == "minLength") {
        n.min_length = count(v, at, "minLength");
      } else if (key == "maxLength") {
        n.max_length = count(v, at, "maxLength");
      } else if (key == "minItems") {
        n.min_items = count(v, at, "minItems");
      } else if (key == "maxItems") {
        n.max_items = count(v, at, "maxItems");
      } else if (key == "minProperties") {
        n.min_properties = count(v, at, "minProperties");
      } else if (key == "maxProperties") {
        n.max_properties = count(v, at, "maxProperties");
      } else if (key == "uniqueItems") {
        n.unique_items = v.is_boolean() && v.get<bool>();
      } else if (key == "pattern") {
        if (v.is_string()) n.pattern = pattern(v.get<std::string>());
      }
      // Anything else (description, default, x-kubernetes-validations, ...) does not constrain
      // the value as far as this validator goes.
    }
    if (n.all_of.empty() && n.any_of.empty() && n.one_of.empty() && n.not_node == nullptr) {
      n.branch_defaults.clear();
    }
    n.types &= folded;
    if (int_or_string) n.types = kInteger | kString;
    // `nullable` only widens a restricted type set; without `type` everything is allowed anyway.
    if (nullable) n.types |= kNull;
    std::sort(n.props.begin(), n.props.end(),
              [](const Property& a, const Property& b) { return property_less(a.name, b.name); });
    for (std::size_t i = 0; i < n.required.size(); ++i) {
      Property* p = const_cast<Property*>(n.find_property(n.required[i]));
      if (p != nullptr && i < 64) {
        if (p->required_index < 0) p->required_index = static_cast<int>(i);
        if (p->required_index == static_cast<int>(i)) {
          n.required_mask |= uint64_t{1} << i;
          continue;
        }
      }
      n.required_fallback = true;
    }
  }

  Graph& g_;
  const json* defs_;
  const ExternalRefs& ext_;
  std::string error_;
  const Node* permissive_ = nullptr;
};

}  // namespace

const Property* Node::find_property(std::string_view name) const {
  auto it = std::lower_bound(props.begin(), props.end(), name,
                             [](const Property& p, std::string_view n) { return property_less(p.name, n); });
  if (it != props.end() && it->name == name) return &*it;
  return nullptr;
}

Result<const Node*> compile_schema(Graph& graph, const json& schema, const json* definitions,
                                   const ExternalRefs& external) {
  Compiler c(graph, definitions, external);
  const Node* root = c.compile(schema, "");
  if (!c.error().empty()) return Status::terminal(c.error());
  return root;
}

Status compile_definitions(Graph& graph, const json& definitions, const ExternalRefs& external) {
  if (!definitions.is_object()) return Status::terminal("definitions is not an object");
  Compiler c(graph, &definitions, external);
  for (const auto& [name, unused] : definitions.items()) {
    c.definition(name);
    if (!c.error().empty()) return Status::terminal(c.error());
  }
  return Status::ok();
}

}  // namespace bg::check::schema_internal
