// The executor against FakeConnector: what runs, what is skipped, how a failure stops the run and
// how a second run resumes. (ssh_test.cc runs the same executor over a real sshd.)
#include "nodes/executor.h"

#include <gtest/gtest.h>

#include <sstream>

#include "testing/fake_remote_host.h"

namespace bg::nodes {
namespace {

using testing::FakeConnector;
using testing::FakeWorld;

Step step(std::string host, std::string name, std::string check, std::string command) {
  Step s;
  s.phase = "test";
  s.host = std::move(host);
  s.name = std::move(name);
  s.check = std::move(check);
  s.command = std::move(command);
  return s;
}

const std::vector<Target> kTargets = {{"a", "192.0.2.1", 22, "root"}, {"b", "192.0.2.2", 22, "root"}};

TEST(Executor, SkipsStepsWhoseCheckPassesAndRunsTheOthers) {
  FakeWorld w;
  w.rules.push_back({"check-one", {1, "", ""}});  // not done yet
  FakeConnector c(w);
  std::ostringstream progress;
  std::vector<Step> steps = {step("a", "one", "check-one", "do-one"), step("b", "two", "check-two", "do-two"),
                             upload_step("test", "a", "file", "/etc/x", "hello\n", 0600, "reload-x")};
  w.rules.push_back({"sha256sum", {1, "", ""}});
  ExecuteSummary s = execute(c, kTargets, steps, progress);
  EXPECT_FALSE(s.failure);
  EXPECT_EQ(s.done, 2);
  EXPECT_EQ(s.already_done, 1);
  EXPECT_EQ(progress.str(),
            "[a] connect: root@192.0.2.1:22 ... ok\n"
            "[b] connect: root@192.0.2.2:22 ... ok\n"
            "[a] test: one ... done\n"
            "[b] test: two ... already done\n"
            "[a] test: file ... done\n");
  ASSERT_EQ(w.log.size(), 6u);
  EXPECT_EQ(w.log[0], "a$ check-one");
  EXPECT_EQ(w.log[1], "a$ do-one");
  EXPECT_EQ(w.log[2], "b$ check-two");
  EXPECT_EQ(w.log[4], "a> upload /etc/x (0600)");
  EXPECT_EQ(w.log[5], "a$ reload-x");
  EXPECT_EQ(w.files.at("a:/etc/x"), "hello\n");
}

TEST(Executor, AFailingStepStopsTheRunAndNamesHostStepAndReason) {
  FakeWorld w;
  w.rules.push_back({"check", {1, "", ""}});
  w.rules.push_back({"apt-get", {100, "Reading package lists...\n", "E: Unable to locate package containerd.io\n"}});
  FakeConnector c(w);
  std::ostringstream progress;
  std::vector<Step> steps = {step("a", "one", "check-1", "true"), step("b", "containerd", "check-2", "apt-get install"),
                             step("a", "three", "check-3", "never")};
  ExecuteSummary s = execute(c, kTargets, steps, progress);
  ASSERT_TRUE(s.failure);
  EXPECT_EQ(s.failure->str(), "host b, step \"test: containerd\": exit status 100: E: Unable to locate package containerd.io");
  EXPECT_NE(progress.str().find("[b] test: containerd ... FAILED\n"), std::string::npos);
  EXPECT_EQ(progress.str().find("three"), std::string::npos);
  for (const std::string& l : w.log) EXPECT_EQ(l.find("never"), std::string::npos);
}

TEST(Executor, ARerunResumesAtTheFailedStep) {
  FakeWorld w;
  // First run: step two fails. The world remembers what was done through the checks' answers.
  w.rules = {{"check-1", {1, "", ""}}, {"check-2", {1, "", ""}}, {"do-2", {1, "", "disk full"}}, {"check-3", {1, "", ""}}};
  FakeConnector c(w);
  std::vector<Step> steps = {step("a", "one", "check-1", "do-1"), step("a", "two", "check-2", "do-2"),
                             step("a", "three", "check-3", "do-3")};
  std::ostringstream first;
  ASSERT_TRUE(execute(c, kTargets, steps, first).failure);
  // Second run: step one is done now (its check passes), the cause of two's failure is fixed.
  w.log.clear();
  w.rules = {{"check-2", {1, "", ""}}, {"check-3", {1, "", ""}}};
  std::ostringstream second;
  ExecuteSummary s = execute(c, kTargets, steps, second);
  EXPECT_FALSE(s.failure);
  EXPECT_EQ(s.already_done, 1);
  EXPECT_EQ(s.done, 2);
  EXPECT_EQ(w.log, (std::vector<std::string>{"a$ check-1", "a$ check-2", "a$ do-2", "a$ check-3", "a$ do-3"}));
}

TEST(Executor, AHostThatCannotBeReachedStopsTheRunBeforeAnythingRuns) {
  FakeWorld w;
  w.fail_connect = {"b"};
  FakeConnector c(w);
  std::ostringstream progress;
  ExecuteSummary s = execute(c, kTargets, {step("a", "one", "", "do-1")}, progress);
  ASSERT_TRUE(s.failure);
  EXPECT_EQ(s.failure->str(), "host b, step \"connect\": cannot connect to root@192.0.2.2:22: Connection refused");
  EXPECT_TRUE(w.log.empty());
}

TEST(Executor, FactsAreShownAsProgress) {
  FakeWorld w;
  w.rules.push_back({"os-release", {0, "Debian GNU/Linux 12 (bookworm), kernel 6.1.0, x86_64, 8 CPUs, 64 GiB memory\n", ""}});
  FakeConnector c(w);
  Step facts = step("a", "gather facts", "", ". /etc/os-release");
  facts.show_output = true;
  std::ostringstream progress;
  execute(c, {kTargets[0]}, {facts}, progress);
  EXPECT_NE(progress.str().find("[a] test: gather facts ... Debian GNU/Linux 12 (bookworm), kernel 6.1.0, x86_64, 8 CPUs, "
                                "64 GiB memory\n"),
            std::string::npos)
      << progress.str();
}

TEST(Executor, TheDryRunPrintsEveryStepButNoUploadContent) {
  std::ostringstream out;
  print_dry_run({kTargets[0]}, {step("a", "one", "check-1", "do-1"), upload_step("test", "a", "key", "/etc/k", "SECRET", 0600)},
                out);
  EXPECT_EQ(out.str(),
            "[a] connect: ssh root@192.0.2.1:22\n"
            "[a] test: one\n"
            "    unless: check-1\n"
            "    run: do-1\n"
            "[a] test: key\n"
            "    unless: test \"$(sha256sum '/etc/k' 2>/dev/null | cut -d' ' -f1)\" = " + sha256_hex("SECRET") + "\n"
            "    upload: /etc/k (mode 0600, 6 bytes)\n");
}

TEST(Executor, LastLinesKeepsTheEndOfLongErrors) {
  EXPECT_EQ(last_lines("a\n\nb\nc\nd\n"), "b; c; d");
  EXPECT_EQ(last_lines("only"), "only");
  EXPECT_EQ(last_lines(""), "");
}

}  // namespace
}  // namespace bg::nodes
