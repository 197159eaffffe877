// The SSH transport and the executor against a real OpenSSH server on loopback (testing/sshd.h).
// Everything the steps do happens inside the test's temporary folder.
#include "nodes/ssh_host.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "nodes/executor.h"
#include "testing/fixtures.h"
#include "testing/sshd.h"

namespace bg::nodes {
namespace {

class SshTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = sshd_.start();
    ASSERT_EQ(why, "") << why;
    known_hosts_ = sshd_.dir() / "known_hosts";
    std::ofstream(known_hosts_) << sshd_.known_hosts_line();
    target_ = {"node-a", "127.0.0.1", sshd_.port(), sshd_.user()};
  }
  SshOptions options() const {
    SshOptions o;
    o.known_hosts = known_hosts_;
    o.identity_file = sshd_.client_key();
    return o;
  }
  std::string where() const { return "[127.0.0.1]:" + std::to_string(sshd_.port()); }

  testing::Sshd sshd_;
  std::string known_hosts_;
  Target target_;
};

TEST_F(SshTest, RunsCommandsWithTheirExitStatusAndOutput) {
  SshConnector c(options());
  Result<std::unique_ptr<RemoteHost>> h = c.connect(target_);
  ASSERT_TRUE(h) << h.status().message() << "\n" << sshd_.log();
  Result<CommandOutput> r = (*h)->run("echo out; echo 'it went wrong' >&2; exit 3");
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->exit_status, 3);
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "it went wrong\n");
  // Quoting survives the trip: the command runs under sh -c exactly as written.
  Result<CommandOutput> q = (*h)->run("printf '%s|' \"a b\" 'c'\"'\"'d' $((1+2))");
  EXPECT_EQ(q->out, "a b|c'd|3|");
  // Large output on both streams does not deadlock.
  Result<CommandOutput> big = (*h)->run("head -c 300000 /dev/zero | tr '\\0' x; head -c 200000 /dev/zero | tr '\\0' y >&2");
  EXPECT_EQ(big->out.size(), 300000u);
  EXPECT_EQ(big->err.size(), 200000u);
}

TEST_F(SshTest, UploadsFilesAtomicallyWithTheirMode) {
  SshConnector c(options());
  auto h = c.connect(target_);
  ASSERT_TRUE(h) << h.status().message();
  std::string path = sshd_.dir() / "etc/deep/wg0.conf";
  std::string content = "[Interface]\nPrivateKey = x\n";
  ASSERT_TRUE((*h)->upload(path, content, 0600));
  EXPECT_EQ(testing::read_file(path), content);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_TRUE((*h)->upload(path, "second\n", 0644));
  EXPECT_EQ(testing::read_file(path), "second\n");
  ::stat(path.c_str(), &st);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(testing::read_tree(sshd_.dir() / "etc/deep").size(), 1u);  // no temporary file left behind
}

TEST_F(SshTest, AChangedHostKeyIsRefused) {
  std::ofstream(known_hosts_) << sshd_.other_host_key_line();
  SshConnector c(options());
  auto h = c.connect(target_);
  ASSERT_FALSE(h);
  const std::string& m = h.status().message();
  EXPECT_EQ(m.rfind("the host key of " + where() + " has changed (it now presents ssh-ed25519 SHA256:", 0), 0u) << m;
  EXPECT_NE(m.find("); refusing to connect. If the machine was reinstalled, verify the new key, then remove the old one: "
                   "ssh-keygen -R '" + where() + "' -f " + known_hosts_),
            std::string::npos)
      << m;
  // Even with accept-new: a changed key is never accepted, and known_hosts is left alone.
  SshOptions o = options();
  o.accept_new_host_keys = true;
  SshConnector c2(o);
  EXPECT_FALSE(c2.connect(target_));
  EXPECT_EQ(testing::read_file(known_hosts_), sshd_.other_host_key_line());
  EXPECT_EQ(sshd_.log().find("Accepted publickey"), std::string::npos);  // we never authenticated
}

TEST_F(SshTest, AnUnknownHostIsRefusedUnlessNewKeysAreAccepted) {
  std::ofstream(known_hosts_, std::ios::trunc).close();
  SshConnector c(options());
  auto refused = c.connect(target_);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.status().message().find(") is not in " + known_hosts_ +
                                            "; verify it, then add it (ssh-keyscan) or pass --accept-new-host-keys"),
            std::string::npos)
      << refused.status().message();
  SshOptions o = options();
  o.accept_new_host_keys = true;
  SshConnector accepting(o);
  auto h = accepting.connect(target_);
  ASSERT_TRUE(h) << h.status().message();
  EXPECT_NE(testing::read_file(known_hosts_).find("ssh-ed25519"), std::string::npos);
  // Recorded: the strict connector accepts it now.
  EXPECT_TRUE(c.connect(target_));
}

