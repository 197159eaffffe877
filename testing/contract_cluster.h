// The real control plane (scripts/real-cluster.sh) as the contract tests use it: kubectl against
// it, polling until the controllers have done their part, and the API server as a pod sees it —
// at the `kubernetes` Service's address, port 443, with a service account's real token — so a
// program that talks to Kubernetes runs in a ContractPod exactly as in its container
// (docs/testing.md, "Contract tests").
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "testing/kubelet_view.h"
#include "testing/pod_network.h"
#include "testing/real_cluster.h"

namespace bg::testing {

// kubectl against the cluster; fails the test (and returns "") on a non-zero exit.
std::string kubectl(const RealCluster& cluster, std::vector<std::string> args, const std::string& in = {});

// One request to the API server as `system:serviceaccount:<ns>:<name>`, with a token the API
// server issued for it (curl: exactly the call a program makes, nothing kubectl would add, such as
// the read before a patch), so the real RBAC authorizer judges the service account's own rights.
// The HTTP status and the answer; never a test failure: refusals are what some tests look for.
struct ApiAnswer {
  long status = 0;
  std::string body;
};
ApiAnswer api_request_as(const RealCluster& cluster, const std::string& ns, const std::string& service_account,
                         const std::string& method, const std::string& path, const std::string& body,
                         const std::string& content_type = "application/json");

// Polls `get` every second until `done` says yes or `seconds` pass; the last answer either way.
template <typename F, typename P>
auto poll_until(int seconds, F get, P done) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  auto last = get();
  while (!done(last) && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    last = get();
  }
  return last;
}

// The API server inside a PodNetwork: the `kubernetes` Service's ClusterIP (read from the
// cluster, written into `facts`) on port 443, forwarded to the API server on the machine's
// loopback, as kube-proxy would make it. Lives as long as the returned value.
Result<std::unique_ptr<Forwarder>> api_server_in(PodNetwork& net, const RealCluster& cluster, ClusterFacts& facts);

// The API server inside a PodNetwork at `ip`:`port` (a control-plane node's address, where the
// `kubernetes` Service's EndpointSlice points), forwarded to it on the machine's loopback.
Result<std::unique_ptr<Forwarder>> api_server_at(PodNetwork& net, const RealCluster& cluster, const std::string& ip, int port);

// What the kubelet projects for a pod of `ns` running as `service_account`: a token the API server
// issued for it (`kubectl create token`) and the cluster's CA (kube-root-ca.crt), into `facts`.
void issue_token(const RealCluster& cluster, ClusterFacts& facts, const std::string& ns,
                 const std::string& service_account);

}  // namespace bg::testing
