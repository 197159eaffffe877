#include "spec/loader.h"

#include <gtest/gtest.h>

#include "testing/fixtures.h"

namespace bg::spec {
namespace {

std::string errors_of(const std::string& text) {
  LoadedSpec l = load_spec(text, "p.yaml");
  return render_diagnostics(l.diagnostics, {{"p.yaml", text}}, false);
}

const char* kHead = "apiVersion: platform.betelgeusebytes.io/v1alpha1\nkind: Platform\nmetadata:\n  name: t\n";

TEST(SpecLoader, LoadsTheBundledExampleWithoutDiagnostics) {
  LoadedSpec l = load_spec(testing::example_spec(), "examples/betelgeusebytes.yaml");
  EXPECT_TRUE(l.diagnostics.empty()) << render_diagnostics(l.diagnostics, {}, false);
  EXPECT_EQ(l.spec.name.value, "betelgeusebytes");
  EXPECT_EQ(l.spec.domain.value, "betelgeusebytes.io");
  ASSERT_EQ(l.spec.nodes.size(), 4u);
  EXPECT_EQ(l.spec.nodes[3].role.value, NodeRole::kGpu);
  EXPECT_EQ(l.spec.nodes[1].ssd_path.value, "/mnt/ssd");
  const ComponentSpec* pg = l.spec.find_component("postgres");
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(pg->storage.value, "50Gi");
  EXPECT_EQ(pg->node.value, "worker-1");
  EXPECT_EQ(pg->node.loc.str(), "examples/betelgeusebytes.yaml:45:13");
}

TEST(SpecLoader, UnknownFieldIsLocatedWithDidYouMean) {
  std::string text = std::string(kHead) +
                     "spec:\n  domian: example.org\n  nodes:\n  - {name: a, role: control-plane, publicAddress: 192.0.2.1}\n";
  // The misspelling is the one mistake: "missing required field" would only restate it.
  EXPECT_EQ(errors_of(text),
            "p.yaml:6:3: error: unknown field \"domian\" in spec\n"
            "    domian: example.org\n"
            "    ^\n"
            "  hint: did you mean \"domain\"?\n");
}

// A misspelled `nodes:` leaves every placed component on an "undefined node"; those follow from
// the typo, so the typo comes first and stands for them.
TEST(SpecLoader, AMisspelledNodesSectionIsTheOneErrorNotItsFollowOns) {
  std::string text = std::string(kHead) +
                     "spec:\n  domain: example.org\n"
                     "  components:\n    postgres: {node: a}\n    neo4j: {node: b}\n"
                     "  nodez:\n  - {name: a, role: control-plane, publicAddress: 192.0.2.1}\n";
  EXPECT_EQ(errors_of(text),
            "p.yaml:10:3: error: unknown field \"nodez\" in spec\n"
            "    nodez:\n"
            "    ^\n"
            "  hint: did you mean \"nodes\"?\n"
            "  hint: 2 follow-on errors not shown (components placed on nodes that spec.nodes would define)\n");
}

TEST(SpecLoader, AMissingNodesSectionStandsForThePlacementsItLeavesUndefined) {
  std::string text = std::string(kHead) + "spec:\n  domain: example.org\n  components:\n    postgres: {node: a}\n";
  EXPECT_EQ(errors_of(text),
            "p.yaml:6:3: error: spec is missing required field \"nodes\"\n"
            "    domain: example.org\n"
            "    ^\n"
            "  hint: list the machines under `nodes:`\n"
            "  hint: 1 follow-on error not shown (components placed on nodes that spec.nodes would define)\n");
}

TEST(SpecLoader, EveryMistakeIsReportedAtOnce) {
  std::string text = std::string(kHead) +
                     "spec:\n"
                     "  domain: example.org\n"
                     "  tls: {issuer: prod, email: nobody}\n"
                     "  nodes:\n"
                     "  - {name: a, role: control-plane, publicAddress: 192.0.2.1}\n"
                     "  - {name: a, role: worker, publicAddress: 300.1.1.1, ssdPath: ssd}\n"
                     "  components:\n"
                     "    postgres: {node: wroker-1, storage: lots, replicas: \"2\"}\n";
  LoadedSpec l = load_spec(text, "p.yaml");
  std::vector<std::string> got;
  for (const Diagnostic& d : l.diagnostics) got.push_back(d.loc.str() + " " + d.message);
  std::vector<std::string> want = {
      "p.yaml:7:17 invalid value \"prod\" for spec.tls.issuer",
      "p.yaml:7:30 spec.tls.email \"nobody\" is not an e-mail address",
      "p.yaml:10:12 duplicate node name \"a\"",
      "p.yaml:10:44 \"300.1.1.1\" is not an IP address",
      "p.yaml:10:64 ssdPath \"ssd\" is not an absolute path",
      "p.yaml:12:57 component \"postgres\".replicas must be an integer, got string",
      "p.yaml:12:41 storage \"lots\" is not a size",
      "p.yaml:12:22 component \"postgres\" is placed on undefined node \"wroker-1\"",
  };
  EXPECT_EQ(got, want);
}

TEST(SpecLoader, SourceRangesAreReadEachWithItsPlace) {
  std::string text = std::string(kHead) +
                     "spec:\n  domain: example.org\n  nodes:\n  - {name: a, role: control-plane, publicAddress: 192.0.2.1}\n"
                     "  components:\n    postgres: {expose: {sourceRanges: [203.0.113.0/24, \"2001:db8::/32\"]}}\n";
  LoadedSpec l = load_spec(text, "p.yaml");
  EXPECT_TRUE(l.diagnostics.empty()) << render_diagnostics(l.diagnostics, {}, false);
  const ComponentSpec* pg = l.spec.find_component("postgres");
  ASSERT_NE(pg, nullptr);
  ASSERT_EQ(pg->expose.source_ranges.size(), 2u);
  EXPECT_EQ(pg->expose.source_ranges[0].value, "203.0.113.0/24");
  EXPECT_EQ(pg->expose.source_ranges[1].loc.str(), "p.yaml:10:56");
  EXPECT_EQ(pg->expose.source_ranges_loc.str(), "p.yaml:10:39");
}

TEST(SpecLoader, ASourceRangeThatIsNoRangeIsLocatedWithAHint) {
  std::string text = std::string(kHead) +
                     "spec:\n  domain: example.org\n  nodes:\n  - {name: a, role: control-plane, publicAddress: 192.0.2.1}\n"
                     "  components:\n    postgres: {expose: {sourceRanges: [203.0.113.7/24, anywhere, 10.0.0.0/8]}}\n"
                     "    neo4j: {expose: {sourceRanges: []}}\n"
                     "    kafka: {expose: {sourceRanges: 10.0.0.0/8}}\n";
  EXPECT_EQ(errors_of(text),
            "p.yaml:10:40: error: source range \"203.0.113.7/24\" is not an address range\n"
            "      postgres: {expose: {sourceRanges: [203.0.113.7/24, anywhere, 10.0.0.0/8]}}\n"
            "                                         ^\n"
            "  hint: clear the host bits: a range starts at its network address (203.0.113.0/24)\n"
            "p.yaml:10:56: error: source range \"anywhere\" is not an address range\n"
            "      postgres: {expose: {sourceRanges: [203.0.113.7/24, anywhere, 10.0.0.0/8]}}\n"
            "                                                         ^\n"
            "  hint: write a CIDR such as 203.0.113.0/24, or 198.51.100.7/32 for one address\n"
            "p.yaml:11:36: error: component \"neo4j\" expose.sourceRanges is empty\n"
            "      neo4j: {expose: {sourceRanges: []}}\n"
            "                                     ^\n"
            "  hint: list the client address ranges its TCP ports answer, or remove sourceRanges to answer every address\n"
            "p.yaml:12:36: error: component \"kafka\" expose.sourceRanges must be a list, got string\n"
            "      kafka: {expose: {sourceRanges: 10.0.0.0/8}}\n"
            "                                     ^\n"
            "  hint: see docs/spec.md for the field's type\n");
}

TEST(SpecLoader, WrongApiVersionAndKindAreNamed) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\nspec: {domain: a.b, nodes: []}\n";
  LoadedSpec l = load_spec(text, "p.yaml");
  ASSERT_GE(l.diagnostics.size(), 2u);
  EXPECT_EQ(l.diagnostics.items()[0].message, "unknown apiVersion \"v1\"");
  EXPECT_EQ(l.diagnostics.items()[0].loc.str(), "p.yaml:1:13");
  EXPECT_EQ(l.diagnostics.items()[1].message, "unknown kind \"ConfigMap\"");
}

TEST(SpecLoader, MoreThanOneDocumentIsRejectedAtTheSecond) {
  std::string text = std::string(kHead) + "spec: {domain: a.b}\n---\nfoo: bar\n";
  LoadedSpec l = load_spec(text, "p.yaml");
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics.items()[0].message, "more than one document in the platform file");
  EXPECT_EQ(l.diagnostics.items()[0].loc.line, 6);
}

