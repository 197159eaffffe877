// The JSON report ({"findings": [...], "summary": {...}}) and the SARIF 2.1.0 log.
#include <map>

#include "check/report.h"
#include "check/source_lines.h"
#include "check/rules/rule.h"
#include "common/percent_encode.h"

namespace bg::check {
namespace {

using nlohmann::json;

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "note";
  }
  return "error";
}

// A relative path as a URI reference: keep unreserved characters and '/', escape the rest.
std::string uri_of(const std::string& path) {
  if (path == "<stdin>") return "stdin";
  return percent_encode(path, "/");
}

}  // namespace

nlohmann::json report_json(const Report& r) {
  json findings = json::array();
  std::size_t by[3] = {0, 0, 0};
  for (const Finding& f : r.findings) {
    ++by[static_cast<int>(f.severity)];
    findings.push_back({{"rule", f.rule},
                        {"severity", std::string(severity_name(f.severity))},
                        {"object", f.object.identity()},
                        {"path", path_string(f.path)},
                        {"message", f.message},
                        {"hint", f.hint},
                        {"file", f.loc.file},
                        {"line", f.loc.line},
                        {"column", f.loc.col}});
  }
  return {{"findings", std::move(findings)},
          {"summary",
           {{"objects", r.summary.objects},
            {"findings", r.findings.size()},
            {"errors", by[0]},
            {"warnings", by[1]},
            {"info", by[2]},
            {"suppressed", r.summary.suppressed}}}};
}

nlohmann::json report_sarif(const Report& r, const Diagnostics* input_errors) {
  json rules = json::array();
  std::map<std::string_view, std::size_t> index;
  for (const RuleInfo& info : all_rules()) {
    index[info.id] = rules.size();
    rules.push_back({{"id", std::string(info.id)},
                     {"shortDescription", {{"text", std::string(info.rationale)}}},
                     {"helpUri", "https://github.com/betelgeusebytes/betelgeuse/blob/main/docs/rules.md#" +
                                     std::string(info.id)},
                     {"defaultConfiguration", {{"level", sarif_level(info.severity)}}}});
  }
  json results = json::array();
  std::map<std::string, SourceLines, std::less<>> indexed;
  auto physical_location = [&](const SourceLocation& loc) {
    json physical = {{"artifactLocation", {{"uri", uri_of(loc.file)}}}};
    if (loc.known()) {
      // SARIF counts columns in code points here (columnKind below); ours count bytes.
      int col = loc.col;
      if (auto src = r.sources.find(loc.file); src != r.sources.end())
        col = indexed.try_emplace(loc.file, src->second).first->second.code_point_column(loc.line, loc.col);
      physical["region"] = {{"startLine", loc.line}, {"startColumn", std::max(1, col)}};
    }
    return physical;
  };
  for (const Finding& f : r.findings) {
    std::string text = f.object.identity();
    if (!f.path.empty()) text += " " + path_string(f.path);
    text += ": " + f.message;
    json physical = physical_location(f.loc);
    json result = {{"ruleId", f.rule},
                   {"level", sarif_level(f.severity)},
                   {"message", {{"text", text}}},
                   {"locations",
                    json::array({{{"physicalLocation", physical},
                                  {"logicalLocations", json::array({{{"fullyQualifiedName", f.object.identity()},
                                                                     {"kind", "object"}}})}}})}};
    if (auto it = index.find(f.rule); it != index.end()) result["ruleIndex"] = it->second;
    if (!f.hint.empty()) result["properties"] = {{"hint", f.hint}};
    results.push_back(std::move(result));
  }
  json driver = {{"name", "betelgeuse"},
                 {"semanticVersion", BETELGEUSE_VERSION},
                 {"informationUri", "https://github.com/betelgeusebytes/betelgeuse"},
                 {"rules", std::move(rules)}};
  json run = {{"tool", {{"driver", std::move(driver)}}}, {"columnKind", "unicodeCodePoints"}, {"results", std::move(results)}};
  if (input_errors != nullptr) {
    // Input that could not be read or parsed: the run did not complete, and says why where the
    // tool's own problems go (SARIF 2.1.0 §3.20.21 toolExecutionNotifications).
    json notifications = json::array();
    for (const Diagnostic& d : *input_errors) {
      std::string text = d.message;
      for (const std::string& h : d.hints) text += " (hint: " + h + ")";
      json n = {{"level", d.severity == Severity::kError ? "error" : "warning"}, {"message", {{"text", text}}}};
      if (!d.loc.file.empty()) n["locations"] = json::array({{{"physicalLocation", physical_location(d.loc)}}});
      notifications.push_back(std::move(n));
    }
    run["invocations"] = json::array(
        {{{"executionSuccessful", false}, {"toolExecutionNotifications", std::move(notifications)}}});
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({std::move(run)})}};
}

}  // namespace bg::check
