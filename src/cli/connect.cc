// The default ClusterConnector. Replaced by the src/kube-backed implementation when it lands.
#include "cli/live.h"

namespace bg::cli {

Result<std::unique_ptr<apply::Cluster>> connect_kubernetes(const ClusterTarget&) {
  return Status::terminal("this build has no Kubernetes client yet");
}

}  // namespace bg::cli