TEST(SpecLoader, EmptyFileSaysHowToStart) {
  LoadedSpec l = load_spec("", "p.yaml");
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics.items()[0].message, "the platform file is empty");
  EXPECT_EQ(l.diagnostics.items()[0].hints[0], "run `betelgeuse init` for a commented starter platform.yaml");
}

TEST(SpecLoader, YamlSyntaxErrorsCarryTheirPlace) {
  LoadedSpec l = load_spec("apiVersion: [unclosed\nkind: Platform\n", "p.yaml");
  ASSERT_TRUE(l.diagnostics.has_errors());
  EXPECT_EQ(l.diagnostics.items()[0].loc.file, "p.yaml");
  EXPECT_GT(l.diagnostics.items()[0].loc.line, 0);
}

TEST(SpecLoader, DuplicateKeysAreErrors) {
  std::string text = std::string(kHead) + "spec:\n  domain: a.b\n  domain: c.d\n";
  LoadedSpec l = load_spec(text, "p.yaml");
  ASSERT_TRUE(l.diagnostics.has_errors());
  EXPECT_EQ(l.diagnostics.items()[0].loc.str(), "p.yaml:7:3");
}

TEST(SpecLoader, YesIsAStringNotABoolean) {
  std::string text = std::string(kHead) +
                     "spec:\n  domain: a.b\n  nodes:\n  - {name: a, role: control-plane, publicAddress: 192.0.2.1, ingress: yes}\n";
  LoadedSpec l = load_spec(text, "p.yaml");
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics.items()[0].message, "node.ingress must be a boolean, got string");
  EXPECT_EQ(l.diagnostics.items()[0].hints[0], "write true or false (YAML 1.2: yes/no/on/off are strings)");
}

