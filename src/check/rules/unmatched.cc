#include "check/rules/unmatched.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace bg::check::rules {
namespace {

constexpr std::string_view kRuntimeLabels[] = {
    "acme.cert-manager.io/http01-solver", "workflows.argoproj.io/workflow",     "job-name",
    "batch.kubernetes.io/job-name",       "controller-uid",                     "batch.kubernetes.io/controller-uid",
    "statefulset.kubernetes.io/pod-name", "pod-template-hash",                  "controller-revision-hash",
    "apps.kubernetes.io/pod-index"};

bool runtime(const std::string& key) {
  return std::find(std::begin(kRuntimeLabels), std::end(kRuntimeLabels), key) != std::end(kRuntimeLabels);
}

}  // namespace

bool uses_runtime_labels(const Selector& s) {
  return std::any_of(s.requirements.begin(), s.requirements.end(),
                     [](const k8s::Requirement& r) { return runtime(r.key); });
}

Unmatched judge_unmatched(const Selector& selector, bool compared) {
  if (uses_runtime_labels(selector)) return Unmatched::kNotJudged;
  return compared ? Unmatched::kSelectsNothing : Unmatched::kNothingToCompare;
}

}  // namespace bg::check::rules
