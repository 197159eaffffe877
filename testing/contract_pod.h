// One container of a rendered pod, run as a local process the way the kubelet would run it: the
// contract tests' unit (docs/testing.md, "Contract tests").
//
// start() reads the container's view of the pod template (kubelet_view.h), lays out its files,
// gives the pod its IP and every Service its ClusterIP in the test's PodNetwork, writes the pod's
// /etc/hosts — the kubelet's lines, and each Service's cluster DNS names (`name`, `name.ns`,
// `name.ns.svc`, `name.ns.svc.cluster.local`) at its ClusterIP, where the process behind it
// listens on the Service's port, since every pod shares the test's network — and runs the program
// the test names for the image's entrypoint with exactly the rendered command, args and env,
// inside bubblewrap (container_sandbox.h). wait_ready() runs the container's own readiness probe
// (httpGet, tcpSocket or exec) as the kubelet would until it passes, the process exits, or the
// test's deadline passes. The product never runs pods: this is test infrastructure only.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/process.h"
#include "common/result.h"
#include "testing/background_process.h"
#include "testing/container_sandbox.h"
#include "testing/fixtures.h"
#include "testing/kubelet_view.h"
#include "testing/pod_network.h"
#include "testing/process_memory.h"

namespace bg::testing {

// The pod's /etc/hosts: the kubelet's lines (localhost, the pod's IP and name) and the cluster DNS
// names of every Service that has a ClusterIP, plus `extra` lines (headless Services' pods).
std::string pod_hosts_file(const ClusterFacts& facts, const ContainerView& view, const PodPlacement& placement,
                           const std::vector<std::string>& extra = {});
// The kubelet's /etc/resolv.conf for a pod of `ns` (ClusterFirst: the cluster DNS at 10.96.0.10,
// which nothing serves in the test's network: every name the pod needs is in its hosts file).
std::string pod_resolv_conf(const std::string& ns);

class ContractPod {
 public:
  ContractPod(PodNetwork& net, const ClusterFacts& facts, manifest::Json workload, PodPlacement placement,
              std::string container, ContainerImage image);
  ~ContractPod();
  ContractPod(const ContractPod&) = delete;
  ContractPod& operator=(const ContractPod&) = delete;

  // storage: the pod's storage volumes (claim templates, claims) by name → host folder; a volume
  // not named gets a fresh folder. `extra_hosts`: more /etc/hosts lines.
  Status start(const std::map<std::string, std::string>& storage = {}, const std::vector<std::string>& extra_hosts = {});
  // The readiness probe until it passes. Fails when the container has none, when the process
  // exits, or after `deadline`, with the last probe's answer and the program's log.
  Status wait_ready(std::chrono::milliseconds deadline);
  // Waits for a run-to-completion container (a Job's) to exit; its exit code.
  Result<int> wait_exit(std::chrono::milliseconds deadline);
  // One attempt of `probe` (a Kubernetes probe object), within its timeoutSeconds: ok when it
  // passes, else why not.
  Status probe_once(const manifest::Json& probe);
  // Runs argv inside a sandbox with the container's paths, user and env (as `kubectl exec` or an
  // exec probe would), within `timeout`.
  Result<ProcessResult> exec(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

  bool running() { return process_.running(); }
  // The memory its processes hold now (process_memory.h): about what its cgroup would be charged,
  // to hold against its resources.limits.memory.
  Result<long long> memory_in_use() const { return process_tree_pss_bytes(process_.pid()); }
  // The CPU time its processes have used so far (process_memory.h).
  Result<double> cpu_seconds_used() const { return process_tree_cpu_seconds(process_.pid()); }
  void stop() { process_.stop(); }
  std::string log() const { return process_.log(); }
  std::string how_it_ended() { return process_.how_it_ended(); }
  // The argv the container runs with (after `$(VAR)` expansion), and its view.
  const std::vector<std::string>& argv() const { return argv_; }
  const ContainerView& view() const { return view_; }
  const PodPlacement& placement() const { return placement_; }

 private:
  Result<std::vector<std::string>> sandbox_args() const;
  static std::string lower_scheme(const std::string& scheme);

  PodNetwork& net_;
  const ClusterFacts& facts_;
  manifest::Json workload_;
  PodPlacement placement_;
  std::string container_;
  ContainerImage image_;
  ContainerView view_;
  SandboxLayout layout_;
  std::vector<std::string> argv_;
  TempDir dir_;
  BackgroundProcess process_;
  int execs_ = 0;
};

}  // namespace bg::testing
