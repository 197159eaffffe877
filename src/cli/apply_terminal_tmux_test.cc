// apply's progress on a real terminal: the real betelgeuse binary applying the whole example inside
// tmux at 80 columns, against the Kubernetes API test server with a ready delay (so every wave
// waits and its line is redrawn many times). What tmux's screen holds afterwards is what a person
// would see: one line per wave, none duplicated by a redraw that wrapped. tmux is a test dependency
// (scripts/setup.sh); without it this test fails, it does not skip.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "testing/kube_testserver.h"

namespace bg::cli {
namespace {

using testing::run_command;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// A tmux server of the test's own (its own socket, no user configuration), killed at the end.
class Tmux {
 public:
  explicit Tmux(std::string socket) : socket_(std::move(socket)) {}
  ~Tmux() { run("kill-server"); }
  testing::CommandResult run(const std::string& args) { return run_command("tmux -S " + socket_ + " -f /dev/null " + args); }

 private:
  std::string socket_;
};

TEST(ApplyOnATerminal, At80ColumnsEachWaveEndsAsOneLineAndNoLineIsRepeated) {
  ASSERT_EQ(run_command("command -v tmux").exit_code, 0) << "tmux is not installed (scripts/setup.sh installs it)";
  testserver::SimulatorOptions sim;
  sim.ready_delay = std::chrono::milliseconds(1500);
  testing::KubeTestServer server(testserver::ServerOptions{}, sim);
  testing::TempDir dir;
  // The whole example: its dependency levels list up to 19 components, far wider than 80 columns.
  std::ofstream(dir / "platform.yaml") << testing::example_spec();
  // The pane's shell waits for "go" so that pipe-pane records the run's bytes from the first one.
  std::ofstream(dir / "run.sh") << "while [ ! -e " << dir / "go" << " ]; do sleep 0.05; done\n"
                                << testing::binary() << " apply " << dir / "platform.yaml" << " --kubeconfig "
                                << server.kubeconfig() << " --wave-timeout 180\n"
                                << "echo $? > " << dir / "exit.tmp" << " && mv " << dir / "exit.tmp" << " " << dir / "exit" << "\n"
                                << "sleep 600\n";
  Tmux tmux(dir / "tmux.sock");
  auto started = tmux.run("new-session -d -x 80 -y 40 -s apply 'sh " + dir / "run.sh" + "'");
  ASSERT_EQ(started.exit_code, 0) << started.err;
  ASSERT_EQ(tmux.run("pipe-pane -o -t apply 'cat > " + dir / "raw" + "'").exit_code, 0);
  std::ofstream(dir / "go") << "";

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
  while (!std::ifstream(dir / "exit") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(std::ifstream(dir / "exit")) << "apply did not finish in 240 s";
  auto screen = tmux.run("capture-pane -p -t apply -S -");  // the whole history, not only what is visible
  ASSERT_EQ(screen.exit_code, 0) << screen.err;
  EXPECT_EQ(testing::read_file(dir / "exit"), "0\n") << screen.out;

  std::vector<std::string> lines = lines_of(screen.out);
  ASSERT_GE(lines.size(), 2u) << screen.out;
  std::size_t waves = 0;
  ASSERT_EQ(std::sscanf(lines[0].c_str(), "wave 1/%zu", &waves), 1) << screen.out;
  // Exactly: one final line per wave, in order, then the summary; nothing wrapped or left behind.
  ASSERT_EQ(lines.size(), waves + 1) << screen.out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < waves; ++i) {
    EXPECT_EQ(lines[i].rfind("wave " + std::to_string(i + 1) + "/" + std::to_string(waves) + "  ", 0), 0u) << lines[i];
    EXPECT_NE(lines[i].find("  done in "), std::string::npos) << lines[i];
    EXPECT_LT(lines[i].size(), 80u) << lines[i];
    EXPECT_TRUE(seen.insert(lines[i]).second) << "duplicated: " << lines[i];
  }
  EXPECT_NE(lines[waves].find(" created, 0 configured, 0 unchanged, 0 pruned"), std::string::npos) << lines[waves];

  // And the lines were live: each wave's was redrawn in place while it waited, and said on what.
  std::string raw = testing::read_file(dir / "raw");
  EXPECT_GT(count(raw, "\r\033[2K"), 2 * waves) << raw;
  EXPECT_TRUE(std::regex_search(raw, std::regex("healthy [0-9]+/[0-9]+  [0-9]+ s  (statefulset|deployment)/[a-z-]+ ")))
      << raw;
}

}  // namespace
}  // namespace bg::cli
