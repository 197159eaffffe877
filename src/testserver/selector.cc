#include "testserver/selector.h"

#include <algorithm>

namespace bg::testserver {
namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Splits on commas that are not inside parentheses ("a in (x,y),b" is two requirements).
std::vector<std::string> split_top(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(trim(cur));
  return out;
}

// A field's value as a string, by dotted path; nullopt when absent.
std::optional<std::string> field_value(const nlohmann::json& obj, const std::string& path) {
  const nlohmann::json* cur = &obj;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object() || !cur->contains(part)) return std::nullopt;
    cur = &(*cur)[part];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_null()) return std::nullopt;
  return cur->dump();
}

}  // namespace

bool Selector::matches(const nlohmann::json& object) const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json& meta = object.contains("metadata") ? object["metadata"] : kEmpty;
  const nlohmann::json& labels = meta.contains("labels") ? meta["labels"] : kEmpty;
  for (const Requirement& r : requirements) {
    std::optional<std::string> v;
    if (is_field) {
      v = field_value(object, r.key);
      // Unset namespace on cluster-scoped objects compares as "".
      if (!v && r.key == "metadata.namespace") v = "";
    } else if (labels.is_object() && labels.contains(r.key) && labels[r.key].is_string()) {
      v = labels[r.key].get<std::string>();
    }
    auto in = [&] { return v && std::find(r.values.begin(), r.values.end(), *v) != r.values.end(); };
    switch (r.op) {
      case Requirement::Op::kEquals:
      case Requirement::Op::kIn:
        if (!in()) return false;
        break;
      case Requirement::Op::kNotEquals:
      case Requirement::Op::kNotIn:
        if (in()) return false;
        break;
      case Requirement::Op::kExists:
        if (!v) return false;
        break;
      case Requirement::Op::kNotExists:
        if (v) return false;
        break;
    }
  }
  return true;
}

namespace {

// "k!=v", "k==v" or "k=v", which label and field selectors share; false for anything else.
bool equality(const std::string& part, Requirement& r) {
  std::size_t pos;
  if ((pos = part.find("!=")) != std::string::npos) {
    r.op = Requirement::Op::kNotEquals;
    r.key = trim(part.substr(0, pos));
    r.values = {trim(part.substr(pos + 2))};
  } else if ((pos = part.find("==")) != std::string::npos) {
    r.key = trim(part.substr(0, pos));
    r.values = {trim(part.substr(pos + 2))};
  } else if ((pos = part.find('=')) != std::string::npos) {
    r.key = trim(part.substr(0, pos));
    r.values = {trim(part.substr(pos + 1))};
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::optional<Selector> parse_label_selector(const std::string& text, std::string& error) {
  Selector s;
  if (trim(text).empty()) return s;
  for (const std::string& part : split_top(text)) {
    Requirement r;
    if (part.empty()) {
      error = "unable to parse requirement: empty requirement in \"" + text + "\"";
      return std::nullopt;
    }
    if (part[0] == '!') {
      r.key = trim(part.substr(1));
      r.op = Requirement::Op::kNotExists;
    } else if (equality(part, r)) {  // filled in: k!=v, k==v or k=v
    } else if (auto open = part.find('('); open != std::string::npos) {
      auto close = part.find(')', open);
      std::string head = trim(part.substr(0, open));
      auto space = head.find_last_of(" \t");
      if (close == std::string::npos || space == std::string::npos) {
        error = "unable to parse requirement: \"" + part + "\"";
        return std::nullopt;
      }
      std::string op = trim(head.substr(space + 1));
      r.key = trim(head.substr(0, space));
      if (op == "in") {
        r.op = Requirement::Op::kIn;
      } else if (op == "notin") {
        r.op = Requirement::Op::kNotIn;
      } else {
        error = "unable to parse requirement: unknown operator \"" + op + "\"";
        return std::nullopt;
      }
      for (const std::string& v : split_top(part.substr(open + 1, close - open - 1))) r.values.push_back(v);
    } else {
      r.key = part;
      r.op = Requirement::Op::kExists;
    }
    if (r.key.empty() || r.key.find(' ') != std::string::npos) {
      error = "unable to parse requirement: invalid label key \"" + r.key + "\"";
      return std::nullopt;
    }
    s.requirements.push_back(std::move(r));
  }
  return s;
}

std::optional<Selector> parse_field_selector(const std::string& text, std::string& error) {
  Selector s;
  s.is_field = true;
  if (trim(text).empty()) return s;
  for (const std::string& part : split_top(text)) {
    Requirement r;
    if (!equality(part, r)) {
      error = "invalid selector: '" + text + "'; can't understand '" + part + "'";
      return std::nullopt;
    }
    s.requirements.push_back(std::move(r));
  }
  return s;
}

}  // namespace bg::testserver
