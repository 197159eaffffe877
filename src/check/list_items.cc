#include "check/list_items.h"

#include <string_view>

namespace bg::check {

bool is_list(const yaml::Node& document) {
  const yaml::Node* kind = document.find("kind");
  if (kind == nullptr || kind->kind != yaml::NodeKind::kString) return false;
  std::string_view k = kind->text;
  constexpr std::string_view kSuffix = "List";
  if (k.size() < kSuffix.size() || k.substr(k.size() - kSuffix.size()) != kSuffix) return false;
  const yaml::Node* items = document.find("items");
  // `kind: List` is kubectl's own wrapper, empty when it has no items; a typed list must carry them.
  if (items == nullptr) return k == kSuffix;
  return items->is_seq() || items->kind == yaml::NodeKind::kNull;
}

}  // namespace bg::check
