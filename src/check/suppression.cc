#include "check/suppression.h"

#include <algorithm>

#include "check/rules/rule.h"

namespace bg::check {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

Finding problem(const Subject& s, const std::string& key, std::string message, std::string hint) {
  Finding f;
  f.rule = "suppression";
  f.severity = Severity::kError;
  f.object = s.id;
  f.path = {"metadata", "annotations", key};
  f.loc = s.at(f.path, true);
  f.message = std::move(message);
  f.hint = std::move(hint);
  return f;
}

}  // namespace

std::vector<Suppression> read_suppressions(const Subject& s, std::vector<Finding>& problems) {
  std::vector<Suppression> out;
  const Value* annotations = s.annotations();
  for (const auto& [key_node, value] : entries(annotations)) {
    const std::string& key = key_node.text;
    if (key.compare(0, kSuppressPrefix.size(), kSuppressPrefix) != 0) continue;
    std::string rule = key.substr(kSuppressPrefix.size());
    const RuleInfo* info = find_rule(rule);
    if (info == nullptr) {
      std::vector<std::string> ids;
      for (const RuleInfo& r : all_rules())
        if (r.suppressible) ids.emplace_back(r.id);
      std::string guess = closest_match(rule, ids);
      problems.push_back(problem(s, key, "suppression names no rule \"" + rule + "\"",
                                 guess.empty() ? "see docs/rules.md for the rule ids"
                                               : "did you mean \"" + guess + "\"?"));
      continue;
    }
    if (!info->suppressible) {
      problems.push_back(problem(s, key, "\"" + rule + "\" findings cannot be suppressed",
                                 "fix the object instead; the API server or the checker cannot work around it"));
      continue;
    }
    std::string_view reason = trim(str(&value));
    if (reason.empty()) {
      problems.push_back(problem(s, key, "suppression of \"" + rule + "\" gives no reason",
                                 "say why in the annotation's value, e.g. \"" + std::string(kSuppressPrefix) + rule +
                                     ": the vendor chart needs it; tracked in OPS-123\""));
      continue;
    }
    out.push_back({rule, std::string(reason), s.at({"metadata", "annotations", key}, true), false});
  }
  return out;
}

std::size_t apply_suppressions(std::vector<Suppression>& suppressions, std::vector<Finding>& findings) {
  if (suppressions.empty()) return 0;
  std::size_t before = findings.size();
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const Finding& f) {
                                  for (Suppression& s : suppressions) {
                                    if (s.rule == f.rule) {
                                      s.used = true;
                                      return true;
                                    }
                                  }
                                  return false;
                                }),
                 findings.end());
  return before - findings.size();
}

void report_unused(const std::vector<Suppression>& suppressions, const k8s::ObjectRef& id,
                   std::vector<Finding>& out) {
  for (const Suppression& s : suppressions) {
    if (s.used) continue;
    Finding f;
    f.rule = "suppression";
    f.severity = Severity::kInfo;
    f.object = id;
    f.path = {"metadata", "annotations", std::string(kSuppressPrefix) + s.rule};
    f.loc = s.loc;
    f.message = "suppression of \"" + s.rule + "\" silences nothing on this object";
    f.hint = "remove the annotation; the rule no longer fires here";
    out.push_back(std::move(f));
  }
}

}  // namespace bg::check
