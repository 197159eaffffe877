#include "check/label_index.h"

namespace bg::check {

std::string LabelIndex::pair_key(std::string_view ns, std::string_view k, std::string_view v) {
  std::string out;
  out.reserve(ns.size() + k.size() + v.size() + 2);
  out.append(ns).append(1, '\0').append(k).append(1, '\0').append(v);
  return out;
}

void LabelIndex::add(std::uint32_t id, const std::string& ns, const Labels& labels) {
  by_ns_[ns].push_back(id);
  for (const auto& [k, v] : labels) by_pair_[pair_key(ns, k, v)].push_back(id);
}

}  // namespace bg::check
