#include "nodes/step.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "testing/fixtures.h"

namespace bg::nodes {
namespace {

TEST(Step, ShellQuotingSurvivesARealShell) {
  for (std::string text : {"plain", "with space", "it's", "'", "$(echo no) `no` \"q\" \\ *", ""}) {
    auto r = testing::run_command("printf '%s' " + shell_quote(text));
    EXPECT_EQ(r.out, text);
  }
}

TEST(Step, Sha256MatchesSha256sum) {
  auto r = testing::run_command("printf 'hello\\n' | sha256sum | cut -d' ' -f1");
  EXPECT_EQ(sha256_hex("hello\n") + "\n", r.out);
}

TEST(Step, TheScriptRunsStepsOnceAndSkipsWhatIsDone) {
  testing::TempDir tmp;
  std::string d = tmp.path();
  std::vector<Step> steps;
  Step touch;
  touch.phase = "p";
  touch.name = "touch";
  touch.check = "test -f " + d + "/a";
  touch.command = "echo ran >> " + d + "/log && touch " + d + "/a";
  steps.push_back(touch);
  steps.push_back(upload_step("p", "h", "config", d + "/etc/x.conf", "line 'one'\n$HOME stays literal\n", 0640,
                              "echo reloaded >> " + d + "/log"));
  std::string script = shell_script("test", steps);
  std::ofstream(tmp / "s.sh") << script;
  for (int i = 0; i < 2; ++i) {
    auto r = testing::run_command("sh " + tmp / "s.sh");
    ASSERT_EQ(r.exit_code, 0) << r.err << script;
  }
  EXPECT_EQ(testing::read_file(tmp / "log"), "ran\nreloaded\n");  // the second run skipped both
  EXPECT_EQ(testing::read_file(tmp / "etc/x.conf"), "line 'one'\n$HOME stays literal\n");
  struct stat st {};
  ::stat((tmp / "etc/x.conf").c_str(), &st);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST(Step, AFailingRequirementStopsTheScriptWithItsReason) {
  testing::TempDir tmp;
  std::vector<Step> steps = {require_step("validate", "h", "disk", "false", "no disk: mount it first")};
  Step after;
  after.phase = "p";
  after.name = "after";
  after.command = "touch " + tmp / "after";
  steps.push_back(after);
  std::ofstream(tmp / "s.sh") << shell_script("test", steps);
  auto r = testing::run_command("sh " + tmp / "s.sh");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "no disk: mount it first\n");
  EXPECT_FALSE(std::ifstream(tmp / "after").good());
}

}  // namespace
}  // namespace bg::nodes
