#include "check/selector.h"

#include <algorithm>

namespace bg::check {

Labels labels_of(const Value* map) {
  Labels out;
  out.reserve(entries(map).size());
  for (const auto& [k, v] : entries(map))
    if (v.kind == yaml::NodeKind::kString) out.emplace_back(k.text, v.text);
  std::sort(out.begin(), out.end());  // keys are unique: the loader refuses duplicates
  return out;
}

namespace {
const std::string* find(const Labels& labels, const std::string& key) {
  auto it = std::lower_bound(labels.begin(), labels.end(), key,
                             [](const auto& p, const std::string& k) { return p.first < k; });
  return it != labels.end() && it->first == key ? &it->second : nullptr;
}
}  // namespace

bool Selector::matches(const Labels& labels) const {
  for (const auto& [k, v] : match_labels) {
    const std::string* have = find(labels, k);
    if (have == nullptr || *have != v) return false;
  }
  for (const Expression& e : expressions) {
    const std::string* have = find(labels, e.key);
    bool in = have != nullptr && std::find(e.values.begin(), e.values.end(), *have) != e.values.end();
    if (e.op == "In") {
      if (!in) return false;
    } else if (e.op == "NotIn") {
      if (in) return false;
    } else if (e.op == "Exists") {
      if (have == nullptr) return false;
    } else if (e.op == "DoesNotExist") {
      if (have != nullptr) return false;
    } else {
      return false;
    }
  }
  return true;
}

std::string Selector::str() const {
  std::string out;
  auto sep = [&] {
    if (!out.empty()) out += ",";
  };
  for (const auto& [k, v] : match_labels) {
    sep();
    out += k + "=" + v;
  }
  for (const Expression& e : expressions) {
    sep();
    if (e.op == "Exists") out += e.key;
    else if (e.op == "DoesNotExist") out += "!" + e.key;
    else {
      out += e.key + (e.op == "In" ? " in (" : e.op == "NotIn" ? " notin (" : " " + e.op + " (");
      for (std::size_t i = 0; i < e.values.size(); ++i) out += (i ? "," : "") + e.values[i];
      out += ")";
    }
  }
  return out;
}

Selector label_selector(const Value* selector) {
  Selector s;
  s.match_labels = labels_of(field(selector, "matchLabels"));
  for (const Value& e : items(field(selector, "matchExpressions"))) {
    if (!e.is_map()) continue;
    Selector::Expression x;
    x.key = std::string(str(field(e, "key")));
    x.op = std::string(str(field(e, "operator")));
    for (const Value& v : items(field(e, "values")))
      if (v.kind == yaml::NodeKind::kString) x.values.push_back(v.text);
    s.expressions.push_back(std::move(x));
  }
  return s;
}

Selector map_selector(const Value* selector) {
  Selector s;
  s.match_labels = labels_of(selector);
  return s;
}

}  // namespace bg::check
