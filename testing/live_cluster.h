// A Kubernetes API for a test, whichever serves it: kube-testserver in-process, or the real control
// plane (scripts/real-cluster.sh). Suites that hold for any API server are value-parameterized on
// the Backend, so each of their tests runs on both and names which one failed
// (`Suite/TestServer`, `Suite/RealControlPlane`); what only the test server can do (fault
// injection, a ready delay, reading its store) stays in suites on KubeTestServer alone.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "testing/testserver/simulator.h"

namespace bg::testing {

enum class Backend { kTestServer, kRealControlPlane };

class LiveCluster {
 public:
  virtual ~LiveCluster() = default;
  virtual const std::string& kubeconfig() const = 0;
  virtual Backend backend() const = 0;
  std::string name() const;
};

struct LiveClusterOptions {
  // A platform file whose nodes become Nodes on the real control plane (pods need them to be
  // scheduled); empty for none. The test server has no scheduler and needs none.
  std::string spec;
  testserver::SimulatorOptions sim;  // the test server's simulator
};

// Starts the cluster; a cluster that cannot start fails the calling test (see each backend).
std::unique_ptr<LiveCluster> start_live_cluster(Backend backend, const LiveClusterOptions& options = {});

std::string backend_name(Backend backend);  // "TestServer", "RealControlPlane"
inline void PrintTo(Backend backend, std::ostream* os) { *os << backend_name(backend); }  // for gtest

// For INSTANTIATE_TEST_SUITE_P: both backends, named by backend_name.
inline auto both_backends() { return ::testing::Values(Backend::kTestServer, Backend::kRealControlPlane); }
struct BackendName {
  std::string operator()(const ::testing::TestParamInfo<Backend>& info) const { return backend_name(info.param); }
};

}  // namespace bg::testing
