// Test helpers around the Kubernetes API test server: one started in-process on 127.0.0.1:0 with
// its kubeconfig written to a temporary folder, and the real kubectl run against it.
//
// kubectl is looked up on PATH; when it is missing the helper fails the test (CI installs it), so
// a fidelity test can never pass by not running.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "testing/fixtures.h"
#include "testing/live_cluster.h"
#include "testing/testserver/server.h"
#include "testing/testserver/simulator.h"

namespace bg::testing {

class KubeTestServer : public LiveCluster {
 public:
  explicit KubeTestServer(testserver::ServerOptions options = {}, testserver::SimulatorOptions sim = {});
  ~KubeTestServer() override;

  testserver::TestServer& server() { return *server_; }
  const std::string& kubeconfig() const override { return kubeconfig_; }
  Backend backend() const override { return Backend::kTestServer; }
  // Blocks until at least `n` watches are open on the server (or ~10 s pass); false on timeout.
  bool wait_for_watches(int n);

 private:
  TempDir dir_;
  std::unique_ptr<testserver::TestServer> server_;
  std::unique_ptr<testserver::Simulator> simulator_;
  std::string kubeconfig_;
};

// kubectl --kubeconfig KUBECONFIG ARGS... ; exit code -1 and a message in err when kubectl is absent.
CommandResult kubectl(const std::string& kubeconfig, const std::vector<std::string>& args,
                      const std::string& stdin_text = {});
bool have_kubectl();

}  // namespace bg::testing
