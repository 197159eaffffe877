// The Node tree: lookups, JSON conversion, path location and plain-scalar resolution.
#include "yaml/node.h"

#include <locale.h>
#include <stdlib.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <limits>

namespace bg::yaml {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

template <typename Pred>
bool all_of(std::string_view s, Pred pred) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

std::string_view strip_sign(std::string_view s) {
  return !s.empty() && (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
}

// The core schema's float grammar: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_decimal_float(std::string_view s) {
  s = strip_sign(s);
  std::size_t i = 0, n = s.size();
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < n && is_digit(s[i])) ++i, ++int_digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

// strtod in the "C" locale whatever the process locale is, so that "1.5" never depends on the
// user's LC_NUMERIC. Overflow gives +-inf and underflow 0, which is what YAML means by them.
double parse_c_double(std::string_view s) {
  static locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t(0));
  std::string copy(s);
  if (c_locale == locale_t(0)) return std::strtod(copy.c_str(), nullptr);
  return strtod_l(copy.c_str(), nullptr, c_locale);
}

bool parse_int(std::string_view digits, int base, bool negative, int64_t& out) {
  // from_chars rejects a leading '+', and '-' only makes sense for base 10, so the sign is handled
  // here; parsing the magnitude as unsigned lets INT64_MIN through.
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return false;
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > kMax + 1) return false;
    out = magnitude == kMax + 1 ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(magnitude);
  } else {
    if (magnitude > kMax) return false;
    out = static_cast<int64_t>(magnitude);
  }
  return true;
}

}  // namespace

std::string_view kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::kNull: return "null";
    case NodeKind::kBool: return "boolean";
    case NodeKind::kInt: return "integer";
    case NodeKind::kFloat: return "number";
    case NodeKind::kString: return "string";
    case NodeKind::kSequence: return "list";
    case NodeKind::kMapping: return "mapping";
  }
  return "unknown";
}

std::string a_kind_name(NodeKind k) {
  return (k == NodeKind::kInt ? "an " : "a ") + std::string(kind_name(k));
}

const Node* Node::find(std::string_view key) const {
  if (kind != NodeKind::kMapping) return nullptr;
  for (const auto& [k, v] : entries) {
    if (k.text == key) return &v;
  }
  return nullptr;
}

const Node* Node::find_key(std::string_view key) const {
  if (kind != NodeKind::kMapping) return nullptr;
  for (const auto& [k, v] : entries) {
    if (k.text == key) return &k;
  }
  return nullptr;
}

nlohmann::json to_json(const Node& node) {
  // Recursion depth is bounded by the loader's max_depth, which also covers expanded aliases.
  switch (node.kind) {
    case NodeKind::kNull: return nullptr;
    case NodeKind::kBool: return node.bool_value;
    case NodeKind::kInt: return node.int_value;
    case NodeKind::kFloat: return node.float_value;
    case NodeKind::kString: return node.text;
    case NodeKind::kSequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const Node& item : node.items) out.push_back(to_json(item));
      return out;
    }
    case NodeKind::kMapping: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [k, v] : node.entries) out[k.text] = to_json(v);
      return out;
    }
  }
  return nullptr;
}

Mark locate(const Node& root, const std::vector<std::string>& path, bool prefer_key) {
  const Node* at = &root;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& step = path[i];
    const Node* next = nullptr;
    if (at->is_map()) {
      bool last = i + 1 == path.size();
      if (last && prefer_key) {
        if (const Node* key = at->find_key(step)) return key->mark;
      }
      next = at->find(step);
    } else if (at->is_seq() && all_of(step, is_digit) && step.size() < 10) {
      std::size_t index = std::stoul(step);
      if (index < at->items.size()) next = &at->items[index];
    }
    if (next == nullptr) break;
    at = next;
  }
  return at->mark;
}

Node plain_scalar(std::string_view text) {
  Node n;
  resolve_plain_scalar(text, n);
  return n;
}

void resolve_plain_scalar(std::string_view text, Node& n) {
  n.kind = NodeKind::kString;
  n.text.assign(text.data(), text.size());
  // Only text that starts with a digit, a sign, '.', '~' or n, t, f (any case) can be other than
  // a string; everything else — names, images, paths — is decided here.
  if (!text.empty()) {
    char c = text[0];
    bool maybe = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == '~' || c == 'n' || c == 'N' ||
                 c == 't' || c == 'T' || c == 'f' || c == 'F';
    if (!maybe) return;
  }
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    n.kind = NodeKind::kNull;
    return;
  }
  if (text == "true" || text == "True" || text == "TRUE") {
    n.kind = NodeKind::kBool;
    n.bool_value = true;
    return;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    n.kind = NodeKind::kBool;
    return;
  }
  // Only the core schema's forms: 0o17 and 0x1f, never YAML 1.1's 017 octal or 1_000.
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'x')) {
    std::string_view digits = text.substr(2);
    int base = text[1] == 'o' ? 8 : 16;
    bool ok = base == 8 ? all_of(digits, is_octal) : all_of(digits, is_hex);
    if (ok && parse_int(digits, base, false, n.int_value)) n.kind = NodeKind::kInt;
    return;  // a well-formed but too large 0x/0o number stays a string
  }
  std::string_view magnitude = strip_sign(text);
  if (all_of(magnitude, is_digit)) {
    if (parse_int(magnitude, 10, text[0] == '-', n.int_value)) {
      n.kind = NodeKind::kInt;
    } else {  // beyond int64: still a number, so keep it as the nearest double
      n.kind = NodeKind::kFloat;
      n.float_value = parse_c_double(text);
    }
    return;
  }
  if (magnitude == ".inf" || magnitude == ".Inf" || magnitude == ".INF") {
    n.kind = NodeKind::kFloat;
    n.float_value = text[0] == '-' ? -std::numeric_limits<double>::infinity()
                                   : std::numeric_limits<double>::infinity();
    return;
  }
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    n.kind = NodeKind::kFloat;
    n.float_value = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  if (is_decimal_float(text)) {
    n.kind = NodeKind::kFloat;
    n.float_value = parse_c_double(text);
  }
}

}  // namespace bg::yaml
