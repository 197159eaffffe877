// Hostile and huge inputs: deep nesting, alias bombs, binary garbage, huge scalars, a 100 MB file,
// and third-party manifests. Each must give an error or a finding — never a crash, a hang, an
// internal error or unbounded memory. Big inputs are generated here, never committed.
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "check/checker.h"
#include "check/manifest_reader.h"
#include "testing/fixtures.h"

namespace bg::check {
namespace {

struct Outcome {
  Diagnostics input;  // YAML errors: exit 2
  std::vector<Finding> findings;
};

Outcome check(const std::string& text) {
  testing::MemoryFileSystem fs;
  fs.files["in.yaml"] = text;
  Checker checker(SchemaSet::builtin());
  ReadResult r = read_each(fs, {"in.yaml"}, nullptr,
                           [&](const std::string& file, const yaml::Node& object) { checker.add_document(object, file); });
  Outcome o{r.diagnostics, checker.finish()};
  for (const Finding& f : o.findings) EXPECT_NE(f.rule, "internal") << f.message;
  return o;
}

std::string first_error(const Outcome& o) { return o.input.empty() ? "" : o.input.items()[0].message; }

TEST(Robustness, DeepFlowNestingIsAnError) {
  EXPECT_EQ(first_error(check("a: " + std::string(100000, '['))), "nesting is deeper than 256 levels");
}

TEST(Robustness, DeepBlockNestingIsAnError) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
  EXPECT_EQ(first_error(check(text)), "nesting is deeper than 256 levels");
}

TEST(Robustness, AnAliasBombIsRefusedBeforeItExpands) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c)
    text += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" +
            static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + "]\n";
  Outcome o = check(text);
  ASSERT_TRUE(o.input.has_errors());
  EXPECT_NE(first_error(o).find("alias expansion exceeds"), std::string::npos) << first_error(o);
}

TEST(Robustness, BinaryGarbageIsAnErrorOrNothingNeverACrash) {
  uint64_t state = 7;
  auto next = [&] { return static_cast<unsigned>((state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33); };
  const std::string base = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector: {app: a}\n"
                           "  ports:\n  - {port: 80, targetPort: http}\n";
  for (int round = 0; round < 2000; ++round) {
    std::string text = base;
    if (round % 2 == 0) {
      text.clear();
      for (unsigned n = next() % 256; n > 0; --n) text += static_cast<char>(next() % 256);
    } else {
      for (unsigned flips = 1 + next() % 6; flips > 0; --flips) text[next() % text.size()] = static_cast<char>(next() % 256);
    }
    Outcome o = check(text);
    for (const Diagnostic& d : o.input) EXPECT_FALSE(d.message.empty());
  }
}

TEST(Robustness, AHugeScalarIsAFinding) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: a}\ndata:\n  blob: \"" +
                     std::string(64u << 20, 'x') + "\"\n";
  Outcome o = check(text);
  ASSERT_TRUE(o.input.empty());
  ASSERT_EQ(o.findings.size(), 1u);
  EXPECT_EQ(o.findings[0].rule, "too-large");
  EXPECT_EQ(o.findings[0].message, "ConfigMap data holds 67108868 bytes; the API server refuses more than 1048576");
  EXPECT_EQ(o.findings[0].loc, (SourceLocation{"in.yaml", 5, 3}));
}

TEST(Robustness, HugeAnnotationsAreAFinding) {
  std::string text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    note: " +
                     std::string(300000, 'y') + "\n";
  Outcome o = check(text);
  ASSERT_EQ(o.findings.size(), 1u);
  EXPECT_EQ(o.findings[0].message, "the annotations hold 300004 bytes; the API server refuses more than 262144");
}

