// A selector that matches nothing in the set: a mistake, or only the set not showing everything.
//
// service-selects-nothing, netpol-selects-nothing and monitor-selects-nothing share this decision,
// taken once the set's pod templates, the pods operators make from its custom resources
// (operator_pods.h) and, for ServiceMonitors, the cluster's own Services (cluster_services.h) have
// all failed to match:
//
//   | the selector                                                   | verdict            |
//   |----------------------------------------------------------------|--------------------|
//   | uses a label only controllers set at run time (job-name, …)    | not judged         |
//   | looks only in namespaces where the set has nothing to compare  | information        |
//   | otherwise                                                      | the rule's warning |
//
// The middle row is the "this set is not the whole cluster" case: checking a folder of Services
// without their Deployments, or a monitor of a namespace whose Services live elsewhere. It is
// still reported (as information, which does not fail a run), so a typo in a namespace name shows.
#pragma once

#include "check/selector.h"

namespace bg::check::rules {

enum class Unmatched { kNotJudged, kNothingToCompare, kSelectsNothing };

// `compared` is whether the set holds anything of the selected sort (pods, Services) in the
// namespaces the selector looks in.
Unmatched judge_unmatched(const Selector& selector, bool compared);

// Whether the selector names a label that controllers put on the pods they create at run time
// (cert-manager's HTTP-01 solvers, Argo's workflow pods, Job pods, a StatefulSet pod by name, a
// ReplicaSet's pod-template-hash): such pods are never in a set of manifests.
bool uses_runtime_labels(const Selector& selector);

}  // namespace bg::check::rules
