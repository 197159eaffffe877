// Canonical YAML output for JSON trees (rendered objects, `-o yaml`).
//
// One deterministic text per value: block style, 2-space indent, sequences under a mapping key not
// indented further (kubectl's style), keys in the JSON object's order, `{}` and `[]` for empty
// collections. A string is written plain only when every YAML reader would read it back as that same
// string — our YAML 1.2 loader and YAML 1.1 readers alike (so `yes`, `on`, `0755`, `1_000` and
// `2024-01-01` are quoted); otherwise it is double-quoted with escapes, or, when it spans lines
// cleanly, written as a `|` block. Invariant: yaml::load(to_yaml(x)) converted with to_json equals x.
// Invalid UTF-8 inside strings cannot be represented in YAML and is written as U+FFFD.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::manifest {

// One YAML document without a leading `---`, ending in a newline.
std::string to_yaml(const nlohmann::json& value);

// Several documents joined by `---` lines ("" for none).
std::string to_yaml_stream(const std::vector<nlohmann::json>& documents);

}  // namespace bg::manifest
