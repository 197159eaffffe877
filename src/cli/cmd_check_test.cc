// End-to-end tests of `betelgeuse check`: exit codes, --fail-on, the three output formats, stdin,
// and our own render — as written and as `kubectl kustomize` builds it — being clean.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "testing/fixtures.h"

namespace bg::cli {
namespace {

using testing::run_command;
using testing::TempDir;

std::string bg(const std::string& args) { return testing::binary() + " " + args; }
std::string corpus(const std::string& rule) { return testing::source_path("tests/check/" + rule + ".yaml"); }

TEST(CheckCommand, OurRenderIsCleanAsWrittenAndAsKustomizeBuildsIt) {
  TempDir tmp;
  ASSERT_EQ(run_command(bg("render " + testing::source_path("examples/betelgeusebytes.yaml") + " -o " + tmp / "out")).exit_code, 0);
  auto direct = run_command(bg("check " + tmp / "out"));
  EXPECT_EQ(direct.exit_code, 0) << direct.out << direct.err;
  auto built = run_command("kubectl kustomize " + tmp / "out" + " | " + bg("check -"));
  EXPECT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.out.find("339 objects checked, 0 findings, 1 suppressed"), std::string::npos) << built.out;
}

TEST(CheckCommand, FindingsAtOrAboveFailOnExitOne) {
  // image-pinned is a warning: it fails the default (warning) and info, not error or none.
  EXPECT_EQ(run_command(bg("check " + corpus("image-pinned"))).exit_code, 1);
  EXPECT_EQ(run_command(bg("check --fail-on info " + corpus("image-pinned"))).exit_code, 1);
  EXPECT_EQ(run_command(bg("check --fail-on error " + corpus("image-pinned"))).exit_code, 0);
  EXPECT_EQ(run_command(bg("check --fail-on none " + corpus("no-privileged"))).exit_code, 0);
  EXPECT_EQ(run_command(bg("check --fail-on error " + corpus("no-privileged"))).exit_code, 1);
}

TEST(CheckCommand, MalformedOrUnreadableInputExitsTwoWithOnlyTheInputErrors) {
  TempDir tmp;
  std::ofstream(tmp / "bad.yaml") << "apiVersion: v1\nkind: ConfigMap\nmetadata: [\n";
  auto bad = run_command(bg("check " + tmp / "bad.yaml" + " " + corpus("image-pinned")));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_NE(bad.err.find("bad.yaml:4:1: error: expected a value here"), std::string::npos) << bad.err;
  EXPECT_EQ(run_command(bg("check " + tmp / "missing.yaml")).exit_code, 2);
  EXPECT_EQ(run_command(bg("check --fail-on sometimes " + corpus("image-pinned"))).exit_code, 2);
}

// A code-scanning upload reads stdout: on input it cannot parse, it still gets a valid SARIF log,
// one that says the run failed and where.
TEST(CheckCommand, SarifOnMalformedInputIsAValidLogOfTheFailure) {
  TempDir tmp;
  std::ofstream(tmp / "bad.yaml") << "apiVersion: v1\nkind: ConfigMap\nmetadata: [\n";
  auto r = run_command(bg("check -o sarif " + tmp / "bad.yaml"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:4:1: error: expected a value here"), std::string::npos) << r.err;
  ASSERT_TRUE(nlohmann::json::accept(r.out)) << r.out;
  nlohmann::json run = nlohmann::json::parse(r.out)["runs"][0];
  EXPECT_EQ(run["results"], nlohmann::json::array());
  ASSERT_EQ(run["invocations"].size(), 1u) << run.dump(2);
  nlohmann::json invocation = run["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  ASSERT_EQ(invocation["toolExecutionNotifications"].size(), 1u) << invocation.dump(2);
  nlohmann::json n = invocation["toolExecutionNotifications"][0];
  EXPECT_EQ(n["level"], "error");
  EXPECT_EQ(n["message"]["text"].get<std::string>().rfind("expected a value here", 0), 0u) << n.dump(2);
  nlohmann::json where = n["locations"][0]["physicalLocation"];
  EXPECT_NE(where["artifactLocation"]["uri"].get<std::string>().find("bad.yaml"), std::string::npos) << where.dump(2);
  EXPECT_EQ(where["region"], nlohmann::json({{"startLine", 4}, {"startColumn", 1}}));
  // The other formats are unchanged: nothing on stdout.
  EXPECT_EQ(run_command(bg("check -o json " + tmp / "bad.yaml")).out, "");
}

TEST(CheckCommand, TextIsGroupedByFileWithASummary) {
  auto r = run_command(bg("check " + corpus("image-pinned") + " " + corpus("probes-required")));
  EXPECT_EQ(r.exit_code, 1);
  std::size_t first = r.out.find(corpus("image-pinned") + ": 1 finding (1 warning)\n");
  std::size_t second = r.out.find(corpus("probes-required") + ": 1 finding (1 warning)\n");
  EXPECT_NE(first, std::string::npos) << r.out;
  EXPECT_NE(second, std::string::npos) << r.out;
  EXPECT_LT(first, second);
  EXPECT_NE(r.out.find(corpus("image-pinned") + ":35:16: warning: apps/Deployment shop/web"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n8 objects checked, 2 findings (2 warnings)\n"), std::string::npos) << r.out;
}

TEST(CheckCommand, JsonAndSarifAreMachineReadable) {
  auto j = run_command(bg("check -o json " + corpus("run-as-non-root")));
  EXPECT_EQ(j.exit_code, 1);
  nlohmann::json out = nlohmann::json::parse(j.out);
  ASSERT_EQ(out["findings"].size(), 1u);
  EXPECT_EQ(out["findings"][0]["rule"], "run-as-non-root");
  EXPECT_EQ(out["findings"][0]["line"], 52);
  EXPECT_EQ(out["summary"]["errors"], 1);

  auto s = run_command(bg("check -o sarif " + corpus("run-as-non-root")));
  EXPECT_EQ(s.exit_code, 1);
  nlohmann::json sarif = nlohmann::json::parse(s.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "run-as-non-root");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 52);
}

TEST(CheckCommand, ACrdFileTurnsAnUnknownKindIntoAValidatedOne) {
  TempDir tmp;
  std::ofstream(tmp / "crd.yaml") << R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
)";
  std::ofstream(tmp / "widget.yaml") << "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: big\n";
  auto unknown = run_command(bg("check -o json " + tmp / "widget.yaml"));
  EXPECT_EQ(nlohmann::json::parse(unknown.out)["findings"][0]["rule"], "unknown-kind");
  auto known = run_command(bg("check -o json --crd " + tmp / "crd.yaml" + " " + tmp / "widget.yaml"));
  EXPECT_EQ(known.exit_code, 1);
  nlohmann::json out = nlohmann::json::parse(known.out);
  ASSERT_EQ(out["findings"].size(), 1u);
  EXPECT_EQ(out["findings"][0]["rule"], "schema");
  EXPECT_EQ(out["findings"][0]["message"], "expected integer, got string");
  EXPECT_EQ(out["findings"][0]["line"], 5);
}

TEST(CheckCommand, StdinIsReadWithDash) {
  auto r = run_command("cat " + corpus("tcp-services") + " | " + bg("check -o json -"));
  EXPECT_EQ(r.exit_code, 1);
  nlohmann::json out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["findings"][0]["file"], "<stdin>");
  EXPECT_EQ(out["findings"][0]["rule"], "tcp-services");
}

}  // namespace
}  // namespace bg::cli
