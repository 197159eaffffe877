#include "check/cluster_services.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace bg::check {
namespace {

// "ns/name" of the cluster-provided Services that `selector` matches.
std::vector<std::string> matched(const Selector& selector) {
  std::vector<std::string> out;
  for (const ClusterService& c : cluster_services())
    if (selector.matches(c.labels)) out.push_back(std::string(c.ns) + "/" + std::string(c.name));
  return out;
}

TEST(ClusterServices, TheSelectorsMonitoringStacksUseFindTheirService) {
  struct Row {
    const char* sentence;
    Selector selector;
    std::vector<std::string> services;
  };
  auto labels = [](Labels l) { return Selector::from_labels(l); };
  const Row rows[] = {
      {"the API server by component and provider", labels({{"component", "apiserver"}, {"provider", "kubernetes"}}),
       {"default/kubernetes"}},
      {"CoreDNS by k8s-app", labels({{"k8s-app", "kube-dns"}}), {"kube-system/kube-dns"}},
      {"the kubelet by its name label", labels({{"app.kubernetes.io/name", "kubelet"}}), {"kube-system/kubelet"}},
      {"the kubelet by k8s-app", labels({{"k8s-app", "kubelet"}}), {"kube-system/kubelet"}},
      {"the controller manager", labels({{"app.kubernetes.io/name", "kube-controller-manager"}}),
       {"kube-system/kube-controller-manager"}},
      {"the scheduler", labels({{"k8s-app", "kube-scheduler"}}), {"kube-system/kube-scheduler"}},
      {"a label no cluster Service carries finds nothing", labels({{"app.kubernetes.io/name", "kube-proxy"}}), {}},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.sentence);
    EXPECT_EQ(matched(r.selector), r.services);
  }
}

TEST(ClusterServices, EveryRowHasLabelsAndDistinctPortNames) {
  for (const ClusterService& c : cluster_services()) {
    SCOPED_TRACE(std::string(c.name));
    EXPECT_FALSE(c.labels.empty());
    EXPECT_TRUE(std::is_sorted(c.labels.begin(), c.labels.end()));  // Selector::matches needs it
    std::set<std::string> names;
    for (const MadePort& p : c.ports) EXPECT_TRUE(names.insert(p.name).second) << p.name;
  }
}

}  // namespace
}  // namespace bg::check
