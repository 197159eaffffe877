// The table of cluster-provided Services.
//
// kubernetes (default): created by the API server itself, labels component=apiserver and
// provider=kubernetes, port https. kube-dns (kube-system): CoreDNS's Service as kubeadm and the
// CoreDNS addon install it, with the metrics port 9153. kubelet (kube-system): prometheus-operator
// makes it (flag --kubelet-service) with an endpoint per node; both its label keys are listed. The
// controller manager and the scheduler listen on every control-plane node; kubeadm makes no Service
// for them, so the platform (or kube-prometheus's kubeadm add-on) does, with the labels the
// monitoring stacks' monitors select — both label styles in use are listed.
#include "check/cluster_services.h"

namespace bg::check {

const std::vector<ClusterService>& cluster_services() {
  static const std::vector<ClusterService> rows = {
      {"default", "kubernetes", "the API server", {{"component", "apiserver"}, {"provider", "kubernetes"}}, {{"https", 443}}},
      {"kube-system",
       "kube-dns",
       "CoreDNS",
       {{"k8s-app", "kube-dns"}, {"kubernetes.io/cluster-service", "true"}, {"kubernetes.io/name", "CoreDNS"}},
       {{"dns", 53}, {"dns-tcp", 53}, {"metrics", 9153}}},
      {"kube-system",
       "kubelet",
       "prometheus-operator, for the kubelets",
       {{"app.kubernetes.io/managed-by", "prometheus-operator"}, {"app.kubernetes.io/name", "kubelet"}, {"k8s-app", "kubelet"}},
       {{"https-metrics", 10250}, {"http-metrics", 10255}, {"cadvisor", 4194}}},
      {"kube-system",
       "kube-controller-manager",
       "the control plane",
       {{"app.kubernetes.io/name", "kube-controller-manager"}, {"k8s-app", "kube-controller-manager"}},
       {{"https-metrics", 10257}, {"http-metrics", 10252}}},
      {"kube-system",
       "kube-scheduler",
       "the control plane",
       {{"app.kubernetes.io/name", "kube-scheduler"}, {"k8s-app", "kube-scheduler"}},
       {{"https-metrics", 10259}, {"http-metrics", 10251}}},
  };
  return rows;
}

}  // namespace bg::check
