// Block-style YAML emission. The quoting rules are deliberately conservative: quoting a string that
// did not need it costs two characters, while leaving one plain that a YAML 1.1 reader (kubectl,
// PyYAML, Go's yaml.v2) turns into a number or a boolean silently changes someone's configuration.
#include "manifest/yaml_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "yaml/node.h"

namespace bg::manifest {
namespace {

using nlohmann::json;

// libyaml refuses implicit keys longer than 1024 characters; longer keys use the explicit `? ` form.
constexpr std::size_t kMaxImplicitKey = 1000;

struct CodePoint {
  uint32_t value;
  std::size_t length;  // bytes consumed
  bool valid;
};

CodePoint decode(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1, true};
  std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  if (len == 0 || i + len > s.size()) return {0xFFFD, 1, false};
  uint32_t cp = c & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return {0xFFFD, 1, false};
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1, false};
  return {cp, len, true};
}

// Characters that cannot appear as themselves in a plain or block scalar: controls, the YAML 1.1
// line breaks (NEL, LS, PS) that libyaml folds, the byte-order mark and the non-characters.
bool needs_escape(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

bool has_unwritable(std::string_view s, bool allow_newline) {
  for (std::size_t i = 0; i < s.size();) {
    CodePoint cp = decode(s, i);
    if (!cp.valid || (needs_escape(cp.value) && !(allow_newline && cp.value == '\n'))) return true;
    i += cp.length;
  }
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Anything a YAML 1.1 reader might take for a number, a date, a boolean or null: a superset of the
// 1.1 int/float/timestamp grammars (0755, 1_000, 1:30, 0b101, 1.2.3, 2024-01-01) and its words.
bool yaml11_might_resolve(std::string_view s) {
  static const std::string_view kWords[] = {"y",    "n",     "yes", "no",  "true", "false", "on",
                                            "off",  "null",  "~",   "<<",  "=",    ".inf",  "-.inf",
                                            "+.inf", ".nan"};
  std::string l = lower(s);
  for (std::string_view w : kWords) {
    if (l == w) return true;
  }
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
    bool numeric = true;
    for (char c : s) {
      numeric = numeric && std::string_view("0123456789abcdefABCDEFxXoO_.:+-").find(c) != std::string_view::npos;
    }
    if (numeric) return true;
  }
  bool date = s.size() >= 5 && s[4] == '-';
  for (std::size_t k = 0; date && k < 4; ++k) date = s[k] >= '0' && s[k] <= '9';
  return date;
}

bool needs_quotes(std::string_view s) {
  if (s.empty()) return true;
  if (yaml::plain_scalar(s).kind != yaml::NodeKind::kString) return true;  // our own reader
  if (yaml11_might_resolve(s)) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return true;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return true;
  if (s.substr(0, 3) == "...") return true;  // a document end marker at the start of a line
  return has_unwritable(s, false);
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    CodePoint cp = decode(s, i);
    char buf[16];
    if (!cp.valid) {
      out += "\\uFFFD";
    } else if (cp.value == '"' || cp.value == '\\') {
      out += '\\';
      out += static_cast<char>(cp.value);
    } else if (cp.value == '\n') {
      out += "\\n";
    } else if (cp.value == '\t') {
      out += "\\t";
    } else if (cp.value == '\r') {
      out += "\\r";
    } else if (cp.value <= 0xFF && needs_escape(cp.value)) {
      std::snprintf(buf, sizeof buf, "\\x%02X", cp.value);
      out += buf;
    } else if (needs_escape(cp.value)) {
      std::snprintf(buf, sizeof buf, "\\u%04X", cp.value);
      out += buf;
    } else {
      out.append(s.substr(i, cp.length));
    }
    i += cp.length;
  }
  return out + "\"";
}

// A `|` block keeps multi-line text readable; it is used only where it reads back exactly: no
// trailing spaces on lines (invisible and easily lost), no tabs or other escapes, and a first line
// that does not start with a space (which would confuse indentation detection).
bool fits_block_literal(std::string_view s) {
  if (s.find('\n') == std::string_view::npos || s.find('\t') != std::string_view::npos) return false;
  if (has_unwritable(s, true)) return false;
  if (s.find(" \n") != std::string_view::npos || s.back() == ' ') return false;
  std::size_t first = s.find_first_not_of('\n');
  return first != std::string_view::npos && s[first] != ' ';
}

