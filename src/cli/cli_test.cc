// End-to-end tests of the betelgeuse binary: exit codes, what is and is not written, and the
// render consumed by the real `kubectl kustomize`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "testing/fixtures.h"

namespace bg::cli {
namespace {

using testing::run_command;
using testing::TempDir;

std::string bg(const std::string& args) { return testing::binary() + " " + args; }
std::string example() { return testing::source_path("examples/betelgeusebytes.yaml"); }

TEST(Cli, VersionAndHelpExitZero) {
  auto v = run_command(bg("--version"));
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("betelgeuse ", 0), 0u) << v.out;
  auto h = run_command(bg("--help"));
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("render"), std::string::npos);
}

// A mistake in the command line is named as what it is, with a hint toward the --help of the
// command it was made in; exit 2 and nothing on stdout.
TEST(Cli, MistakesInTheCommandLineAreNamedWithAHint) {
  struct Case {
    const char* args;
    const char* err;
  };
  const Case cases[] = {
      {"frobnicate", "betelgeuse: unknown command \"frobnicate\"\nhint: run `betelgeuse --help`\n"},
      {"plna", "betelgeuse: unknown command \"plna\"\nhint: did you mean \"plan\"? (see `betelgeuse --help`)\n"},
      {"--frob", "betelgeuse: unknown flag \"--frob\"\nhint: run `betelgeuse --help`\n"},
      {"--versoin", "betelgeuse: unknown flag \"--versoin\"\nhint: did you mean \"--version\"? (see `betelgeuse --help`)\n"},
      {"", "betelgeuse: missing command; one of: init, plan, render, diagram, check, nodes, apply, diff, status, destroy, "
           "secrets\nhint: run `betelgeuse --help`\n"},
      {"nodes frob", "betelgeuse: unknown command \"frob\" for `betelgeuse nodes` (its commands: render, apply)\n"
                     "hint: run `betelgeuse nodes --help`\n"},
      {"nodes rendr", "betelgeuse: unknown command \"rendr\" for `betelgeuse nodes` (its commands: render, apply)\n"
                      "hint: did you mean \"render\"? (see `betelgeuse nodes --help`)\n"},
      {"secrets", "betelgeuse: missing command for `betelgeuse secrets`; one of: rotate\nhint: run `betelgeuse secrets --help`\n"},
      {"help frob", "betelgeuse: unknown command \"frob\"\nhint: run `betelgeuse --help`\n"},
      {"plan --frob", "betelgeuse: unknown flag \"--frob\" for `betelgeuse plan`\nhint: run `betelgeuse plan --help`\n"},
      {"plan --outptu json",
       "betelgeuse: unknown flag \"--outptu\" for `betelgeuse plan`\nhint: did you mean \"--output\"? (see `betelgeuse plan --help`)\n"},
      {"plan a b c", "betelgeuse: unexpected argument \"b\" for `betelgeuse plan`\nhint: run `betelgeuse plan --help`\n"},
      {"nodes render -o x --frob",
       "betelgeuse: unknown flag \"--frob\" for `betelgeuse nodes render`\nhint: run `betelgeuse nodes render --help`\n"},
      {"plan -o yaml", "betelgeuse: --output: yaml not in {table,json}\nhint: run `betelgeuse plan --help`\n"},
  };
  for (const Case& c : cases) {
    auto r = run_command(bg(c.args));
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_EQ(r.err, c.err) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
  }
}

// `help [COMMAND…]` is `[COMMAND…] --help`.
TEST(Cli, HelpCommandIsTheCommandsOwnHelp) {
  struct Case {
    const char* help;
    const char* flag;
    const char* usage;
  };
  const Case cases[] = {
      {"help", "--help", "Usage: betelgeuse [OPTIONS] SUBCOMMAND\n"},
      {"help plan", "plan --help", "Usage: betelgeuse plan [OPTIONS] [spec]\n"},
      {"help nodes", "nodes --help", "Usage: betelgeuse nodes [OPTIONS] SUBCOMMAND\n"},
      {"help nodes render", "nodes render --help", "Usage: betelgeuse nodes render [OPTIONS] [spec]\n"},
  };
  for (const Case& c : cases) {
    auto h = run_command(bg(c.help)), f = run_command(bg(c.flag));
    EXPECT_EQ(h.exit_code, 0) << c.help << h.err;
    EXPECT_EQ(h.out, f.out) << c.help;
    EXPECT_NE(h.out.find(c.usage), std::string::npos) << c.help << "\n" << h.out;
  }
}

