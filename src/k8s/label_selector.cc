#include "k8s/label_selector.h"

#include <algorithm>
#include <optional>

#include "k8s/json_view.h"

namespace bg::k8s {
namespace {

using Json = nlohmann::json;
using Op = Requirement::Op;

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// A label name or value: at most 63 characters, a letter or digit at each end, '-', '_' or '.'
// between. Values may also be empty.
bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 63 || !alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// A DNS subdomain, the optional prefix of a key ("app.kubernetes.io").
bool valid_prefix(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  auto lower = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower(s.front()) || !lower(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return lower(c) || c == '-' || c == '.'; });
}

std::optional<std::string> key_problem(std::string_view key) {
  std::size_t slash = key.find('/');
  std::string_view name = slash == std::string_view::npos ? key : key.substr(slash + 1);
  if (slash != std::string_view::npos && !valid_prefix(key.substr(0, slash)))
    return "invalid label key \"" + std::string(key) +
           "\": the prefix before \"/\" must be a DNS subdomain such as \"app.kubernetes.io\"";
  if (!valid_name(name))
    return "invalid label key \"" + std::string(key) +
           "\": a name must be 1 to 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit";
  return std::nullopt;
}

std::optional<std::string> value_problem(std::string_view value) {
  if (value.empty() || valid_name(value)) return std::nullopt;
  return "invalid label value \"" + std::string(value) +
         "\": a value must be at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit";
}

std::optional<std::string> requirement_problem(const Requirement& r) {
  if (auto p = key_problem(r.key)) return p;
  for (const std::string& v : r.values)
    if (auto p = value_problem(v)) return p;
  bool listed = r.op == Op::kIn || r.op == Op::kNotIn;
  if (listed && r.values.empty()) return "\"" + r.key + "\": in and notin need at least one value";
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Splits on commas outside parentheses ("a in (x,y),b" is two requirements); nullopt when the
// parentheses do not pair up.
std::optional<std::vector<std::string_view>> split_top(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(' && ++depth > 1) return std::nullopt;
    if (text[i] == ')' && --depth < 0) return std::nullopt;
    if (text[i] == ',' && depth == 0) {
      out.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (depth != 0) return std::nullopt;
  out.push_back(trim(text.substr(start)));
  return out;
}

// One requirement of the query form, or the reason it cannot be read.
Result<Requirement> parse_requirement(std::string_view part) {
  Requirement r;
  std::size_t pos;
  if (part.empty()) return Status::terminal("empty requirement");
  if (part.front() == '!') {
    r.key = trim(part.substr(1));
    r.op = Op::kDoesNotExist;
  } else if ((pos = part.find("!=")) != std::string_view::npos) {
    r = {std::string(trim(part.substr(0, pos))), Op::kNotEquals, {std::string(trim(part.substr(pos + 2)))}};
  } else if ((pos = part.find("==")) != std::string_view::npos) {
    r = {std::string(trim(part.substr(0, pos))), Op::kEquals, {std::string(trim(part.substr(pos + 2)))}};
  } else if ((pos = part.find('=')) != std::string_view::npos) {
    r = {std::string(trim(part.substr(0, pos))), Op::kEquals, {std::string(trim(part.substr(pos + 1)))}};
  } else if ((pos = part.find('(')) != std::string_view::npos) {
    if (part.back() != ')') return Status::terminal("\"" + std::string(part) + "\": text after \")\"");
    std::string_view head = trim(part.substr(0, pos));
    std::size_t space = head.find_last_of(" \t");
    std::string_view op = space == std::string_view::npos ? head : head.substr(space + 1);
    if (op != "in" && op != "notin")
      return Status::terminal("\"" + std::string(part) + "\": the operator before \"(\" must be in or notin");
    r.key = trim(head.substr(0, space == std::string_view::npos ? 0 : space));
    r.op = op == "in" ? Op::kIn : Op::kNotIn;
    std::string_view inside = part.substr(pos + 1, part.size() - pos - 2);
    if (!trim(inside).empty()) {
      std::size_t start = 0;
      for (std::size_t comma; (comma = inside.find(',', start)) != std::string_view::npos; start = comma + 1)
        r.values.emplace_back(trim(inside.substr(start, comma - start)));
      r.values.emplace_back(trim(inside.substr(start)));
    }
  } else {
    r.key = part;
    r.op = Op::kExists;
  }
  if (auto p = requirement_problem(r)) return Status::terminal(*p);
  return r;
}

// The object form, read as far as it can be; every problem is added to `errors`.
LabelSelector read_object(const Json& object, std::vector<std::string>& errors) {
  LabelSelector s;
  JsonView selector(object);
  if (selector.absent()) return s;
  if (!selector.is_object()) {
    errors.push_back("a label selector must be an object with matchLabels and matchExpressions");
    return s;
  }
  if (JsonView ml = selector["matchLabels"]; !ml.absent()) {
    if (!ml.is_object()) errors.push_back("matchLabels must be a map of strings");
    for (const auto& [k, v] : labels_of(*ml.json())) s.requirements.push_back({k, Op::kEquals, {v}});
    for (auto [k, v] : ml.members())
      if (!v.is_string()) errors.push_back("matchLabels." + std::string(k) + " must be a string");
  }
  JsonView me = selector["matchExpressions"];
  if (me.absent()) return s;
  if (!me.is_array()) {
    errors.push_back("matchExpressions must be a list");
    return s;
  }
  std::vector<JsonView> expressions = me.items();
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    JsonView e = expressions[i];
    std::string at = "matchExpressions[" + std::to_string(i) + "]";
    if (!e.is_object()) {
      errors.push_back(at + " must be an object with key, operator and values");
      continue;
    }
    Requirement r;
    if (e["key"].is_string()) r.key = e["key"].str();
    else errors.push_back(at + ".key must be a string");
    std::string op_text = e["operator"].str();
    bool known = true;
    if (op_text == "In") r.op = Op::kIn;
    else if (op_text == "NotIn") r.op = Op::kNotIn;
    else if (op_text == "Exists") r.op = Op::kExists;
    else if (op_text == "DoesNotExist") r.op = Op::kDoesNotExist;
    else known = false;
    if (JsonView values = e["values"]; !values.absent()) {
      if (!values.is_array()) errors.push_back(at + ".values must be a list of strings");
      else
        for (JsonView v : values.items())
          if (v.is_string()) r.values.push_back(v.str());
          else errors.push_back(at + ".values must be a list of strings");
    }
    if (!known) {
      errors.push_back(at + ".operator \"" + op_text + "\" is not In, NotIn, Exists or DoesNotExist");
      r.op = Op::kIn;  // with no values: matches nothing
      r.values.clear();
    } else if ((r.op == Op::kExists || r.op == Op::kDoesNotExist) && !r.values.empty()) {
      errors.push_back(at + ": " + op_text + " takes no values");
      r.values.clear();
    } else if (auto p = requirement_problem(r)) {
      errors.push_back(at + ": " + *p);
    }
    s.requirements.push_back(std::move(r));
  }
  return s;
}

}  // namespace

Labels labels_of(const Json& map) {
  Labels out;
  for (auto [k, v] : JsonView(map).members())
    if (v.is_string()) out.emplace_back(k, v.str());
  std::sort(out.begin(), out.end());
  return out;
}

Labels object_labels(const Json& object) {
  const Json* labels = JsonView(object)["metadata"]["labels"].json();
  return labels ? labels_of(*labels) : Labels();
}

const std::string* label_value(const Labels& labels, std::string_view key) {
  auto it = std::lower_bound(labels.begin(), labels.end(), key,
                             [](const auto& p, std::string_view k) { return p.first < k; });
  return it != labels.end() && it->first == key ? &it->second : nullptr;
}

bool Requirement::matches(const Labels& labels) const {
  const std::string* have = label_value(labels, key);
  bool listed = have != nullptr && std::find(values.begin(), values.end(), *have) != values.end();
  switch (op) {
    case Op::kEquals:
    case Op::kIn:
      return listed;
    case Op::kNotEquals:
    case Op::kNotIn:
      return !listed;
    case Op::kExists:
      return have != nullptr;
    case Op::kDoesNotExist:
      return have == nullptr;
  }
  return false;
}

std::string Requirement::str() const {
  auto list = [&] {
    std::string out = "(";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
    return out + ")";
  };
  std::string first = values.empty() ? "" : values.front();
  switch (op) {
    case Op::kEquals:
      return key + "=" + first;
    case Op::kNotEquals:
      return key + "!=" + first;
    case Op::kIn:
      return key + " in " + list();
    case Op::kNotIn:
      return key + " notin " + list();
    case Op::kExists:
      return key;
    case Op::kDoesNotExist:
      return "!" + key;
  }
  return key;
}

bool LabelSelector::matches(const Labels& labels) const {
  return std::all_of(requirements.begin(), requirements.end(), [&](const Requirement& r) { return r.matches(labels); });
}

std::string LabelSelector::str() const {
  std::string out;
  for (const Requirement& r : requirements) out += (out.empty() ? "" : ",") + r.str();
  return out;
}

Result<LabelSelector> LabelSelector::parse(std::string_view text) {
  LabelSelector s;
  auto fail = [&](const std::string& why) {
    return Status::terminal("unable to parse label selector \"" + std::string(text) + "\": " + why);
  };
  if (trim(text).empty()) return s;
  auto parts = split_top(text);
  if (!parts) return fail("parentheses do not pair up");
  for (std::string_view part : *parts) {
    auto r = parse_requirement(part);
    if (!r) return fail(r.status().message());
    s.requirements.push_back(std::move(*r));
  }
  return s;
}

Result<LabelSelector> LabelSelector::from_object(const Json& selector) {
  std::vector<std::string> errors;
  LabelSelector s = read_object(selector, errors);
  if (errors.empty()) return s;
  std::string message = "invalid label selector: " + errors.front();
  for (std::size_t i = 1; i < errors.size(); ++i) message += "; " + errors[i];
  return Status::terminal(message);
}

LabelSelector LabelSelector::from_object_lenient(const Json& selector) {
  std::vector<std::string> ignored;
  return read_object(selector, ignored);
}

LabelSelector LabelSelector::from_map(const Json& map) { return from_labels(labels_of(map)); }

LabelSelector LabelSelector::from_labels(const Labels& labels) {
  LabelSelector s;
  for (const auto& [k, v] : labels) s.requirements.push_back({k, Op::kEquals, {v}});
  return s;
}

}  // namespace bg::k8s
