// kubectl's List kinds, opened up into the objects they carry.
//
// `kubectl get -o yaml|json` writes `kind: List`; upstream manifest sets ship typed lists such as
// `ConfigMapList` or `RoleBindingList` (apiVersion of their items' group). kubectl applies each of
// their `items`, and so does check: the items, not the wrapper, are what the API server stores, so
// they are what is validated and linted. Lists may hold lists; every item keeps its own marks, so
// findings inside an item point at its lines in the file.
//
// A document is a List when its kind is `List`, or ends in `List` and it has an `items` key that
// is a sequence or null: a custom kind that merely ends in "List" (an `AllowList` with a spec) stays
// an object. The recursion is bounded by the loader's nesting limit (yaml::LoadLimits::max_depth).
#pragma once

#include "yaml/node.h"

namespace bg::check {

bool is_list(const yaml::Node& document);

// Calls `each(object)` for `document` itself, or for every item of it when it is a List (items
// that are Lists in turn are opened too).
template <typename F>
void each_object(const yaml::Node& document, F&& each) {
  if (!is_list(document)) {
    each(document);
    return;
  }
  const yaml::Node* items = document.find("items");
  if (items == nullptr || !items->is_seq()) return;  // null or absent: an empty list
  for (const yaml::Node& item : items->items) each_object(item, each);
}

}  // namespace bg::check
