// Labels and label selectors of anyone's manifests, read from check's Values into the one model
// of them (k8s/label_selector.h), for the cross-object rules.
//
// A Service's spec.selector is a plain map (every pair must be present); workloads, NetworkPolicies
// and monitors use a LabelSelector ({matchLabels, matchExpressions}). Reading never fails: a
// malformed selector is the schema's finding, so what can be read is kept and an expression that
// cannot be read matches nothing (k8s::LabelSelector::from_object_lenient).
#pragma once

#include "check/value.h"
#include "k8s/label_selector.h"

namespace bg::check {

using Labels = k8s::Labels;  // sorted by key
using Selector = k8s::LabelSelector;

Labels labels_of(const Value* map);  // a mapping of strings (others are skipped)

// {matchLabels, matchExpressions}; null or absent gives the empty (select-all) selector.
Selector label_selector(const Value* selector);
// A Service's spec.selector: a plain map.
Selector map_selector(const Value* selector);

}  // namespace bg::check