// The name is checked against the platform before any cluster is looked for.
TEST(Cli, SecretsRotateSuggestsTheSecretMeant) {
  struct Case {
    const char* name;
    const char* hint;
  };
  const Case cases[] = {
      {"postgres-admn", "hint: did you mean \"postgres-admin\"? `betelgeuse plan` lists the platform's secrets\n"},
      {"db/postgres-admn", "hint: did you mean \"db/postgres-admin\"? `betelgeuse plan` lists the platform's secrets\n"},
      {"nothing-like-it", "hint: `betelgeuse plan` lists the platform's secrets\n"},
  };
  for (const Case& c : cases) {
    auto r = run_command(bg("secrets rotate " + std::string(c.name) + " --spec " + example() + " --kubeconfig /nonexistent"));
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_EQ(r.err, "betelgeuse: no generated secret \"" + std::string(c.name) + "\" in this platform\n" + c.hint) << c.name;
  }
}

TEST(Cli, PlanOnTheExampleShowsTheWholePicture) {
  auto r = run_command(bg("plan " + example()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* want : {"Components", "https://grafana.betelgeusebytes.io", "203.0.113.10:5432", "db/postgres:5432",
                           "/mnt/ssd/db/postgres", "db/postgres-admin", "observability/grafana-basic-auth",
                           "objects rendered, 0 findings"})
    EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
}

// The starter spec with `lines` added before the first line that is `before`.
std::string starter_with(const TempDir& tmp, const std::string& before, const std::string& lines) {
  EXPECT_EQ(run_command(bg("init --force -o " + tmp / "starter.yaml")).exit_code, 0);
  std::string text = testing::read_file(tmp / "starter.yaml");
  std::size_t at = text.find("\n" + before + "\n");
  EXPECT_NE(at, std::string::npos) << before;
  text.insert(at + 1, lines);
  std::ofstream(tmp / "p.yaml") << text;
  return tmp / "p.yaml";
}
std::string starter_with_postgres(const TempDir& tmp, const std::string& line) {
  return starter_with(tmp, "      storage: 20Gi", line);
}

TEST(Cli, PlanCountsOneFindingInTheSingular) {
  TempDir tmp;
  auto r = run_command(bg("plan " + starter_with_postgres(tmp, "      image: postgres:latest\n")));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find(" objects rendered, 1 finding (1 warning)\n"), std::string::npos) << r.out;
}