TEST(SpecLoader, SyntaxHelpersAcceptAndRejectTheRightThings) {
  EXPECT_TRUE(is_dns_label("worker-1"));
  EXPECT_FALSE(is_dns_label("Worker"));
  EXPECT_FALSE(is_dns_label("-a"));
  EXPECT_TRUE(is_dns_name("grafana.betelgeusebytes.io"));
  EXPECT_FALSE(is_dns_name("a..b"));
  EXPECT_TRUE(is_ip_address("2001:db8::1"));
  EXPECT_FALSE(is_ip_address("10.0.0"));
  EXPECT_TRUE(is_cidr("10.77.0.0/24"));
  EXPECT_FALSE(is_cidr("10.77.0.0/33"));
  EXPECT_TRUE(is_quantity("500m"));
  EXPECT_TRUE(is_quantity("20Gi"));
  EXPECT_FALSE(is_quantity("20 GB"));
  EXPECT_TRUE(is_network("10.0.0.0/8"));
  EXPECT_TRUE(is_network("198.51.100.7/32"));
  EXPECT_TRUE(is_network("0.0.0.0/0"));
  EXPECT_TRUE(is_network("2001:db8::/32"));
  EXPECT_FALSE(is_network("10.0.0.1/8"));
  EXPECT_FALSE(is_network("2001:db8::1/32"));
  EXPECT_FALSE(is_network("10.0.0.0"));
}

}  // namespace
}  // namespace bg::spec

namespace bg::spec {
namespace {

// Hostile inputs end in located errors, quickly, without crashing.
TEST(SpecLoaderRobustness, TwentyThousandLevelsOfNestingAreRefused) {
  std::string text = std::string(20000, '[') + std::string(20000, ']');
  LoadedSpec l = load_spec(text, "p.yaml");
  ASSERT_TRUE(l.diagnostics.has_errors());
  EXPECT_LE(l.diagnostics.size(), 3u);  // one error, not one per level
}

TEST(SpecLoaderRobustness, AnAliasBombIsRefused) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  LoadedSpec l = load_spec(text, "p.yaml");
  ASSERT_TRUE(l.diagnostics.has_errors());
  EXPECT_NE(l.diagnostics.items()[0].message.find("alias"), std::string::npos) << l.diagnostics.items()[0].message;
}

TEST(SpecLoaderRobustness, BinaryGarbageIsAnErrorNotACrash) {
  std::string text;
  for (int i = 0; i < 4096; ++i) text += static_cast<char>((i * 7919) % 256);
  LoadedSpec l = load_spec(text, "p.yaml");
  EXPECT_TRUE(l.diagnostics.has_errors());
  for (const Diagnostic& d : l.diagnostics) EXPECT_FALSE(d.hints.empty()) << d.message;
}

TEST(SpecLoaderRobustness, AScalarWhereTheWholeSpecShouldBeIsNamed) {
  LoadedSpec l = load_spec("just a string\n", "p.yaml");
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics.items()[0].message, "the platform must be a mapping, got string");
}

}  // namespace
}  // namespace bg::spec
