// Helpers for tests of the check stage: run the Checker over YAML text and see its findings as
// short lines ("rule line:col: message"), and a compliant baseline app to break one thing at a time.
#pragma once

#include <string>
#include <vector>

#include "check/finding.h"

namespace bg::testing {

// Every finding of checking `yaml` (read as file "t.yaml", schema and principles).
std::vector<check::Finding> check_findings(const std::string& yaml);

// The same as lines "rule line:col: message".
std::vector<std::string> check_text(const std::string& yaml);

// Only the lines of `rule`.
std::vector<std::string> findings_of(const std::string& rule, const std::string& yaml);

// Namespace "shop" with a default-deny NetworkPolicy, Deployment "web" (non-root, no escalation,
// resources, probes, pinned image, port "http") and Service "web": clean under every rule.
std::string compliant_app();

// `text` with the first `from` replaced by `to` (an empty result when `from` is not there, so a
// test whose edit missed fails loudly instead of passing on the unedited text).
std::string with(std::string text, const std::string& from, const std::string& to);

}  // namespace bg::testing