void block_literal(std::string_view s, int indent, std::string& out) {
  std::size_t body_end = s.find_last_not_of('\n') + 1;
  std::size_t trailing = s.size() - body_end;
  out += trailing == 0 ? "|-\n" : trailing == 1 ? "|\n" : "|+\n";
  std::string_view body = s.substr(0, body_end);
  for (std::size_t start = 0;;) {
    std::size_t nl = body.find('\n', start);
    std::string_view line = body.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (!line.empty()) out.append(static_cast<std::size_t>(indent), ' ').append(line);
    out += '\n';
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (trailing > 1) out.append(trailing - 1, '\n');
}

std::string float_text(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d < 0 ? "-.inf" : ".inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, res.ptr);
  // Always a '.' in the mantissa, so that YAML 1.1 readers (which require it) see a float too, and
  // a whole number like 3.0 does not read back as an integer.
  std::size_t e = s.find_first_of("eE");
  std::string_view mantissa = std::string_view(s).substr(0, e);
  if (mantissa.find('.') == std::string_view::npos) s.insert(e == std::string::npos ? s.size() : e, ".0");
  return s;
}

std::string string_text(std::string_view s) { return needs_quotes(s) ? double_quoted(s) : std::string(s); }

// A scalar (or empty collection) and its line break; multi-line strings continue at `indent`.
void scalar(const json& v, int indent, std::string& out) {
  switch (v.type()) {
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (fits_block_literal(s)) return block_literal(s, indent, out);
      out += string_text(s);
      break;
    }
    case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
    case json::value_t::number_integer: out += std::to_string(v.get<int64_t>()); break;
    case json::value_t::number_unsigned: out += std::to_string(v.get<uint64_t>()); break;
    case json::value_t::number_float: out += float_text(v.get<double>()); break;
    case json::value_t::object: out += "{}"; break;
    case json::value_t::array: out += "[]"; break;
    default: out += "null"; break;  // null, and binary/discarded values, which JSON cannot show either
  }
  out += '\n';
}

bool is_block(const json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void mapping(const json& m, int indent, bool first_inline, std::string& out);
void sequence(const json& s, int indent, bool first_inline, std::string& out);

// The value after "key:"; nested mappings indent by two, nested lists do not (kubectl's style).
void after_key(const json& v, int indent, std::string& out) {
  if (v.is_object() && !v.empty()) {
    out += '\n';
    mapping(v, indent + 2, false, out);
  } else if (v.is_array() && !v.empty()) {
    out += '\n';
    sequence(v, indent, false, out);
  } else {
    out += ' ';
    scalar(v, indent + 2, out);
  }
}

void mapping(const json& m, int indent, bool first_inline, std::string& out) {
  bool first = true;
  for (const auto& [key, value] : m.items()) {
    if (!first || !first_inline) out.append(static_cast<std::size_t>(indent), ' ');
    first = false;
    std::string k = string_text(key);
    if (k.size() > kMaxImplicitKey) {
      out += "? " + k + "\n";
      out.append(static_cast<std::size_t>(indent), ' ');
    } else {
      out += k;
    }
    out += ':';
    after_key(value, indent, out);
  }
}

void sequence(const json& s, int indent, bool first_inline, std::string& out) {
  bool first = true;
  for (const json& item : s) {
    if (!first || !first_inline) out.append(static_cast<std::size_t>(indent), ' ');
    first = false;
    out += "- ";
    if (item.is_object() && is_block(item)) {
      mapping(item, indent + 2, true, out);
    } else if (is_block(item)) {
      sequence(item, indent + 2, true, out);
    } else {
      scalar(item, indent + 2, out);
    }
  }
}

}  // namespace

std::string to_yaml(const nlohmann::json& value) {
  std::string out;
  if (value.is_object() && !value.empty()) {
    mapping(value, 0, false, out);
  } else if (value.is_array() && !value.empty()) {
    sequence(value, 0, false, out);
  } else {
    scalar(value, 2, out);
  }
  return out;
}

std::string to_yaml_stream(const std::vector<nlohmann::json>& documents) {
  std::string out;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    if (i > 0) out += "---\n";
    out += to_yaml(documents[i]);
  }
  return out;
}

}  // namespace bg::manifest
