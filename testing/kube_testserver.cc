#include "testing/kube_testserver.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/process.h"

namespace bg::testing {

KubeTestServer::KubeTestServer(testserver::ServerOptions options, testserver::SimulatorOptions sim) {
  auto started = testserver::TestServer::start(options);
  if (!started) {
    ADD_FAILURE() << "test server did not start: " << started.status().message();
    return;
  }
  server_ = std::move(*started);
  simulator_ = std::make_unique<testserver::Simulator>(server_->store(), sim);
  kubeconfig_ = dir_ / "kubeconfig";
  auto st = server_->write_kubeconfig(kubeconfig_);
  if (!st) ADD_FAILURE() << st.message();
}

KubeTestServer::~KubeTestServer() {
  if (simulator_) simulator_->stop();
  if (server_) server_->stop();
}

bool KubeTestServer::wait_for_watches(int n) {
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard lock(server_->store().mu);
      if (server_->store().active_watches >= n) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool have_kubectl() { return on_path("kubectl"); }

CommandResult kubectl(const std::string& kubeconfig, const std::vector<std::string>& args,
                      const std::string& stdin_text) {
  CommandResult r;
  if (!have_kubectl()) {
    r.err = "kubectl is not on PATH (scripts/setup.sh installs kubernetes-client)";
    return r;
  }
  // Discovery is cached beside the kubeconfig, so runs never share (or litter) ~/.kube/cache.
  std::string dir = kubeconfig.substr(0, kubeconfig.rfind('/'));
  std::vector<std::string> argv = {"kubectl", "--kubeconfig", kubeconfig, "--cache-dir", dir + "/kube-cache"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto run = run_process(argv, stdin_text);
  if (!run) {
    r.err = run.status().message();
    return r;
  }
  r.exit_code = run->exit_code;
  r.out = run->out;
  r.err = run->err;
  return r;
}

}  // namespace bg::testing
