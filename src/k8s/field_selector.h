// Field selectors, as a list or watch query carries them: `metadata.name=x,status.phase!=Running`,
// or `involvedObject.name=web` for the events about one object.
//
// Each term compares the value at a dotted path of the object with a string: `=` and `==` want it
// equal, `!=` different (an absent field is different from every value). A value that is not a
// string compares by its JSON text (`spec.replicas=3`), and an absent metadata.namespace is ""
// (cluster-scoped objects), as the API server does it. A malformed selector is an error that
// names the term it cannot read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace bg::k8s {

struct FieldSelector {
  struct Term {
    std::string path;  // "metadata.name"
    bool negated = false;
    std::string value;
  };
  std::vector<Term> terms;  // all must hold; none selects everything

  bool matches(const nlohmann::json& object) const;
  std::string str() const;  // "metadata.name=x,status.phase!=Running"

  static Result<FieldSelector> parse(std::string_view text);
};

}  // namespace bg::k8s
