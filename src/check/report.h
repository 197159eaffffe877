// Printing findings: text for people (grouped by file, coloured on a terminal), JSON for scripts
// and SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDEs).
//
// All three print the same findings in the same order and never print more than the manifests
// already hold (no secret values: messages name what a credential is, never the credential). The
// text form quotes each finding's line with a caret under its column, like a compiler; files are
// indexed once, so quoting stays linear however many findings a large file has.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check/checker.h"
#include "check/finding.h"
#include "diag/diagnostic.h"

namespace bg::check {

struct Report {
  const std::vector<Finding>& findings;
  const SourceTexts& sources;
  CheckSummary summary;
};

std::string report_text(const Report& r, bool color);
nlohmann::json report_json(const Report& r);
// `input_errors`: the inputs could not all be read; the log holds no results and says why.
nlohmann::json report_sarif(const Report& r, const Diagnostics* input_errors = nullptr);

// "3 findings (2 errors, 1 warning)", or "0 findings".
std::string count_text(const std::vector<Finding>& findings);

}  // namespace bg::check
