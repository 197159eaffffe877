// The documentation is a test: the shell commands of README.md's quickstart and of
// docs/quickstart.md run exactly as written, with relative paths, in a fresh folder as the working
// directory and the built binary on PATH, and each must succeed.
//
// Which commands are not run here is data (the table below), not judgement at run time: the setup
// and build steps (CI ran them to get here), and the steps that need a cluster or machines; those
// are listed in the test's output, so nothing is left out silently.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "testing/fixtures.h"

namespace bg::cli {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

// The command lines of a Markdown file's ```sh blocks: comments dropped, `\` continuations joined.
std::vector<std::string> shell_commands(const std::string& markdown) {
  std::vector<std::string> out;
  std::istringstream in(markdown);
  std::string line, pending;
  bool in_block = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      in_block = !in_block && line == "```sh";
      continue;
    }
    if (!in_block) continue;
    line = std::regex_replace(line, std::regex(R"(\s+#\s.*$)"), "");
    line = std::regex_replace(line, std::regex(R"(^\s+|\s+$)"), "");
    if (!line.empty() && line.back() == '\\') {
      pending += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    line = pending + line;
    pending.clear();
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

enum class Step { kRun, kPrerequisite, kCluster, kMachines };

// What a part of a command line (between `&&`) needs. The prerequisites are what CI runs before
// this test (scripts/test.sh: setup, build) or what the harness does in their place (PATH).
Step classify(const std::string& part) {
  static const std::vector<std::pair<std::regex, Step>> table = {
      {std::regex(R"(^bash scripts/(setup|build|test)\.sh$)"), Step::kPrerequisite},
      {std::regex(R"(^git clone )"), Step::kPrerequisite},
      {std::regex(R"(^cd betelgeuse$)"), Step::kPrerequisite},
      {std::regex(R"(^export PATH=\$PWD/build:\$PATH$)"), Step::kPrerequisite},
      {std::regex(R"(--kubeconfig|^kubectl (get|-n)|^id=\$\(kubectl)"), Step::kCluster},
      {std::regex(R"(^(build/)?betelgeuse (apply|diff|status|destroy|secrets) )"), Step::kCluster},
      {std::regex(R"(^betelgeuse nodes apply (?!.*--dry-run))"), Step::kMachines},
  };
  for (const auto& [pattern, step] : table)
    if (std::regex_search(part, pattern)) return step;
  return Step::kRun;
}

std::vector<std::string> split_and(const std::string& line) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = line.find(" && ", start);
    std::string part = line.substr(start, at == std::string::npos ? std::string::npos : at - start);
    parts.push_back(std::regex_replace(part, std::regex(R"(^\s+|\s+$)"), ""));
    if (at == std::string::npos) break;
    start = at + 4;
  }
  return parts;
}

struct DocRun {
  std::vector<std::string> ran;
  std::vector<std::string> not_run;  // with the reason
};

