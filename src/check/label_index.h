// LabelIndex: which objects of one kind (pod templates, Services) a selector picks, without comparing
// every selector with every object.
//
// Set rules ask "does this Service select any pod template in its namespace?" for every Service.
// Comparing each selector with each template is quadratic, and a large cluster dump has tens of
// thousands of both. The index maps namespace + one label pair to the objects carrying it, so a
// selector only looks at the objects that have its first required pair (matchLabels, or `k=v`); a
// selector made only of other expressions looks at its namespace's objects.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "check/selector.h"

namespace bg::check {

class LabelIndex {
 public:
  // Adds object `id` (an index into the caller's vector) in namespace `ns` with `labels`.
  void add(std::uint32_t id, const std::string& ns, const Labels& labels);
  // The objects in `ns` that `selector` matches, given `labels_of(id)`.
  template <typename LabelsOf>
  std::vector<std::uint32_t> matches(const std::string& ns, const Selector& selector, LabelsOf labels_of) const {
    std::vector<std::uint32_t> out;
    const std::vector<std::uint32_t>* candidates = nullptr;
    auto equal = std::find_if(selector.requirements.begin(), selector.requirements.end(),
                              [](const k8s::Requirement& r) { return r.op == k8s::Requirement::Op::kEquals; });
    if (equal != selector.requirements.end()) {
      auto it = by_pair_.find(pair_key(ns, equal->key, equal->values.front()));
      if (it == by_pair_.end()) return out;
      candidates = &it->second;
    } else {
      auto it = by_ns_.find(ns);
      if (it == by_ns_.end()) return out;
      candidates = &it->second;
    }
    for (std::uint32_t id : *candidates)
      if (selector.matches(labels_of(id))) out.push_back(id);
    return out;
  }
  bool any_in(const std::string& ns) const { return by_ns_.count(ns) != 0; }

 private:
  static std::string pair_key(std::string_view ns, std::string_view k, std::string_view v);
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_pair_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_ns_;
};

}  // namespace bg::check
