// What every live command does first: load the spec, connect to the cluster, assemble apply's input.
//
// A spec that does not load exits 2 with its diagnostics before any connection is tried; a
// kubeconfig that cannot be used exits 2 with its own located message; only then does the
// command talk to the cluster.
#pragma once

#include <memory>
#include <optional>

#include "apply/engine.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"

namespace bg::cli {

struct LiveSession {
  pipeline::PipelineResult run;
  std::unique_ptr<apply::Cluster> cluster;
  apply::ApplyInput input;
};

// Empty with `exit_code` set when something was printed and the command must stop.
std::optional<LiveSession> open_live(Io& io, const LiveOptions& options, int& exit_code);

// The connector used when Io carries none: the Kubernetes API through src/kube.
Result<std::unique_ptr<apply::Cluster>> connect_kubernetes(const ClusterTarget& target);

}  // namespace bg::cli
