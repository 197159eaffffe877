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
  // Selectors are small: reading them as JSON keeps one reader of the object form.
  return Selector::from_object_lenient(selector == nullptr ? nlohmann::json() : yaml::to_json(*selector));
}

Selector map_selector(const Value* selector) { return Selector::from_labels(labels_of(selector)); }

}  // namespace bg::check
