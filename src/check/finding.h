// A Finding: one thing the check stage has to say about one object.
//
// Findings come from schema validation (rule "schema", "unknown-kind") and, later, from principle
// rules; each names the rule, the object, the path inside it and — whenever the object came from a
// file or from the spec — the file:line:col a person should look at.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "manifest/object.h"

namespace bg::check {

struct Finding {
  std::string rule;  // e.g. "schema", "unknown-kind"
  Severity severity = Severity::kError;
  k8s::ObjectRef object;
  std::vector<std::string> path;  // inside the object
  std::string message;
  std::string hint;
  SourceLocation loc;
};

std::string path_string(const std::vector<std::string>& path);  // "spec.template.spec.containers[0].image"

// Findings as Diagnostics, for the shared printer; the message names the object and the path.
Diagnostics to_diagnostics(const std::vector<Finding>& findings);

}  // namespace bg::check
