// Why a wave is blocked, on real objects: the real binary on the real control plane, where the
// reasons are written by the real admission plugins, controllers and scheduler. apply stops at the
// wave with the chain down to the words the cluster wrote, and status shows the same reason.
#include <gtest/gtest.h>

#include <fstream>

#include "testing/kube_testserver.h"
#include "testing/real_cluster.h"

namespace bg::cli {
namespace {

using testing::run_command;

class BlockedOnRealControlPlane : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(spec_) << testing::skeleton_spec();
    cluster_ = std::make_unique<testing::RealCluster>(spec_);
    ASSERT_TRUE(cluster_->ok());
    auto first = bg("apply " + spec_ + " --wave-timeout 120");
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  }
  testing::CommandResult bg(const std::string& args) {
    return run_command(testing::binary() + " " + args + " --kubeconfig " + cluster_->kubeconfig());
  }
  testing::CommandResult kubectl(const std::vector<std::string>& args) { return testing::kubectl(cluster_->kubeconfig(), args); }

  testing::TempDir dir_;
  std::string spec_ = dir_ / "platform.yaml";
  std::unique_ptr<testing::RealCluster> cluster_;
};

TEST_F(BlockedOnRealControlPlane, APodAdmissionRefusesStopsApplyWithTheReplicaSetsFailedCreateInTheApiServersWords) {
  // The cluster's admin caps the namespace at the one pod it runs; the platform then asks for two
  // ingress controllers. The ResourceQuota admission plugin refuses the second pod, the real
  // ReplicaSet controller records FailedCreate, and nothing ever becomes ready.
  auto quota = kubectl({"create", "quota", "one-pod", "-n", "ingress-nginx", "--hard=pods=1"});
  ASSERT_EQ(quota.exit_code, 0) << quota.err;
  std::string text = testing::read_file(spec_);
  text.replace(text.find("ingress-nginx:\n      replicas: 1"), 32, "ingress-nginx:\n      replicas: 2");
  std::ofstream(spec_) << text;

  auto apply = bg("apply " + spec_ + " --wave-timeout 20");
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  std::string all = apply.out + apply.err;
  EXPECT_NE(all.find("apps/v1 Deployment ingress-nginx/ingress-nginx: InProgress"), std::string::npos) << all;
  EXPECT_NE(all.find("replicaset ingress-nginx-"), std::string::npos) << all;
  EXPECT_NE(all.find("event Warning FailedCreate: Error creating: pods \"ingress-nginx-"), std::string::npos) << all;
  EXPECT_NE(all.find("is forbidden: exceeded quota: one-pod, requested: pods=1, used: pods=1, limited: pods=1"),
            std::string::npos) << all;

  auto status = bg("status " + spec_);
  EXPECT_EQ(status.exit_code, 1) << status.out << status.err;
  // The API server's event aggregator may prefix "(combined from similar events): ".
  EXPECT_NE(status.out.find("Deployment ingress-nginx: FailedCreate: "), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("exceeded quota: one-pod"), std::string::npos) << status.out;
}

TEST_F(BlockedOnRealControlPlane, APodTheSchedulerCannotPlaceShowsTheSchedulersEventInApplyAndStatus) {
  // postgres's local volume is pinned to worker-1. The machine is gone: its Node is deleted and
  // its pod with it, so the StatefulSet's new pod has nowhere to go.
  auto node = kubectl({"delete", "node", "worker-1", "--wait=true"});
  ASSERT_EQ(node.exit_code, 0) << node.err;
  auto pod = kubectl({"delete", "pod", "-n", "db", "postgres-0", "--force", "--grace-period=0"});
  ASSERT_EQ(pod.exit_code, 0) << pod.err;

  auto apply = bg("apply " + spec_ + " --wave-timeout 20");
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  std::string all = apply.out + apply.err;
  EXPECT_NE(all.find("apps/v1 StatefulSet db/postgres: InProgress"), std::string::npos) << all;
  EXPECT_NE(all.find("pod postgres-0:"), std::string::npos) << all;
  // The pod selects its volume's node by hostname (render/workload.cc), and that node is gone.
  EXPECT_NE(all.find("event Warning FailedScheduling: 0/3 nodes are available: 1 node(s) didn't match Pod's node "
                     "affinity/selector, 2 node(s) had untolerated taint(s)"), std::string::npos) << all;

  auto status = bg("status " + spec_);
  EXPECT_EQ(status.exit_code, 1) << status.out << status.err;
  EXPECT_NE(status.out.find("StatefulSet postgres: FailedScheduling: 0/3 nodes are available: 1 node(s) didn't match "
                            "Pod's node affinity/selector"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace bg::cli
