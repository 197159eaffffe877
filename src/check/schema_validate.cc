// Walking a JSON value against a compiled schema (see schema_graph.h).
//
// One Walker per validation. With no output vector it runs in "fast" mode: it stops at the first
// violation and builds no strings, which is also how oneOf/anyOf/not branches are tried. Only when
// a value has failed and violations are wanted does it spend time on messages and hints.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "check/schema_graph.h"

namespace bg::check::schema_internal {
namespace {

using nlohmann::json;

struct PathElem {
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;
};

uint8_t value_types(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return kNull;
    case json::value_t::boolean: return kBoolean;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return kInteger | kNumber;
    case json::value_t::number_float: {
      double d = v.get<double>();
      return (std::isfinite(d) && std::trunc(d) == d) ? (kInteger | kNumber) : kNumber;
    }
    case json::value_t::string: return kString;
    case json::value_t::array: return kArray;
    case json::value_t::object: return kObject;
    default: return 0;
  }
}

class Walker {
 public:
  explicit Walker(std::vector<SchemaViolation>* out) : out_(out) { path_.reserve(32); }

  bool check(const Node& n, const json& v);

 private:
  struct Push {
    Push(Walker& w, PathElem e) : w_(w) { w_.path_.push_back(e); }
    ~Push() { w_.path_.pop_back(); }
    Walker& w_;
  };
  struct Mute {  // try a branch without reporting
    explicit Mute(Walker& w) : w_(w), saved_(w.out_) { w_.out_ = nullptr; }
    ~Mute() { w_.out_ = saved_; }
    Walker& w_;
    std::vector<SchemaViolation>* saved_;
  };

  bool collecting() const { return out_ != nullptr; }

  void report(std::string message, std::string hint = {}, const std::string* key = nullptr) {
    SchemaViolation sv;
    sv.path.reserve(path_.size() + 1);
    for (const PathElem& e : path_) {
      sv.path.push_back(e.is_index ? std::to_string(e.index) : std::string(e.key));
    }
    if (key != nullptr) {
      sv.path.push_back(*key);
      sv.path_is_key = true;
    }
    sv.message = std::move(message);
    sv.hint = std::move(hint);
    out_->push_back(std::move(sv));
  }

  bool check_string(const Node& n, const std::string& s);
  bool check_number(const Node& n, const json& v);
  bool check_array(const Node& n, const json& v);
  bool check_object(const Node& n, const json& v);
  bool check_branches(const Node& n, const json& v);
  void explain(const std::vector<const Node*>& branches, const json& v, bool one_of, int matches);

  std::vector<SchemaViolation>* out_;
  std::vector<PathElem> path_;
};

bool Walker::check(const Node& n, const json& v) {
  const uint8_t vt = value_types(v);
  if (vt == kNull && (n.types & kNull)) return true;  // nullable: null stands for "not set"
  if ((n.types & vt) == 0) {
    if (collecting()) report("expected " + expected_types(n.types) + ", got " + value_type_name(v));
    return false;
  }
  bool ok = true;
  if (n.has_enum) {
    bool found = false;
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      found = std::find(n.enum_strings.begin(), n.enum_strings.end(), s) != n.enum_strings.end();
    } else {
      found = std::find(n.enum_others.begin(), n.enum_others.end(), v) != n.enum_others.end();
    }
    if (!found) {
      if (!collecting()) return false;
      const char* lead = n.enum_display.size() == 1 ? ": must be " : ": must be one of ";
      report("invalid value " + show(v) + lead + enum_list(n));
      ok = false;
    }
  }
  if (n.const_value && *n.const_value != v) {
    if (!collecting()) return false;
    report("invalid value " + show(v) + ": must be " + show(*n.const_value));
    ok = false;
  }
  switch (v.type()) {
    case json::value_t::string: ok = check_string(n, v.get_ref<const std::string&>()) && ok; break;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: ok = check_number(n, v) && ok; break;
    case json::value_t::array: ok = check_array(n, v) && ok; break;
    case json::value_t::object: ok = check_object(n, v) && ok; break;
    default: break;
  }
  if (!ok && !collecting()) return false;
  if (!n.all_of.empty() || !n.any_of.empty() || !n.one_of.empty() || n.not_node != nullptr) {
    if (!n.branch_defaults.empty() && v.is_object()) {
      // Rare (Gateway API addresses): the branches see the object as the API server would, with
      // absent defaulted fields filled in; only then is a copy made.
      bool missing = false;
      for (const auto& [name, value] : n.branch_defaults) missing = missing || !v.contains(name);
      if (missing) {
        json defaulted = v;
        for (const auto& [name, value] : n.branch_defaults) {
          if (!defaulted.contains(name)) defaulted[name] = value;
        }
        return check_branches(n, defaulted) && ok;
      }
    }
    ok = check_branches(n, v) && ok;
  }
  return ok;
}

