// Text for violations: type names, value rendering, "did you mean" (see schema_graph.h).
#include <algorithm>
#include <cctype>
#include <cmath>

#include "check/schema_graph.h"

namespace bg::check::schema_internal {

using nlohmann::json;

const char* value_type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "unknown";
  }
}

namespace {

std::string join_alternatives(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? " or " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

std::string expected_types(uint8_t types) {
  std::vector<std::string> words;
  if (types & kObject) words.push_back("object");
  if (types & kArray) words.push_back("array");
  if ((types & kInteger) && !(types & kNumber)) words.push_back("integer");
  if (types & kNumber) words.push_back("number");
  if (types & kString) words.push_back("string");
  if (types & kBoolean) words.push_back("boolean");
  if (words.empty()) words.push_back(types & kNull ? "null" : "nothing");
  return join_alternatives(words);
}

// A value as shown in a message: JSON text, cut short when long.
std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  // Cut in place: gcc 12 reports a false array-bounds overrun on `substr(…) + "..."` (fatal with -Werror).
  if (s.size() > 80) s.resize(77), s += "...";
  return s;
}

std::string show_number(double d) {
  if (std::trunc(d) == d && std::fabs(d) < 1e18) return std::to_string(static_cast<int64_t>(d));
  return json(d).dump();
}

std::string enum_list(const Node& n) {
  std::string out;
  for (std::size_t i = 0; i < n.enum_display.size(); ++i) {
    if (i > 0) out += ", ";
    const json& e = n.enum_display[i];
    if (e.is_string() && !e.get_ref<const std::string&>().empty()) {
      out += e.get_ref<const std::string&>();
    } else {
      out += e.dump();
    }
  }
  return out;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool matches_pattern(const Node& n, const std::string& s) {
  constexpr std::size_t kMaxPatternInput = 4096;
  if (n.pattern == nullptr || n.pattern->re == nullptr || s.size() > kMaxPatternInput) return true;
  try {
    return std::regex_search(s, *n.pattern->re);
  } catch (const std::regex_error&) {
    return true;
  }
}

// Go's base64.StdEncoding, which the API server uses for []byte fields: padded, and line breaks
// are ignored.
bool is_base64(const std::string& s) {
  std::size_t n = 0, pad = 0;
  for (unsigned char c : s) {
    if (c == '\r' || c == '\n') continue;
    ++n;
    if (c == '=') {
      if (++pad > 2) return false;
      continue;
    }
    if (pad > 0) return false;  // data after padding
    if (!std::isalnum(c) && c != '+' && c != '/') return false;
  }
  return n % 4 == 0;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);  // transposition
      }
    }
    prev2.swap(prev);
    prev.swap(cur);
  }
  return prev[m];
}

std::string suggest_property(const Node& node, std::string_view word) {
  const std::size_t limit = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
  const std::string* best = nullptr;
  std::size_t best_d = limit + 1;
  for (const Property& p : node.props) {
    const std::size_t d = edit_distance(word, p.name);
    if (d < best_d || (d == best_d && best != nullptr && p.name < *best)) {
      best_d = d;
      best = &p.name;
    }
  }
  return best != nullptr && best_d <= limit ? *best : std::string();
}

}  // namespace bg::check::schema_internal
