#include "check/report.h"

#include <gtest/gtest.h>

namespace bg::check {
namespace {

std::vector<Finding> sample() {
  return {
      {"image-pinned", Severity::kWarning, {"apps/v1", "Deployment", "shop", "web"}, {"spec", "template", "spec", "containers", "0", "image"},
       "container \"web\": image \"nginx\" has no tag, which means :latest", "pin a version", {"a.yaml", 2, 10}},
      {"schema", Severity::kError, {"v1", "ConfigMap", "", "x"}, {"dta"}, "unknown field \"dta\"", "", {"b.yaml", 1, 1}},
  };
}

SourceTexts sources() { return {{"a.yaml", "kind: x\n  image: nginx\n"}, {"b.yaml", "dta: 1\n"}}; }

TEST(Report, TextGroupsFindingsByFileWithTheLineAndACaret) {
  std::vector<Finding> f = sample();
  SourceTexts s = sources();
  EXPECT_EQ(report_text(Report{f, s, {3, 1}}, false),
            "a.yaml: 1 finding (1 warning)\n"
            "a.yaml:2:10: warning: apps/Deployment shop/web spec.template.spec.containers[0].image: container \"web\": "
            "image \"nginx\" has no tag, which means :latest [image-pinned]\n"
            "    image: nginx\n"
            "           ^\n"
            "  hint: pin a version\n"
            "\n"
            "b.yaml: 1 finding (1 error)\n"
            "b.yaml:1:1: error: ConfigMap x dta: unknown field \"dta\" [schema]\n"
            "  dta: 1\n"
            "  ^\n"
            "\n"
            "3 objects checked, 2 findings (1 error, 1 warning), 1 suppressed\n");
}

TEST(Report, TextOnACleanRunIsOneLine) {
  std::vector<Finding> none;
  SourceTexts s;
  EXPECT_EQ(report_text(Report{none, s, {1, 0}}, false), "1 object checked, 0 findings\n");
}

TEST(Report, ColourIsOnlyUsedWhenAsked) {
  std::vector<Finding> f = sample();
  SourceTexts s = sources();
  EXPECT_EQ(report_text(Report{f, s, {}}, false).find('\033'), std::string::npos);
  EXPECT_NE(report_text(Report{f, s, {}}, true).find("\033[1;33mwarning:"), std::string::npos);
}

TEST(Report, JsonHasEveryFieldAndASummary) {
  std::vector<Finding> f = sample();
  SourceTexts s = sources();
  nlohmann::json j = report_json(Report{f, s, {3, 1}});
  EXPECT_EQ(j["findings"][0], nlohmann::json::parse(R"({"rule": "image-pinned", "severity": "warning",
      "object": "apps/Deployment shop/web", "path": "spec.template.spec.containers[0].image",
      "message": "container \"web\": image \"nginx\" has no tag, which means :latest", "hint": "pin a version",
      "file": "a.yaml", "line": 2, "column": 10})"));
  EXPECT_EQ(j["summary"], nlohmann::json::parse(R"({"objects": 3, "findings": 2, "errors": 1, "warnings": 1,
      "info": 0, "suppressed": 1})"));
}

TEST(Report, SarifIsAVersion210LogWithRulesAndResults) {
  std::vector<Finding> f = sample();
  SourceTexts s = {{"a.yaml", "kind: x\n  image: \"n\xC3\xA9nginx\"\n"}, {"b.yaml", "dta: 1\n"}};
  f[0].loc.col = 14;  // the "n" after the two-byte é: code point column 13
  nlohmann::json j = report_sarif(Report{f, s, {}});
  EXPECT_EQ(j["version"], "2.1.0");
  const nlohmann::json& run = j["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "betelgeuse");
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  ASSERT_EQ(run["results"].size(), 2u);
  const nlohmann::json& r = run["results"][0];
  EXPECT_EQ(r["ruleId"], "image-pinned");
  EXPECT_EQ(r["level"], "warning");
  EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<int>()]["id"], "image-pinned");
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "a.yaml");
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"], nlohmann::json::parse(R"({"startLine": 2, "startColumn": 13})"));
  EXPECT_EQ(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "apps/Deployment shop/web");
  EXPECT_EQ(run["results"][1]["level"], "error");
}

}  // namespace
}  // namespace bg::check
