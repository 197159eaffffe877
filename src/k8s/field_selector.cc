#include "k8s/field_selector.h"

#include <optional>

#include "k8s/json_view.h"

namespace bg::k8s {
namespace {

using Json = nlohmann::json;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value at a dotted path as text; nullopt when absent or null.
std::optional<std::string> value_at(const Json& object, std::string_view path) {
  JsonView at(object);
  for (std::size_t start = 0;;) {
    std::size_t dot = path.find('.', start);
    at = at[path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start)];
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (at.absent()) return std::nullopt;
  return at.is_string() ? at.str() : at.json()->dump();
}

}  // namespace

bool FieldSelector::matches(const Json& object) const {
  for (const Term& t : terms) {
    std::optional<std::string> v = value_at(object, t.path);
    if (!v && t.path == "metadata.namespace") v = "";  // cluster-scoped objects
    bool equal = v && *v == t.value;
    if (equal == t.negated) return false;
  }
  return true;
}

std::string FieldSelector::str() const {
  std::string out;
  for (const Term& t : terms) out += (out.empty() ? "" : ",") + t.path + (t.negated ? "!=" : "=") + t.value;
  return out;
}

Result<FieldSelector> FieldSelector::parse(std::string_view text) {
  FieldSelector s;
  if (trimmed(text).empty()) return s;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = trimmed(text.substr(start, comma - start));
    start = comma + 1;
    auto unreadable = [&] {
      std::string why = "can't understand '" + std::string(part) + "'";
      return Status::terminal("invalid selector: '" + std::string(text) + "'; " + why);
    };
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) return unreadable();
    Term t;
    t.negated = part[eq - 1] == '!';
    std::size_t value_from = eq + 1 + (!t.negated && eq + 1 < part.size() && part[eq + 1] == '=' ? 1 : 0);
    t.path = trimmed(part.substr(0, t.negated ? eq - 1 : eq));
    t.value = trimmed(part.substr(value_from));
    if (t.path.empty()) return unreadable();
    s.terms.push_back(std::move(t));
  }
  return s;
}

}  // namespace bg::k8s