bool Walker::check_string(const Node& n, const std::string& s) {
  bool ok = true;
  if (n.min_length >= 0 || n.max_length >= 0) {
    const std::size_t len = utf8_length(s);
    if (n.min_length >= 0 && len < static_cast<std::size_t>(n.min_length)) {
      if (!collecting()) return false;
      report("must be at least " + std::to_string(n.min_length) + " characters long");
      ok = false;
    }
    if (n.max_length >= 0 && len > static_cast<std::size_t>(n.max_length)) {
      if (!collecting()) return false;
      report("must be at most " + std::to_string(n.max_length) + " characters long (got " +
             std::to_string(len) + ")");
      ok = false;
    }
  }
  if (!matches_pattern(n, s)) {
    if (!collecting()) return false;
    report("invalid value " + show(json(s)) + ": must match the pattern " + n.pattern->source);
    ok = false;
  }
  if (n.format == Format::kByte && !is_base64(s)) {
    if (!collecting()) return false;
    report("invalid value: not valid base64 data");
    ok = false;
  }
  return ok;
}

bool Walker::check_number(const Node& n, const json& v) {
  bool ok = true;
  const double d = v.get<double>();
  if (n.format == Format::kInt32 || n.format == Format::kInt64) {
    bool in_range = true;
    if (n.format == Format::kInt32) {
      in_range = d >= std::numeric_limits<int32_t>::min() && d <= std::numeric_limits<int32_t>::max();
    } else if (v.is_number_unsigned()) {
      in_range = v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    } else if (v.is_number_float()) {
      in_range = d >= -9.223372036854775808e18 && d < 9.223372036854775808e18;
    }
    if (!in_range) {
      if (!collecting()) return false;
      report("value " + show(v) + " is out of range for " + (n.format == Format::kInt32 ? "int32" : "int64"));
      ok = false;
    }
  }
  if (n.minimum && (n.exclusive_minimum ? !(d > *n.minimum) : !(d >= *n.minimum))) {
    if (!collecting()) return false;
    report(std::string("must be greater than ") + (n.exclusive_minimum ? "" : "or equal to ") +
           show_number(*n.minimum) + " (got " + show(v) + ")");
    ok = false;
  }
  if (n.maximum && (n.exclusive_maximum ? !(d < *n.maximum) : !(d <= *n.maximum))) {
    if (!collecting()) return false;
    report(std::string("must be less than ") + (n.exclusive_maximum ? "" : "or equal to ") +
           show_number(*n.maximum) + " (got " + show(v) + ")");
    ok = false;
  }
  if (n.multiple_of && *n.multiple_of > 0) {
    double q = d / *n.multiple_of;
    if (std::fabs(q - std::round(q)) > 1e-9) {
      if (!collecting()) return false;
      report("must be a multiple of " + show_number(*n.multiple_of));
      ok = false;
    }
  }
  return ok;
}

bool Walker::check_array(const Node& n, const json& v) {
  bool ok = true;
  const auto& arr = v.get_ref<const json::array_t&>();
  if (n.min_items >= 0 && arr.size() < static_cast<std::size_t>(n.min_items)) {
    if (!collecting()) return false;
    report("must have at least " + std::to_string(n.min_items) + (n.min_items == 1 ? " item" : " items"));
    ok = false;
  }
  if (n.max_items >= 0 && arr.size() > static_cast<std::size_t>(n.max_items)) {
    if (!collecting()) return false;
    report("must have at most " + std::to_string(n.max_items) + " items (got " + std::to_string(arr.size()) + ")");
    ok = false;
  }
  if (n.items != nullptr) {
    for (std::size_t i = 0; i < arr.size(); ++i) {
      Push p(*this, PathElem{{}, i, true});
      if (!check(*n.items, arr[i])) {
        if (!collecting()) return false;
        ok = false;
      }
    }
  }
  if (n.unique_items) {
    for (std::size_t i = 1; i < arr.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (arr[i] == arr[j]) {
          if (!collecting()) return false;
          Push p(*this, PathElem{{}, i, true});
          report("duplicate item: same as item " + std::to_string(j));
          ok = false;
          break;
        }
      }
    }
  }
  return ok;
}

bool Walker::check_object(const Node& n, const json& v) {
  bool ok = true;
  const auto& obj = v.get_ref<const json::object_t&>();
  // Required fields are tracked in a bit mask while walking the members, so the happy path needs
  // no extra lookups; lists longer than 64 fall back to find() for the rest.
  uint64_t seen = 0;
  for (const auto& [key, value] : obj) {
    if (const Property* p = n.find_property(key)) {
      if (p->required_index >= 0 && p->required_index < 64) seen |= uint64_t{1} << p->required_index;
      Push guard(*this, PathElem{key, 0, false});
      if (!check(*p->node, value)) {
        if (!collecting()) return false;
        ok = false;
      }
    } else if (n.extra == Extra::kSchema) {
      Push guard(*this, PathElem{key, 0, false});
      if (!check(*n.additional, value)) {
        if (!collecting()) return false;
        ok = false;
      }
    } else if (n.extra == Extra::kForbid && !n.preserve_unknown) {
      if (!collecting()) return false;
      std::string near = suggest_property(n, key);
      report("unknown field \"" + key + "\"", near.empty() ? std::string() : "did you mean \"" + near + "\"?",
             &key);
      ok = false;
    }
  }
  if ((seen & n.required_mask) != n.required_mask || n.required_fallback) {
    for (std::size_t i = 0; i < n.required.size(); ++i) {
      const bool tracked = i < 64 && ((n.required_mask >> i) & 1);
      const bool present = tracked ? ((seen >> i) & 1) != 0 : obj.find(n.required[i]) != obj.end();
      if (!present) {
        if (!collecting()) return false;
        report("missing required field \"" + n.required[i] + "\"");
        ok = false;
      }
    }
  }
  if (n.min_properties >= 0 && obj.size() < static_cast<std::size_t>(n.min_properties)) {
    if (!collecting()) return false;
    report("must have at least " + std::to_string(n.min_properties) + (n.min_properties == 1 ? " field" : " fields"));
    ok = false;
  }
  if (n.max_properties >= 0 && obj.size() > static_cast<std::size_t>(n.max_properties)) {
    if (!collecting()) return false;
    report("must have at most " + std::to_string(n.max_properties) + " fields (got " + std::to_string(obj.size()) +
           ")");
    ok = false;
  }
  return ok;
}

