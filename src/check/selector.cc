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

// Every string entry of a mapping required equal, sorted by key: Selector::from_labels(labels_of(map))
// without the copy in between (selectors are read for every Service, policy and monitor).
Selector equal_to_each(const Value* map) {
  Selector s;
  const auto& es = entries(map);
  s.requirements.reserve(es.size());
  for (const auto& [k, v] : es)
    if (v.kind == yaml::NodeKind::kString) s.requirements.push_back({k.text, k8s::Requirement::Op::kEquals, {v.text}});
  std::sort(s.requirements.begin(), s.requirements.end(),
            [](const k8s::Requirement& a, const k8s::Requirement& b) { return a.key < b.key; });
  return s;
}

}  // namespace

Selector label_selector(const Value* selector) {
  // Most selectors are matchLabels alone: read straight from the Node, as the object form reads
  // them (a matchLabels that is no mapping selects everything, non-string values are skipped).
  // Expressions go through the one reader of the object form, as JSON.
  const Value* expressions = field(selector, "matchExpressions");
  if (expressions == nullptr || expressions->kind == yaml::NodeKind::kNull)
    return equal_to_each(field(selector, "matchLabels"));
  return Selector::from_object_lenient(yaml::to_json(*selector));
}

Selector map_selector(const Value* selector) { return equal_to_each(selector); }

}  // namespace bg::check