TEST_F(SshTest, AKeyTheServerDoesNotKnowFailsAuthentication) {
  auto gen = testing::run_command("ssh-keygen -q -t ed25519 -N '' -f " + sshd_.dir() / "stranger");
  ASSERT_EQ(gen.exit_code, 0);
  SshOptions o = options();
  o.identity_file = sshd_.dir() / "stranger";
  SshConnector c(o);
  auto h = c.connect(target_);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.status().message(), "SSH authentication as " + sshd_.user() + " on " + where() + " failed: the key " +
                                      o.identity_file + " was not accepted");
}

TEST_F(SshTest, TheAgentAuthenticatesWhenNoKeyFileIsGiven) {
  std::string sock = sshd_.dir() / "agent.sock";
  auto agent = testing::run_command("ssh-agent -a " + sock + " -s | sed -n 's/^SSH_AGENT_PID=\\([0-9]*\\);.*/\\1/p'");
  ASSERT_EQ(agent.exit_code, 0) << agent.err;
  pid_t agent_pid = static_cast<pid_t>(std::atoi(agent.out.c_str()));
  ASSERT_GT(agent_pid, 0);
  auto add = testing::run_command("SSH_AUTH_SOCK=" + sock + " ssh-add -q " + sshd_.client_key());
  EXPECT_EQ(add.exit_code, 0) << add.err;
  const char* old = std::getenv("SSH_AUTH_SOCK");
  std::string saved = old ? old : "";
  ::setenv("SSH_AUTH_SOCK", sock.c_str(), 1);
  SshOptions o = options();
  o.identity_file.clear();
  SshConnector c(o);
  auto h = c.connect(target_);
  if (old) ::setenv("SSH_AUTH_SOCK", saved.c_str(), 1);
  else ::unsetenv("SSH_AUTH_SOCK");
  ::kill(agent_pid, SIGTERM);
  ASSERT_TRUE(h) << h.status().message();
  EXPECT_EQ((*h)->run("echo agent")->out, "agent\n");
}

// The executor over SSH with a phase list whose commands only touch the test's folder: a command
// fails midway, the run stops naming host, step and reason, and a re-run resumes.
TEST_F(SshTest, TheExecutorStopsAtAFailingStepAndAReRunResumes) {
  std::string d = sshd_.dir() / "work";
  auto step = [&](std::string name, std::string check, std::string command) {
    Step s;
    s.phase = "test";
    s.host = "node-a";
    s.name = std::move(name);
    s.check = std::move(check);
    s.command = std::move(command);
    return s;
  };
  std::vector<Step> steps = {
      step("first", "test -f " + d + "/first", "mkdir -p " + d + " && echo ran >> " + d + "/log && touch " + d + "/first"),
      upload_step("test", "node-a", "config", d + "/config.txt", "a=1\n", 0600),
      step("second", "test -f " + d + "/second",
           "test -f " + d + "/fixed || { echo 'preparing...'; echo 'the disk is full' >&2; exit 4; }; touch " + d + "/second"),
      step("third", "test -f " + d + "/third", "touch " + d + "/third"),
  };
  SshConnector c(options());
  std::ostringstream first;
  ExecuteSummary s1 = execute(c, {target_}, steps, first);
  ASSERT_TRUE(s1.failure) << first.str();
  EXPECT_EQ(s1.failure->str(), "host node-a, step \"test: second\": exit status 4: the disk is full");
  EXPECT_EQ(first.str(), "[node-a] connect: " + target_.str() + " ... ok\n"
                         "[node-a] test: first ... done\n"
                         "[node-a] test: config ... done\n"
                         "[node-a] test: second ... FAILED\n");
  EXPECT_FALSE(testing::read_tree(d).count("third"));

  std::ofstream(d + "/fixed").close();
  std::ostringstream second;
  ExecuteSummary s2 = execute(c, {target_}, steps, second);
  EXPECT_FALSE(s2.failure) << second.str();
  EXPECT_EQ(second.str(), "[node-a] connect: " + target_.str() + " ... ok\n"
                          "[node-a] test: first ... already done\n"
                          "[node-a] test: config ... already done\n"
                          "[node-a] test: second ... done\n"
                          "[node-a] test: third ... done\n");
  EXPECT_EQ(testing::read_file(d + "/log"), "ran\n");  // the first step did not run twice
  EXPECT_EQ(testing::read_file(d + "/config.txt"), "a=1\n");
}

}  // namespace
}  // namespace bg::nodes
