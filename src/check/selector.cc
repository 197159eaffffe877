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

Selector label_selector(const Value* selector) {
  // Most selectors are matchLabels alone: read straight from the Node, as the object form reads
  // them (a matchLabels that is no mapping selects everything, non-string values are skipped).
  // Expressions go through the one reader of the object form, as JSON.
  const Value* expressions = field(selector, "matchExpressions");
  if (expressions == nullptr || expressions->kind == yaml::NodeKind::kNull)
    return Selector::from_labels(labels_of(field(selector, "matchLabels")));
  return Selector::from_object_lenient(yaml::to_json(*selector));
}

Selector map_selector(const Value* selector) { return Selector::from_labels(labels_of(selector)); }

}  // namespace bg::check
