// The real Kubernetes control plane in a test: scripts/real-cluster.sh started into a temporary
// folder (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok and the add-ons'
// controllers' stand-ins as processes on loopback), optionally with one Node per node of a
// platform file, and stopped by the destructor.
//
// The test tools are built by scripts/setup-control-plane.sh (scripts/test.sh runs it before the
// suite, so no test pays for a cold build). A cluster that cannot start fails the test that asked
// for it: a test that needs the real control plane never passes without one.
#pragma once

#include <string>

#include "testing/fixtures.h"
#include "testing/live_cluster.h"

namespace bg::testing {

class RealCluster : public LiveCluster {
 public:
  // Whether the add-ons' controllers have stand-ins (testing/real-cluster/stand_ins.py: what
  // cert-manager, its cainjector and the Gateway API controller write); off for the tests that run
  // the real ones.
  enum class StandIns { kOn, kOff };
  // `spec`: a platform file whose nodes become Nodes; empty for a cluster without nodes.
  explicit RealCluster(const std::string& spec = {}, StandIns stand_ins = StandIns::kOn);
  ~RealCluster() override;
  RealCluster(const RealCluster&) = delete;
  RealCluster& operator=(const RealCluster&) = delete;

  bool ok() const { return !kubeconfig_.empty(); }
  const std::string& kubeconfig() const override { return kubeconfig_; }
  Backend backend() const override { return Backend::kRealControlPlane; }
  const std::string& dir() const { return dir_; }
  // Why up failed, with the tail of each component's log (empty when ok()).
  const std::string& error() const { return error_; }
  // The last lines of one component's log (etcd, kube-apiserver, kube-controller-manager,
  // kube-scheduler, kwok), for a failing test's message.
  std::string log_tail(const std::string& component, int lines = 40) const;
  // A kubeconfig for the user `user` (`real-cluster.sh user`: a client certificate with CN=user
  // and no group, signed by the cluster's CA), written beside the admin's: the user has no rights
  // until a RoleBinding or ClusterRoleBinding names it. Fails the test and returns "" on failure.
  std::string user_kubeconfig(const std::string& user) const;

 private:
  TempDir parent_;
  std::string dir_;
  std::string kubeconfig_;
  std::string error_;
};

std::string real_cluster_script();  // scripts/real-cluster.sh in the checkout

}  // namespace bg::testing
