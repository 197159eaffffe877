// The phases of `betelgeuse nodes apply`, in order, as data.
//
// Like k0sctl's phase list: each phase lives in its own file (phase_<name>.cc) and turns the Plan into
// the Steps it needs, on whichever hosts they run (kubeadm tokens, pod CIDRs, Cilium and labels run
// on the API host, through its admin kubeconfig). The executor runs the phases' steps in order after
// connecting to every host; `--dry-run` prints the same steps instead. Nothing here touches a
// machine, so every phase is tested by looking at its steps.
//
//   connect   SSH to every node (known_hosts checked; done by the executor)
//   facts     operating system, kernel, CPUs, memory — shown as progress
//   validate  Debian/Ubuntu with systemd, WireGuard in the kernel, the public address is this host's,
//             the SSD is there, GPU nodes have a working NVIDIA driver
//   prepare   swap off, kernel modules, sysctls, packages, containerd 2 (systemd cgroups), kubeadm,
//             kubelet and kubectl, NVIDIA container toolkit on GPU nodes, local-volume folders,
//             the firewall
//   mesh      wg0.conf, wg-quick@wg0, every peer answering over the mesh
//   kubeadm   the CA and `kubeadm init` on the API host, `kubeadm join` on the others (control
//             planes first), each node's pod /24
//   cilium    Helm, Gateway API CRDs when used, Cilium with the rendered values, agents ready
//   labels    node labels, taints, the nvidia RuntimeClass when there are GPU nodes
#pragma once

#include <string>
#include <vector>

#include "nodes/plan.h"
#include "nodes/step.h"

namespace bg::nodes {

inline constexpr const char* kConfigDir = "/etc/betelgeuse";
inline constexpr const char* kKubectl = "kubectl --kubeconfig /etc/kubernetes/admin.conf";

struct Phase {
  std::string name;
  std::vector<Step> (*steps)(const Plan& plan);
};

std::vector<Step> facts_steps(const Plan& plan);
std::vector<Step> validate_steps(const Plan& plan);
std::vector<Step> prepare_steps(const Plan& plan);
std::vector<Step> mesh_steps(const Plan& plan);
std::vector<Step> kubeadm_steps(const Plan& plan);
std::vector<Step> cilium_steps(const Plan& plan);
std::vector<Step> label_steps(const Plan& plan);

// The RuntimeClass GPU workloads name (`runtimeClassName: nvidia`), applied by the labels phase.
std::string runtime_class_nvidia();

// The phases of `nodes apply` after connect, in order.
const std::vector<Phase>& apply_phases();

// Every step of `phases` for `plan`, in order.
std::vector<Step> steps_of(const std::vector<Phase>& phases, const Plan& plan);

// Only the steps that run on `host`.
std::vector<Step> steps_on(const std::vector<Step>& steps, const std::string& host);

}  // namespace bg::nodes
