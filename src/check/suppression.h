// Suppressions: one annotation silences one rule on one object, and must say why.
//
//   metadata:
//     annotations:
//       betelgeuse.io/suppress.image-pinned: "the vendor only publishes :latest; mirrored nightly"
//
// A suppression with an empty reason, naming no rule, or naming a rule that cannot be silenced
// (schema, unknown-kind, suppression itself) does not suppress anything and is a `suppression`
// finding of its own. A suppression that silences nothing is reported too, as information, so
// stale ones do not pile up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/finding.h"
#include "check/subject.h"

namespace bg::check {

inline constexpr std::string_view kSuppressPrefix = "betelgeuse.io/suppress.";

struct Suppression {
  std::string rule;
  std::string reason;
  SourceLocation loc;  // the annotation's key
  bool used = false;
};

// The object's valid suppressions; the invalid ones become findings in `problems`.
std::vector<Suppression> read_suppressions(const Subject& s, std::vector<Finding>& problems);

// Removes from `findings` every finding a suppression covers (marking the suppression used) and
// returns how many were removed.
std::size_t apply_suppressions(std::vector<Suppression>& suppressions, std::vector<Finding>& findings);

// Information findings for suppressions that silenced nothing.
void report_unused(const std::vector<Suppression>& suppressions, const k8s::ObjectRef& id,
                   std::vector<Finding>& out);

}  // namespace bg::check
