// Labels and label selectors, as Kubernetes matches them, for the cross-object rules.
//
// A Selector is either the plain map a Service uses (every pair must be present) or a
// LabelSelector (matchLabels plus matchExpressions with In, NotIn, Exists, DoesNotExist). An empty
// LabelSelector selects everything; a Service with no selector selects nothing it can know of
// (its endpoints are managed by hand). Parsing never fails: an expression with an operator it does
// not know is kept and matches nothing, so a broken selector is the schema's finding, not a crash.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "check/value.h"

namespace bg::check {

// Sorted by key; values are the labels' string values.
using Labels = std::vector<std::pair<std::string, std::string>>;

Labels labels_of(const Value* map);  // a mapping of strings (others are skipped)

struct Selector {
  struct Expression {
    std::string key;
    std::string op;  // In, NotIn, Exists, DoesNotExist
    std::vector<std::string> values;
  };
  Labels match_labels;
  std::vector<Expression> expressions;

  bool empty() const { return match_labels.empty() && expressions.empty(); }
  bool matches(const Labels& labels) const;
  std::string str() const;  // "app=web,tier in (a,b)" for messages
};

// {matchLabels, matchExpressions}; null or absent gives the empty (select-all) selector.
Selector label_selector(const Value* selector);
// A Service's spec.selector: a plain map.
Selector map_selector(const Value* selector);

}  // namespace bg::check
