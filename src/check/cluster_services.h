// Services that a cluster provides without any manifest set containing them: the API server's
// `kubernetes` Service, CoreDNS's `kube-dns`, the `kubelet` Service that prometheus-operator keeps
// for the nodes' kubelets, and the control plane's kube-controller-manager and kube-scheduler.
//
// Monitoring stacks scrape them with ServiceMonitors whose selectors match those Services' labels
// (component: apiserver, k8s-app: kube-dns, app.kubernetes.io/name: kubelet, …). A set of manifests
// never holds them, so monitor-selects-nothing compares such monitors with this table instead.
// Each row carries the labels and port names by which monitors commonly select it; the labels of
// a Service a distribution creates for itself may differ, and docs/rules.md says so.
#pragma once

#include <string_view>
#include <vector>

#include "check/operator_pods.h"
#include "check/selector.h"

namespace bg::check {

struct ClusterService {
  std::string_view ns, name;
  std::string_view provider;  // who makes it, for docs and messages
  Labels labels;  // sorted by key, as Selector::matches expects
  std::vector<MadePort> ports;
};

const std::vector<ClusterService>& cluster_services();

}  // namespace bg::check
