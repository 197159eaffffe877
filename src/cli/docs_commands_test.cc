// The documentation is a test: the shell commands of README.md's quickstart and of
// docs/quickstart.md run exactly as written, with relative paths, in a fresh folder as the working
// directory and the built binary on PATH, and each must succeed.
//
// The steps that need a cluster run against the real control plane (testing/real_cluster.h),
// started with the doc's own platform file when the first of them comes, its admin kubeconfig
// copied to ~/.kube/config as the doc tells the user to do (HOME is the doc's folder); shell
// variables a step sets are kept for the steps after it, as in the user's one shell.
//
// Which commands are not run here is data (the table below), not judgement at run time: the setup
// and build steps (CI ran them to get here), and the steps that need machines (SSH to real
// servers); those are listed in the test's output, so nothing is left out silently.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "testing/fixtures.h"
#include "testing/real_cluster.h"

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

// The exit code a step has where the doc has it, when that is not 0: what the doc says of it.
int documented_exit(const std::string& command) {
  // "the changes line by line (exit 1 when something would)": before the first apply, everything would.
  if (command == "betelgeuse diff platform.yaml --kubeconfig ~/.kube/config") return 1;
  return 0;
}

struct DocRun {
  std::vector<std::string> ran;
  std::vector<std::string> not_run;  // with the reason
  std::map<std::string, testing::CommandResult> results;  // of each command run
  std::unique_ptr<testing::RealCluster> cluster;          // once a step needed one
};

// Runs every runnable command of `doc` in order in `dir`, each in its own shell, the built binary
// first on PATH, HOME inside `dir` and no KUBECONFIG (nothing of the user's is read or written).
// The steps that need a cluster run against a real control plane started with `cluster_spec`
// (relative to `dir`, as the doc wrote it by then); a doc given none has no such step.
DocRun run_document(const std::string& doc, const std::string& dir, const std::string& cluster_spec = {}) {
  DocRun r;
  fs::path bin = fs::path(dir).parent_path() / "bin";
  fs::create_directories(bin);
  std::error_code ec;
  fs::create_symlink(testing::binary(), bin / "betelgeuse", ec);
  const std::string vars = (fs::path(dir).parent_path() / "shell-variables").string();
  std::ofstream(vars) << "";
  for (const std::string& line : shell_commands(testing::read_file(testing::source_path(doc)))) {
    std::vector<std::string> run;
    for (const std::string& part : split_and(line)) {
      switch (classify(part)) {
        case Step::kRun: run.push_back(part); break;
        case Step::kPrerequisite: r.not_run.push_back(part + "  (done before the tests)"); break;
        case Step::kMachines: r.not_run.push_back(part + "  (needs machines: SSH to the servers)"); break;
        case Step::kCluster:
          EXPECT_FALSE(cluster_spec.empty()) << doc << ": a step needs a cluster: " << part;
          if (!r.cluster) {
            // "Copy the control plane's /etc/kubernetes/admin.conf to ~/.kube/config".
            r.cluster = std::make_unique<testing::RealCluster>((fs::path(dir) / cluster_spec).string());
            fs::create_directories(fs::path(dir) / ".kube");
            if (r.cluster->ok()) fs::copy_file(r.cluster->kubeconfig(), fs::path(dir) / ".kube/config");
          }
          run.push_back(part);
          break;
      }
    }
    if (run.empty()) continue;
    std::string joined, keep;
    for (const std::string& part : run) {
      joined += (joined.empty() ? "" : " && ") + part;
      std::smatch assigned;
      if (std::regex_search(part, assigned, std::regex(R"(^([A-Za-z_][A-Za-z0-9_]*)=)")))
        keep += " && declare -p " + assigned[1].str() + " >>" + vars;
    }
    std::string quoted = std::regex_replace(". " + vars + " && " + joined + keep, std::regex("'"), "'\\''");
    auto result = run_command("cd " + dir + " && env -u KUBECONFIG HOME=" + dir + " PATH=" + bin.string() +
                              ":$PATH bash -o pipefail -c '" + quoted + "'");
    EXPECT_EQ(result.exit_code, documented_exit(joined)) << doc << ": `" << joined << "` failed:\n" << result.err << result.out;
    r.ran.push_back(joined);
    r.results[joined] = result;
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

TEST(Documentation, TheQuickstartsCommandsSucceedInAnEmptyFolderAndOnARealCluster) {
  testing::TempDir tmp;
  fs::create_directory(tmp / "work");
  DocRun r = run_document("docs/quickstart.md", tmp / "work", "platform.yaml");
  // The parse found the steps a new user types (a broken parse must not pass by running nothing).
  for (const char* expected : {"betelgeuse init -o platform.yaml", "betelgeuse plan platform.yaml",
                               "betelgeuse diagram platform.yaml -o platform.svg", "betelgeuse render platform.yaml -o out",
                               "betelgeuse check out", "betelgeuse nodes render platform.yaml -o nodes-out",
                               "betelgeuse plan platform.yaml --kubeconfig ~/.kube/config",
                               "betelgeuse diff platform.yaml --kubeconfig ~/.kube/config",
                               "betelgeuse apply platform.yaml --kubeconfig ~/.kube/config",
                               "betelgeuse status platform.yaml --kubeconfig ~/.kube/config"})
    EXPECT_TRUE(contains(r.ran, expected)) << expected;
  EXPECT_TRUE(fs::exists(tmp / "work/platform.svg"));
  EXPECT_TRUE(contains(r.not_run, "betelgeuse nodes apply platform.yaml  (needs machines: SSH to the servers)"));
  ASSERT_TRUE(r.cluster && r.cluster->ok()) << "the cluster steps ran on the real control plane";
  // What the cluster steps showed: the platform applied, every component healthy, and kubectl
  // finding what Betelgeuse owns by the id the doc reads from the ApplySet parent.
  EXPECT_NE(r.results["betelgeuse apply platform.yaml --kubeconfig ~/.kube/config"].out.find(" created, 0 configured, 0 unchanged, 0 pruned"),
            std::string::npos);
  EXPECT_NE(r.results["betelgeuse status platform.yaml --kubeconfig ~/.kube/config"].out.find("\npostgres "), std::string::npos);
  const std::string owned = "kubectl get deploy,sts,ds -A -l applyset.kubernetes.io/part-of=$id";
  ASSERT_TRUE(r.results.count(owned)) << "the doc's last step ran";
  for (const char* workload : {"statefulset.apps/postgres ", "deployment.apps/cert-manager ", "daemonset.apps/node-exporter "})
    EXPECT_NE(r.results[owned].out.find(workload), std::string::npos) << workload << "\n" << r.results[owned].out << r.results[owned].err;
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