// A 100 MB stream of ordinary objects: checked in bounded memory, one finding per broken object.
TEST(Robustness, AHundredMegabyteFileIsCheckedInBoundedMemory) {
  testing::TempDir tmp;
  const std::string path = tmp / "big.yaml";
  std::size_t objects = 0;
  {
    std::ofstream out(path);
    std::size_t bytes = 0;
    for (int i = 0; bytes < (100u << 20); ++i, ++objects) {
      std::string doc = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-" + std::to_string(i) +
                        "\n  namespace: team-" + std::to_string(i % 100) + "\n  labels:\n    app: app-" +
                        std::to_string(i) + "\ndata:\n  LOG_LEVEL: info\n  FEATURES: \"a,b,c\"\n" +
                        (i % 1000 == 0 ? "  DB_PASSWORD: hunter2\n" : "") + "  config.yaml: |\n" +
                        "    server:\n      port: 8080\n      timeout: 30s\n    cache:\n      size: 512\n";
      bytes += doc.size();
      out << doc;
    }
  }
  // Run the real binary and read its own peak memory from wait4(). Not through posix_spawn: its
  // child shares our memory until exec, and the kernel counts our peak (this whole test process's,
  // every earlier test included) as the child's. A forked child starts from our current resident
  // size instead, which malloc_trim first brings down to what is live.
  const std::string out_path = tmp / "out.json";
  std::vector<std::string> args = {testing::binary(), "check", "-o", "json", path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  malloc_trim(0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {  // only async-signal-safe calls until exec
    int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, 1) < 0) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(pid, &status, 0, &usage), pid);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  nlohmann::json out = nlohmann::json::parse(testing::read_file(out_path));
  EXPECT_EQ(out["summary"]["objects"], objects);
  EXPECT_EQ(out["summary"]["errors"], (objects + 999) / 1000);  // one literal password per thousand objects
  std::size_t rss_kb = static_cast<std::size_t>(usage.ru_maxrss);
  // The text itself is kept for quoting lines; everything else is a few hundred bytes per object.
  EXPECT_LT(rss_kb, 600u * 1024) << "peak RSS " << rss_kb << " KiB for a 100 MiB file";
}

TEST(Robustness, ThirdPartyCrdsRunWithoutCrashing) {
  namespace fs = std::filesystem;
  // Upstream CRDs carried as test data (tests/third-party/PROVENANCE.md), plus one JSON document
  // that is not an object at all.
  std::string dir = testing::source_path("tests/third-party");
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  DiskFileSystem disk;
  Checker checker(SchemaSet::builtin());
  ReadResult r = read_each(disk, {dir}, nullptr,
                           [&](const std::string& file, const yaml::Node& object) { checker.add_document(object, file); });
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(r.documents, 7u);
  std::size_t not_objects = 0;
  for (const Finding& f : checker.finish()) {
    EXPECT_NE(f.rule, "internal") << f.loc.str() << " " << f.message;
    // The CRDs are valid CustomResourceDefinitions; the folder's JSON schemas are not objects at all.
    if (f.rule == "schema") {
      EXPECT_EQ(f.message, "not a Kubernetes object: apiVersion and kind are required") << f.loc.str();
      EXPECT_EQ(std::filesystem::path(f.loc.file).filename(), "not-an-object.json") << f.loc.str();
      ++not_objects;
    }
  }
  EXPECT_EQ(not_objects, 1u);
}

TEST(Robustness, JsonListsFromKubectlAreOpenedUp) {
  Outcome o = check(R"({"apiVersion": "v1", "kind": "List", "items": [
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"DB_PASSWORD": "x1"}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}, "dta": {}}]})");
  ASSERT_EQ(o.findings.size(), 2u);
  EXPECT_EQ(o.findings[0].rule, "no-literal-secret");
  EXPECT_EQ(o.findings[0].loc, (SourceLocation{"in.yaml", 2, 98}));
  EXPECT_EQ(o.findings[1].rule, "schema");
  EXPECT_EQ(o.findings[1].loc.line, 3);
}

}  // namespace
}  // namespace bg::check
