// The kube-testserver program's contract: serve on an ephemeral port, write the kubeconfig once
// ready, answer kubectl, and stop cleanly on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "testing/kube_testserver.h"

extern char** environ;

namespace bg::testing {
namespace {

TEST(KubeTestserverBinary, WritesAKubeconfigServesKubectlAndStopsOnSigterm) {
  ASSERT_TRUE(have_kubectl());
  TempDir dir;
  std::string kubeconfig = dir / "kc";
  std::vector<std::string> args = {testing::testserver_binary(), "--listen", "127.0.0.1:0", "--write-kubeconfig", kubeconfig};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  bool ready = false;
  for (int i = 0; i < 3000 && !ready; ++i) {  // generous: CI runs tests in parallel
    ready = access(kubeconfig.c_str(), R_OK) == 0;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(ready);
  auto r = kubectl(kubeconfig, {"get", "namespaces", "-o", "name"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n");
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace bg::testing
