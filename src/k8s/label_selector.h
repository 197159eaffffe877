// Labels and label selectors, as Kubernetes matches them.
//
// A selector arrives in one of three forms: the query form of a list or watch
// (`app=web,tier!=db,env in (a,b),!legacy`), the object form of a workload, NetworkPolicy or
// ServiceMonitor (`{matchLabels, matchExpressions}` with In, NotIn, Exists, DoesNotExist), and the
// plain map of a Service's spec.selector. All three become one LabelSelector: a list of
// requirements that must all hold, which prints back in the query form (so a selector read from
// an object can be sent to a server). An empty selector selects everything.
//
// Parsing is strict where a server would refuse the selector: parse() and from_object() return an
// error that says which part is wrong. Check reads anyone's manifests and reports malformed
// selectors through the schema, so it uses from_object_lenient(): whatever can be read is kept,
// and a requirement that cannot be read matches nothing.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace bg::k8s {

// An object's labels, sorted by key (matching looks keys up by binary search).
using Labels = std::vector<std::pair<std::string, std::string>>;

// The string entries of a JSON map (others are skipped), sorted.
Labels labels_of(const nlohmann::json& map);
// metadata.labels of an object.
Labels object_labels(const nlohmann::json& object);
// The value of `key`, or null when the label is absent. `labels` must be sorted.
const std::string* label_value(const Labels& labels, std::string_view key);

struct Requirement {
  enum class Op { kEquals, kNotEquals, kIn, kNotIn, kExists, kDoesNotExist };
  std::string key;
  Op op = Op::kEquals;
  std::vector<std::string> values;  // one for kEquals/kNotEquals, none for kExists/kDoesNotExist

  bool matches(const Labels& labels) const;
  std::string str() const;  // "app=web", "tier notin (a,b)", "!legacy"
};

struct LabelSelector {
  std::vector<Requirement> requirements;  // matchLabels (as kEquals, by key) first, then matchExpressions

  bool empty() const { return requirements.empty(); }
  bool matches(const Labels& labels) const;
  // The query form, which parse() reads back: "app=web,tier in (a,b),!legacy"; "" when empty.
  std::string str() const;

  // The query form.
  static Result<LabelSelector> parse(std::string_view text);
  // {matchLabels, matchExpressions}; null gives the empty selector.
  static Result<LabelSelector> from_object(const nlohmann::json& selector);
  // The same, never failing: a matchLabels entry that is not a string is skipped, an expression
  // that cannot be read (an unknown operator, values that are not a list) matches nothing.
  static LabelSelector from_object_lenient(const nlohmann::json& selector);
  // A plain map of labels, every pair required (a Service's spec.selector); non-strings skipped.
  static LabelSelector from_map(const nlohmann::json& map);
  static LabelSelector from_labels(const Labels& labels);
};

}  // namespace bg::k8s