TEST(Cli, ATypeMismatchNamesTheTypeWithItsArticle) {
  TempDir tmp;
  auto r = run_command(bg("plan " + starter_with_postgres(tmp, "      replicas: \"x\"\n")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(": error: component \"postgres\".replicas must be an integer, got string\n"), std::string::npos) << r.err;
}

TEST(Cli, AComponentSetToABooleanIsShownHowToTurnItOffOrOn) {
  TempDir tmp;
  auto off = run_command(bg("plan " + starter_with(tmp, "    postgres:", "    kibana: false\n")));
  EXPECT_EQ(off.exit_code, 2);
  EXPECT_NE(off.err.find(":26:13: error: component \"kibana\" must be a mapping, got boolean\n"), std::string::npos) << off.err;
  EXPECT_NE(off.err.find("  hint: write `kibana: {enabled: false}` to turn it off\n"), std::string::npos) << off.err;
  auto on = run_command(bg("plan " + starter_with(tmp, "    postgres:", "    kibana: true\n")));
  EXPECT_EQ(on.exit_code, 2);
  EXPECT_NE(on.err.find("  hint: write `kibana: {}` to turn it on with its defaults\n"), std::string::npos) << on.err;
}

// The storage table is grouped by node, in the spec's order of nodes.
TEST(Cli, PlanGroupsStorageByNode) {
  auto r = run_command(bg("plan " + example()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t from = r.out.find("Storage per node (local PersistentVolumes, reclaim policy Retain)\n");
  ASSERT_NE(from, std::string::npos) << r.out;
  std::istringstream table(r.out.substr(from, r.out.find("\n\n", from) - from));
  std::string line;
  std::getline(table, line);
  std::getline(table, line);
  EXPECT_EQ(line.rfind("  NODE ", 0), 0u) << line;
  std::vector<std::string> groups;  // the node of each run of rows
  while (std::getline(table, line)) {
    std::string node = line.substr(2, line.find(' ', 2) - 2);
    if (groups.empty() || groups.back() != node) groups.push_back(node);
  }
  EXPECT_EQ(groups, (std::vector<std::string>{"worker-1", "worker-2", "gpu-1"}));
}

TEST(Cli, PlanJsonIsMachineReadable) {
  auto r = run_command(bg("plan -o json " + example()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["platform"], "betelgeusebytes");
  std::vector<std::string> endpoints;
  for (const auto& e : j["tcpEndpoints"]) endpoints.push_back(e["endpoint"]);
  EXPECT_EQ(endpoints, (std::vector<std::string>{"203.0.113.10:2222", "203.0.113.10:9094", "203.0.113.10:7687",
                                                 "203.0.113.10:5432"}));
  EXPECT_EQ(j["findings"].size(), 0u);
}

TEST(Cli, RenderWritesATreeThatKubectlKustomizeBuilds) {
  TempDir tmp;
  auto r = run_command(bg("render " + example() + " -o " + tmp / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto k = run_command("kubectl kustomize " + tmp / "out");
  ASSERT_EQ(k.exit_code, 0) << k.err;
  EXPECT_NE(k.out.find("kind: StatefulSet"), std::string::npos);
  EXPECT_NE(k.out.find("name: tcp-services"), std::string::npos);
  // kustomize emits exactly the objects we rendered.
  auto stream = run_command(bg("render " + example() + " -o -"));
  std::size_t ours = 0, theirs = 0;
  for (std::size_t p = 0; (p = stream.out.find("\nkind: ", p)) != std::string::npos; ++p) ++ours;
  for (std::size_t p = 0; (p = k.out.find("\nkind: ", p)) != std::string::npos; ++p) ++theirs;
  EXPECT_EQ(ours, theirs);
}

TEST(Cli, RenderingTwiceGivesByteIdenticalTrees) {
  TempDir tmp;
  ASSERT_EQ(run_command(bg("render " + example() + " -o " + tmp / "a")).exit_code, 0);
  ASSERT_EQ(run_command(bg("render " + example() + " -o " + tmp / "b")).exit_code, 0);
  auto a = testing::read_tree(tmp / "a"), b = testing::read_tree(tmp / "b");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  // Re-rendering into its own previous output replaces it cleanly.
  ASSERT_EQ(run_command(bg("render " + example() + " -o " + tmp / "a")).exit_code, 0);
  EXPECT_EQ(testing::read_tree(tmp / "a"), b);
}

TEST(Cli, AMalformedSpecExitsTwoAndWritesNothing) {
  TempDir tmp;
  std::ofstream(tmp / "bad.yaml") << "apiVersion: platform.betelgeusebytes.io/v1alpha1\nkind: Platform\n"
                                     "metadata: {name: x}\nspec:\n  domian: x.io\n  nodes: []\n";
  auto r = run_command(bg("render " + tmp / "bad.yaml" + " -o " + tmp / "out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:5:3: error: unknown field \"domian\" in spec"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: did you mean \"domain\"?"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(tmp / "out"));
  EXPECT_EQ(testing::read_tree(tmp.path()).size(), 1u);  // only bad.yaml: no staging leftovers
}

// Issue 27: a misspelled section is the first error, and the errors that only follow from it
// (every component "placed on undefined node") are counted onto it instead of listed.
TEST(Cli, AMisspelledSectionIsReportedFirstAndStandsForItsFollowOns) {
  TempDir tmp;
  std::string text = testing::example_spec();
  text.replace(text.find("\n  nodes:\n"), 10, "\n  nodez:\n");
  std::ofstream(tmp / "platform.yaml") << text;
  auto r = run_command(bg("plan " + tmp / "platform.yaml"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, tmp / "platform.yaml" +
                       ":19:3: error: unknown field \"nodez\" in spec\n"
                       "    nodez:\n"
                       "    ^\n"
                       "  hint: did you mean \"nodes\"?\n"
                       "  hint: 14 follow-on errors not shown (components placed on nodes that spec.nodes would define)\n");
}

// Issue 27: the error a disabled cert-manager causes points at its `enabled: false`.
TEST(Cli, CertManagerOffWithUisExposedIsReportedAtItsEnabledFalse) {
  TempDir tmp;
  std::string spec = starter_with(tmp, "    postgres:", "    cert-manager: {enabled: false}\n");
  auto r = run_command(bg("plan " + spec));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, spec +
                       ":26:29: error: UIs are exposed but cert-manager is disabled, so they would have no TLS\n"
                       "      cert-manager: {enabled: false}\n"
                       "                              ^\n"
                       "  hint: enable cert-manager\n");
}

// Issue 27: a size without a unit counts bytes. A bare number is an error that suggests the unit
// (quoting it would only make it 50 bytes); a quoted one renders, with a storage-size warning.
TEST(Cli, AStorageSizeWithoutAUnitIsShownTheUnit) {
  TempDir tmp;
  std::string starter = testing::read_file(starter_with_postgres(tmp, ""));
  std::string bare = starter, quoted = starter;
  bare.replace(bare.find("storage: 20Gi"), 13, "storage: 50");
  quoted.replace(quoted.find("storage: 20Gi"), 13, "storage: \"50\"");
  std::ofstream(tmp / "bare.yaml") << bare;
  std::ofstream(tmp / "quoted.yaml") << quoted;

  auto r = run_command(bg("plan " + tmp / "bare.yaml"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, tmp / "bare.yaml" +
                       ":27:16: error: component \"postgres\".storage must be a size with a unit, got the number 50\n"
                       "        storage: 50\n"
                       "                 ^\n"
                       "  hint: write `storage: 50Gi` (a number alone counts bytes)\n");

  auto q = run_command(bg("plan " + tmp / "quoted.yaml"));
  EXPECT_EQ(q.exit_code, 1) << q.err;
  std::size_t at = q.out.find(" objects rendered");
  ASSERT_NE(at, std::string::npos) << q.out;
  EXPECT_EQ(q.out.substr(at), " objects rendered, 1 finding (1 warning)\n" + tmp / "quoted.yaml" +
                                  ":26:5: warning: PersistentVolume db-postgres-data spec.capacity.storage: size \"50\" has "
                                  "no unit, so it is 50 bytes [storage-size]\n"
                                  "      postgres:\n"
                                  "      ^\n"
                                  "  hint: write the size with its unit, e.g. \"50Gi\" or \"50Mi\"\n");
}

// The impossible specs of the whole stack: each fails with its located error, exits 2, writes nothing.
TEST(Cli, ImpossibleStackSpecsExitTwoWithALocatedError) {
  struct Case {
    const char* name;
    std::string spec;
    std::string want;
  };
  std::string text = testing::example_spec();
  std::string no_gpu = text;  // gpu-1 becomes an ordinary worker
  no_gpu.replace(no_gpu.find("      role: gpu\n"), 15, "      role: worker\n");
  std::string dep_off = text;
  dep_off.replace(dep_off.find("    minio:\n"), 11, "    minio:\n      enabled: false\n");
  std::string port_twice = text;
  port_twice.replace(port_twice.find("tcpPort: 9094"), 13, "tcpPort: 7687");
  const Case cases[] = {
      {"a GPU workload with no GPU node", no_gpu, "platform.yaml:102:16: error: component \"vllm\" runs on GPU nodes, but no node has role gpu"},
      {"a dependency on a disabled component", dep_off, "platform.yaml:69:16: error: component \"argo-workflows\" depends on \"minio\", which is disabled"},
      {"a TCP port used twice", port_twice, "error: TCP port 7687 of \"neo4j\" is already used by kafka"},
  };
  for (const Case& c : cases) {
    TempDir tmp;
    std::ofstream(tmp / "platform.yaml") << c.spec;
    auto r = run_command(bg("render " + tmp / "platform.yaml" + " -o " + tmp / "out"));
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_NE(r.err.find(c.want), std::string::npos) << c.name << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(tmp / "out")) << c.name;
  }
}

TEST(Cli, RenderRefusesToReplaceAFolderItDidNotWrite) {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "mine");
  std::ofstream(tmp / "mine/notes.txt") << "keep me";
  auto r = run_command(bg("render " + example() + " -o " + tmp / "mine"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(testing::read_file(tmp / "mine/notes.txt"), "keep me");
}

TEST(Cli, RenderKeepsTheFilesTheUserAddedToItsFolder) {
  TempDir tmp;
  ASSERT_EQ(run_command(bg("render " + example() + " -o " + tmp / "out")).exit_code, 0);
  auto first = testing::read_tree(tmp / "out");
  std::ofstream(tmp / "out/NOTES.md") << "keep me";
  std::filesystem::create_directories(tmp / "out/db/mine");
  std::ofstream(tmp / "out/db/mine/patch.yaml") << "mine: true\n";
  auto again = run_command(bg("render " + example() + " -o " + tmp / "out"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto second = testing::read_tree(tmp / "out");
  EXPECT_EQ(second["NOTES.md"], "keep me");
  EXPECT_EQ(second["db/mine/patch.yaml"], "mine: true\n");
  second.erase("NOTES.md");
  second.erase("db/mine/patch.yaml");
  EXPECT_EQ(second, first) << "the render itself is the same";
  // The record of what render wrote does not list them, and kustomize still builds the tree.
  EXPECT_EQ(first[".betelgeuse-files"].find("NOTES.md"), std::string::npos);
  EXPECT_NE(first[".betelgeuse-files"].find("\nkustomization.yaml\n"), std::string::npos) << first[".betelgeuse-files"];
  EXPECT_EQ(run_command("kubectl kustomize " + tmp / "out").exit_code, 0);
}

// A file of the user's where the render now needs to write one of its own is refused, not replaced.
TEST(Cli, RenderRefusesToReplaceAFileTheUserAdded) {
  TempDir tmp;
  std::ofstream(tmp / "p.yaml") << testing::with_disabled(testing::example_spec(), {"kibana"});
  ASSERT_EQ(run_command(bg("render " + tmp / "p.yaml" + " -o " + tmp / "out")).exit_code, 0);
  std::filesystem::create_directories(tmp / "out/observability/kibana");
  std::ofstream(tmp / "out/observability/kibana/deployment-kibana.yaml") << "mine\n";
  auto before = testing::read_tree(tmp / "out");
  auto r = run_command(bg("render " + example() + " -o " + tmp / "out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "betelgeuse: cannot write " + tmp / "out" + "/observability/kibana/deployment-kibana.yaml: betelgeuse did "
                   "not write the file there, and would now replace it\nhint: move the file out of " + tmp / "out" +
                   " (or delete it) and run the command again\n");
  EXPECT_EQ(testing::read_tree(tmp / "out"), before) << "nothing changed";
}

TEST(Cli, InitWritesAStarterThatPlansCleanlyAndNeverOverwrites) {
  TempDir tmp;
  ASSERT_EQ(run_command(bg("init -o " + tmp / "platform.yaml")).exit_code, 0);
  EXPECT_EQ(run_command(bg("plan " + tmp / "platform.yaml")).exit_code, 0);
  auto again = run_command(bg("init -o " + tmp / "platform.yaml"));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
}

TEST(Cli, DiagramWritesSvgWhenAskedAndDotOtherwise) {
  TempDir tmp;
  auto svg = run_command(bg("diagram " + example() + " -o " + tmp / "p.svg"));
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_NE(testing::read_file(tmp / "p.svg").find("<svg"), std::string::npos);
  auto dot = run_command(bg("diagram " + example()));
  EXPECT_EQ(dot.exit_code, 0);
  EXPECT_EQ(dot.out.rfind("digraph platform {", 0), 0u);
  auto png = run_command(bg("diagram " + example() + " -o " + tmp / "p.png"));
  ASSERT_EQ(png.exit_code, 0) << png.err;
  EXPECT_EQ(testing::read_file(tmp / "p.png").substr(0, 8), "\x89PNG\r\n\x1a\n");
}

TEST(Cli, DiagramRefusesAnExtensionItCannotDraw) {
  TempDir tmp;
  auto r = run_command(bg("diagram " + example() + " -o " + tmp / "p.jpg"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "betelgeuse: cannot tell which picture format " + tmp / "p.jpg" +
                       " should be from its extension \".jpg\"\n"
                       "hint: name the file .dot, .svg or .png, or pass --format dot, svg or png\n");
  EXPECT_FALSE(std::filesystem::exists(tmp / "p.jpg"));
  // Told the format, any name does.
  ASSERT_EQ(run_command(bg("diagram " + example() + " --format dot -o " + tmp / "p.txt")).exit_code, 0);
  EXPECT_EQ(testing::read_file(tmp / "p.txt").rfind("digraph platform {", 0), 0u);
}

TEST(Cli, CheckIsCleanOnOurOwnRender) {
  TempDir tmp;
  ASSERT_EQ(run_command(bg("render " + example() + " -o " + tmp / "out")).exit_code, 0);
  auto r = run_command(bg("check " + tmp / "out"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(" findings"), std::string::npos);
}

TEST(Cli, CheckPointsAtTheOffendingFieldsLine) {
  TempDir tmp;
  std::ofstream(tmp / "d.yaml") << "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n"
                                   "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
                                   "    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n"
                                   "        imagePullPolcy: Always\n";
  auto r = run_command(bg("check " + tmp / "d.yaml"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("d.yaml:13:9: error:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("imagePullPolcy"), std::string::npos) << r.out;
}

TEST(Cli, CheckReadsStdinAndRejectsMalformedYamlWithTwo) {
  auto ok = run_command("printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: a}\\n' | " + bg("check -"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  auto bad = run_command("printf 'a: [\\n' | " + bg("check -"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("<stdin>:"), std::string::npos) << bad.err;
}

// The Gateway API backend end to end: the example with the other backend renders a tree that the
// real kubectl kustomize builds and that check finds clean; the DNS fragment sits beside it.
TEST(Cli, TheGatewayApiBackendRendersACleanTreeThatKubectlKustomizeBuilds) {
  TempDir tmp;
  std::ofstream(tmp / "gateway.yaml") << testing::gateway_example_spec();
  auto r = run_command(bg("render " + tmp / "gateway.yaml" + " -o " + tmp / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto k = run_command("kubectl kustomize " + tmp / "out");
  ASSERT_EQ(k.exit_code, 0) << k.err;
  EXPECT_NE(k.out.find("kind: Gateway\n"), std::string::npos);
  EXPECT_NE(k.out.find("kind: TCPRoute"), std::string::npos);
  EXPECT_EQ(k.out.find("kind: Ingress\n"), std::string::npos);
  EXPECT_EQ(k.out.find("betelgeusebytes.io.zone"), std::string::npos) << "the zone is no kustomize resource";
  auto c = run_command(bg("check " + tmp / "out"));
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  EXPECT_NE(c.out.find(" 0 findings"), std::string::npos) << c.out;
}

TEST(Cli, RenderWritesTheDnsZoneFragmentAndPlanListsTheRecords) {
  TempDir tmp;
  ASSERT_EQ(run_command(bg("render " + example() + " -o " + tmp / "out")).exit_code, 0);
  std::string zone = testing::read_file(tmp / "out/dns/betelgeusebytes.io.zone");
  EXPECT_NE(zone.find("IN A    203.0.113.10  ; UI of grafana\n"), std::string::npos) << zone;
  auto plan = run_command(bg("plan " + example()));
  EXPECT_NE(plan.out.find("DNS records (render writes them to dns/betelgeusebytes.io.zone)"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("tcp.betelgeusebytes.io"), std::string::npos) << plan.out;
  auto j = nlohmann::json::parse(run_command(bg("plan -o json " + example())).out);
  bool grafana = false;
  for (const auto& record : j["dnsRecords"])
    if (record["name"] == "grafana.betelgeusebytes.io") grafana = record["value"] == "203.0.113.10";
  EXPECT_TRUE(grafana) << j["dnsRecords"].dump();
}

// SSO on both backends, through the real binary and kubectl: Keycloak, its setup Job, the proxies.
TEST(Cli, SsoRendersACleanTreeOnBothBackends) {
  TempDir tmp;
  for (std::string text : {testing::example_spec(), testing::gateway_example_spec()}) {
    text.replace(text.find("auth: basic"), 11, "auth: sso  ");
    text += "    keycloak: {}\n";
    std::ofstream(tmp / "sso.yaml") << text;
    std::filesystem::remove_all(tmp / "out");
    auto r = run_command(bg("render " + tmp / "sso.yaml" + " -o " + tmp / "out"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto k = run_command("kubectl kustomize " + tmp / "out");
    ASSERT_EQ(k.exit_code, 0) << k.err;
    EXPECT_NE(k.out.find("name: grafana-sso\n"), std::string::npos);
    EXPECT_NE(k.out.find("kind: Job\n"), std::string::npos);
    EXPECT_EQ(k.out.find("\nkind: Secret\n"), std::string::npos) << "secrets are referenced by name only";
    auto c = run_command(bg("check " + tmp / "out"));
    EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  }
}

}  // namespace
}  // namespace bg::cli
