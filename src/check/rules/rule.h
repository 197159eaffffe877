// The principle rules: what every rule is (id, severity, rationale) and how rules report.
//
// Two kinds of rule. Object rules look at one object at a time (a container running as root, an
// unpinned image) and report through Out. Set rules need the whole set (a Service selecting no pod,
// an Ingress naming a missing Service): while objects stream past, collectors copy the few facts
// they need into the Inventory (inventory.h), and once every object is in, the set rules judge the
// Inventory and report through SetOut. Either way a finding is attributed to one object, so one
// `betelgeuse.io/suppress.<rule-id>` annotation on that object can silence it.
//
// docs/rules.md documents every rule in all_rules(); rule_test.cc keeps the two in step.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/finding.h"
#include "check/pod_template.h"
#include "check/subject.h"

namespace bg::check {

struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view rationale;  // one line, for docs and SARIF
  bool suppressible = true;
};

const std::vector<RuleInfo>& all_rules();
const RuleInfo* find_rule(std::string_view id);

// What object rules see: the object, and its pod template and containers when it has them.
struct ObjectContext {
  const Subject& subject;
  std::optional<PodTemplate> pod;
  std::vector<ContainerRef> containers;
};

// Findings of object rules, for one object.
class Out {
 public:
  Out(const Subject& s, std::vector<Finding>& into) : subject_(s), into_(into) {}
  // A finding of `rule` at `path` inside the object (with `key`, at the key itself).
  void add(std::string_view rule, Path path, std::string message, std::string hint = {}, bool key = false);

 private:
  const Subject& subject_;
  std::vector<Finding>& into_;
};

}  // namespace bg::check