// Runs every runnable command of `doc` in order in `dir`, each in its own shell, the built binary
// first on PATH and HOME inside `dir` (nothing of the user's is read or written).
DocRun run_document(const std::string& doc, const std::string& dir) {
  DocRun r;
  fs::path bin = fs::path(dir).parent_path() / "bin";
  fs::create_directories(bin);
  std::error_code ec;
  fs::create_symlink(testing::binary(), bin / "betelgeuse", ec);
  for (const std::string& line : shell_commands(testing::read_file(testing::source_path(doc)))) {
    std::vector<std::string> run;
    for (const std::string& part : split_and(line)) {
      switch (classify(part)) {
        case Step::kRun: run.push_back(part); break;
        case Step::kPrerequisite: r.not_run.push_back(part + "  (done before the tests)"); break;
        case Step::kCluster: r.not_run.push_back(part + "  (needs a cluster)"); break;
        case Step::kMachines: r.not_run.push_back(part + "  (needs machines)"); break;
      }
    }
    if (run.empty()) continue;
    std::string joined;
    for (const std::string& part : run) joined += (joined.empty() ? "" : " && ") + part;
    std::string quoted = std::regex_replace(joined, std::regex("'"), "'\\''");
    auto result = run_command("cd " + dir + " && HOME=" + dir + " PATH=" + bin.string() +
                              ":$PATH bash -o pipefail -c '" + quoted + "'");
    EXPECT_EQ(result.exit_code, 0) << doc << ": `" << joined << "` failed:\n" << result.err << result.out;
    r.ran.push_back(joined);
  }
  return r;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void print_not_run(const std::string& doc, const DocRun& r) {
  std::cout << doc << ": not run here:\n";
  for (const std::string& s : r.not_run) std::cout << "  " << s << "\n";
}

TEST(Documentation, TheQuickstartsCommandsSucceedInAnEmptyFolder) {
  testing::TempDir tmp;
  fs::create_directory(tmp / "work");
  DocRun r = run_document("docs/quickstart.md", tmp / "work");
  // The parse found the steps a new user types first (a broken parse must not pass by running nothing).
  for (const char* expected : {"betelgeuse init -o platform.yaml", "betelgeuse plan platform.yaml",
                               "betelgeuse diagram platform.yaml -o platform.svg", "betelgeuse render platform.yaml -o out",
                               "betelgeuse check out", "betelgeuse nodes render platform.yaml -o nodes-out"})
    EXPECT_TRUE(contains(r.ran, expected)) << expected;
  EXPECT_TRUE(fs::exists(tmp / "work/platform.svg"));
  print_not_run("docs/quickstart.md", r);
}

TEST(Documentation, TheReadmesCommandsSucceedInACheckoutsLayout) {
  // The README's commands run from the checkout: a fresh folder with the example and the built
  // binary where a checkout has them, and nothing else.
  testing::TempDir tmp;
  fs::path work = tmp / "work";
  fs::create_directories(work / "build");
  fs::create_symlink(testing::binary(), work / "build/betelgeuse");
  fs::copy(testing::source_path("examples"), work / "examples", fs::copy_options::recursive);
  DocRun r = run_document("README.md", work.string());
  EXPECT_TRUE(contains(r.ran, "build/betelgeuse plan examples/betelgeusebytes.yaml"));
  EXPECT_TRUE(contains(r.ran, "build/betelgeuse check out"));
  print_not_run("README.md", r);
}

TEST(Documentation, AFirstUsersCommandsWorkWithBareFileNames) {
  // Issue 25's sequence, each start in a folder of its own where it must be empty.
  struct Case {
    std::vector<std::string> commands;
    std::string writes;
  };
  const std::vector<Case> cases = {
      {{"betelgeuse init"}, "platform.yaml"},
      {{"betelgeuse init -o platform.yaml"}, "platform.yaml"},
      {{"betelgeuse init", "betelgeuse plan platform.yaml"}, "platform.yaml"},
      {{"betelgeuse init", "betelgeuse diagram platform.yaml -o platform.svg"}, "platform.svg"},
      {{"betelgeuse init", "betelgeuse diagram platform.yaml -o platform.dot"}, "platform.dot"},
      {{"betelgeuse init", "betelgeuse render platform.yaml -o out", "betelgeuse check out"}, "out/kustomization.yaml"},
      {{"betelgeuse init", "betelgeuse nodes render platform.yaml -o nodes-out"}, "nodes-out"},
  };
  for (const Case& c : cases) {
    testing::TempDir tmp;
    fs::create_symlink(testing::binary(), tmp / "betelgeuse");
    fs::create_directory(tmp / "work");
    for (const std::string& command : c.commands) {
      auto r = run_command("cd " + (tmp / "work") + " && PATH=" + tmp.path() + ":$PATH " + command);
      EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err << r.out;
    }
    EXPECT_TRUE(fs::exists(tmp / ("work/" + c.writes))) << c.writes;
    for (const auto& e : fs::directory_iterator(tmp / "work"))
      EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "left behind: " << e.path();
  }
}

TEST(Documentation, AWriteThatFailsNamesTheFileAndSaysWhatToDo) {
  testing::TempDir tmp;
  std::ofstream(tmp / "file") << "x";
  fs::create_directory(tmp / "d1");
  struct Case {
    std::string command, err;
  };
  const std::vector<Case> cases = {
      {"init -o file/platform.yaml",
       "betelgeuse: cannot create the folder file: Not a directory\nhint: choose another path with -o\n"},
      {"init -o d1/ --force",
       "betelgeuse: cannot write d1/: it is a folder\nhint: pass a file name, for example -o d1/platform.yaml\n"},
      {"plan missing.yaml", "cannot read missing.yaml: No such file or directory"},
      {"render " + testing::source_path("examples/betelgeusebytes.yaml") + " -o file",
       "betelgeuse: cannot write file: it exists and is not a folder\nhint: choose another -o folder\n"},
      {"diagram " + testing::source_path("examples/betelgeusebytes.yaml") + " -o file/x.svg",
       "betelgeuse: cannot create the folder file: Not a directory\nhint: choose another path with -o\n"},
  };
  for (const Case& c : cases) {
    auto r = run_command("cd " + tmp.path() + " && " + testing::binary() + " " + c.command);
    EXPECT_EQ(r.exit_code, 2) << c.command;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << c.command << "\n" << r.err;
  }
  EXPECT_EQ(testing::read_file(tmp / "file"), "x") << "nothing partial written";
}

}  // namespace
}  // namespace bg::cli
