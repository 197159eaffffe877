#include "testing/live_cluster.h"

#include "testing/kube_testserver.h"
#include "testing/real_cluster.h"

namespace bg::testing {

std::string LiveCluster::name() const { return backend_name(backend()); }

std::string backend_name(Backend backend) {
  return backend == Backend::kTestServer ? "TestServer" : "RealControlPlane";
}

std::unique_ptr<LiveCluster> start_live_cluster(Backend backend, const LiveClusterOptions& options) {
  if (backend == Backend::kTestServer) return std::make_unique<KubeTestServer>(testserver::ServerOptions{}, options.sim);
  return std::make_unique<RealCluster>(options.spec);
}

}  // namespace bg::testing