bool Walker::check_branches(const Node& n, const json& v) {
  bool ok = true;
  for (const Node* b : n.all_of) {
    if (!check(*b, v)) {
      if (!collecting()) return false;
      ok = false;
    }
  }
  if (!n.any_of.empty()) {
    bool any = false;
    {
      Mute m(*this);
      for (const Node* b : n.any_of) {
        if (check(*b, v)) {
          any = true;
          break;
        }
      }
    }
    if (!any) {
      if (!collecting()) return false;
      explain(n.any_of, v, false, 0);
      ok = false;
    }
  }
  if (!n.one_of.empty()) {
    int matches = 0;
    {
      Mute m(*this);
      for (const Node* b : n.one_of) {
        if (check(*b, v) && ++matches > 1) break;
      }
    }
    if (matches != 1) {
      if (!collecting()) return false;
      explain(n.one_of, v, true, matches);
      ok = false;
    }
  }
  if (n.not_node != nullptr) {
    bool matched;
    {
      Mute m(*this);
      matched = check(*n.not_node, v);
    }
    if (matched) {
      if (!collecting()) return false;
      report("invalid value " + show(v) + ": not allowed here");
      ok = false;
    }
  }
  return ok;
}

// A branch that only says "this field must be present" (e.g. Cilium's
// oneOf: [{required: [cidr]}, {required: [cidrGroupRef]}]).
bool required_only(const Node& b) {
  if (b.required.empty() || b.types != kAnyType || b.has_enum || b.extra != Extra::kAllow) return false;
  if (!b.all_of.empty() || !b.any_of.empty() || !b.one_of.empty() || b.not_node != nullptr) return false;
  for (const Property& p : b.props) {
    const Node& c = *p.node;
    if (c.types != kAnyType || c.has_enum || !c.props.empty() || c.extra != Extra::kAllow || c.items != nullptr ||
        c.pattern != nullptr || !c.one_of.empty() || !c.any_of.empty() || !c.all_of.empty() || c.not_node != nullptr) {
      return false;
    }
  }
  return true;
}

void Walker::explain(const std::vector<const Node*>& branches, const json& v, bool one_of, int matches) {
  if (std::all_of(branches.begin(), branches.end(), [](const Node* b) { return required_only(*b); })) {
    std::vector<std::string> names;
    for (const Node* b : branches) {
      for (const std::string& r : b->required) {
        std::string quoted = "\"" + r + "\"";
        if (std::find(names.begin(), names.end(), quoted) == names.end()) names.push_back(quoted);
      }
    }
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
    report(std::string(!one_of ? "must set at least one of " : matches == 0 ? "must set exactly one of "
                                                                            : "must set only one of ") +
           list);
    return;
  }
  if (matches > 1) {
    report("matches more than one of the " + std::to_string(branches.size()) + " allowed forms; it must match exactly one");
    return;
  }
  // None matched: show why the most plausible form failed. A form rejected for the type of the
  // value itself is the least plausible one.
  std::vector<SchemaViolation> best;
  std::size_t best_score = std::numeric_limits<std::size_t>::max();
  for (const Node* b : branches) {
    std::vector<SchemaViolation> tmp;
    std::vector<SchemaViolation>* saved = out_;
    out_ = &tmp;
    check(*b, v);
    out_ = saved;
    std::size_t score = tmp.size();
    for (const SchemaViolation& sv : tmp) {
      if (sv.path.size() == path_.size() && sv.message.rfind("expected ", 0) == 0) score += 1000;
    }
    if (!tmp.empty() && score < best_score) {
      best_score = score;
      best = std::move(tmp);
    }
  }
  if (best.empty()) {
    report("does not match any of the " + std::to_string(branches.size()) + " allowed forms");
    return;
  }
  for (SchemaViolation& sv : best) out_->push_back(std::move(sv));
}

}  // namespace

bool validate_node(const Node& root, const json& value, std::vector<SchemaViolation>* out) {
  Walker w(out);
  return w.check(root, value);
}

}  // namespace bg::check::schema_internal
