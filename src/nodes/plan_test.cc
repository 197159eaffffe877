#include "nodes/plan.h"

#include <gtest/gtest.h>

#include "testing/fixtures.h"
#include "testing/nodes_plan.h"

namespace bg::nodes {
namespace {

using testing::example_nodes_plan;
using testing::nodes_plan;

TEST(Plan, TheExampleHasOneControlPlaneTwoWorkersAndAGpuNode) {
  NodesState state;
  auto f = example_nodes_plan(state);
  const Plan& p = f.plan;
  ASSERT_EQ(p.nodes.size(), 4u);
  EXPECT_TRUE(f.state_changed);
  EXPECT_EQ(p.api_host().name, "cp-1");
  EXPECT_EQ(p.control_plane_endpoint(), "10.77.0.1:6443");
  EXPECT_EQ(p.find("worker-2")->mesh_address.str(), "10.77.0.3");
  EXPECT_EQ(p.find("cp-1")->pod_cidr.str(), "10.244.0.0/24");
  EXPECT_EQ(p.find("gpu-1")->pod_cidr.str(), "10.244.3.0/24");
  EXPECT_TRUE(p.find("gpu-1")->gpu());
  EXPECT_EQ(p.find("gpu-1")->taints, (std::vector<Taint>{{"nvidia.com/gpu", "present", "NoSchedule"}}));
  EXPECT_EQ(p.find("gpu-1")->labels.at("nvidia.com/gpu.present"), "true");
  EXPECT_EQ(p.find("worker-1")->labels.count("node-role.kubernetes.io/worker"), 1u);
  EXPECT_EQ(p.find("cp-1")->labels.at(kIngressLabel), "true");
  EXPECT_FALSE(p.find("worker-1")->ingress);
  EXPECT_EQ(p.find("worker-1")->storage_dirs, std::vector<std::string>{"/mnt/ssd/db/postgres"});
  EXPECT_EQ(p.find("worker-2")->storage_dirs, std::vector<std::string>{"/mnt/ssd/observability/grafana"});
  EXPECT_EQ(p.ingress_tcp_ports, (std::vector<int>{80, 443, 5432}));
  EXPECT_EQ(p.ca_cert_hash.substr(0, 7), "sha256:");
  EXPECT_EQ(state.nodes.size(), 4u);
}

TEST(Plan, ASecondBuildFromTheSameStateChangesNothing) {
  NodesState state;
  auto first = example_nodes_plan(state);
  NodesState kept = state;
  auto second = example_nodes_plan(state);
  EXPECT_FALSE(second.state_changed);
  EXPECT_EQ(state, kept);
  for (std::size_t i = 0; i < first.plan.nodes.size(); ++i) {
    EXPECT_EQ(first.plan.nodes[i].public_key, second.plan.nodes[i].public_key);
    EXPECT_EQ(first.plan.nodes[i].private_key, second.plan.nodes[i].private_key);
  }
  EXPECT_EQ(first.plan.bootstrap_token, second.plan.bootstrap_token);
  EXPECT_EQ(first.plan.ca_cert_pem, second.plan.ca_cert_pem);
}

TEST(Plan, RotatingAKeyChangesOnlyThatNodesKey) {
  NodesState state;
  auto before = example_nodes_plan(state);
  PlanOptions rotate;
  rotate.rotate_keys = {"worker-1"};
  auto after = nodes_plan(state, testing::example_spec(), rotate);
  EXPECT_TRUE(after.state_changed);
  for (std::size_t i = 0; i < before.plan.nodes.size(); ++i) {
    bool rotated = before.plan.nodes[i].name == "worker-1";
    EXPECT_EQ(before.plan.nodes[i].public_key != after.plan.nodes[i].public_key, rotated) << before.plan.nodes[i].name;
  }
  EXPECT_EQ(before.plan.bootstrap_token, after.plan.bootstrap_token);
}

TEST(Plan, NodesWithoutMeshAddressGetTheLowestFreeOneAndKeepIt) {
  NodesState state;
  auto f = nodes_plan(state, testing::example_with_extra_worker());
  EXPECT_EQ(f.plan.find("worker-3")->mesh_address.str(), "10.77.0.5");  // .1–.4 are taken explicitly
  EXPECT_EQ(f.plan.find("worker-3")->pod_cidr.str(), "10.244.4.0/24");
  EXPECT_EQ(state.nodes.at("worker-3").mesh_address, "10.77.0.5");
  // Another node without an address added *before* it in the file does not move it.
  std::string spec = testing::example_with_extra_worker();
  std::size_t at = spec.find("    - name: worker-3");
  spec.insert(at, "    - name: worker-0\n      role: worker\n      publicAddress: 203.0.113.20\n");
  auto g = nodes_plan(state, spec);
  EXPECT_EQ(g.plan.find("worker-3")->mesh_address.str(), "10.77.0.5");
  EXPECT_EQ(g.plan.find("worker-0")->mesh_address.str(), "10.77.0.6");
  EXPECT_EQ(g.plan.find("worker-3")->pod_cidr.str(), "10.244.4.0/24");
  EXPECT_EQ(g.plan.find("worker-0")->pod_cidr.str(), "10.244.5.0/24");
}

TEST(Plan, AStoredPublicKeyIsNeverTrustedOverThePrivateKey) {
  NodesState state;
  auto f = example_nodes_plan(state);
  std::string real = state.nodes.at("cp-1").public_key;
  state.nodes.at("cp-1").public_key = "tampered";
  auto g = example_nodes_plan(state);
  EXPECT_TRUE(g.state_changed);
  EXPECT_EQ(g.plan.find("cp-1")->public_key, real);
}

}  // namespace
}  // namespace bg::nodes
