// How every command says that it cannot talk to the cluster, and with which exit code.
//
// A cluster that cannot be reached, whose certificate the kubeconfig's CA does not trust, that
// refuses our credentials, or forbids what we ask is one failure to the user, whatever the
// command: one line with the cause (the client wrote it: "cannot reach https://h:6443: connection
// refused"), one hint for what to check, and exit code 3 (kExitCluster). Other failures keep the
// command's own exit code and hint.
#pragma once

#include <string>

#include "cli/cli.h"
#include "common/result.h"

namespace bg::cli {

// Whether `s` is a failure to talk to the cluster (Status::Code other than kOther).
bool is_cluster_failure(const Status& s);

// Prints "betelgeuse: <what><message>" and a hint on stderr. Returns kExitCluster for a cluster
// failure (with the hint for its cause), else `otherwise` with `hint` (when empty, the Status's own).
int report_failure(Io& io, const std::string& what, const Status& s, int otherwise, const std::string& hint = "");

}  // namespace bg::cli
