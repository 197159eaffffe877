#include "nodes/cilium.h"

#include <gtest/gtest.h>

#include "testing/fixtures.h"
#include "testing/nodes_plan.h"

namespace bg::nodes {
namespace {

using Json = nlohmann::json;

TEST(Cilium, ReplacesKubeProxyAndRoutesPodsNativelyOverTheMesh) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  Json v = cilium_values(f.plan);
  EXPECT_EQ(v["kubeProxyReplacement"], true);
  EXPECT_EQ(v["policyCIDRMatchMode"], nlohmann::json::array({"nodes"})) << "ipBlock policies must reach the API server";
  EXPECT_EQ(v["k8sServiceHost"], "10.77.0.1");
  EXPECT_EQ(v["k8sServicePort"], 6443);
  EXPECT_EQ(v["routingMode"], "native");
  EXPECT_EQ(v["ipv4NativeRoutingCIDR"], "10.244.0.0/16");
  EXPECT_EQ(v["ipam"]["mode"], "kubernetes");
  EXPECT_EQ(v["MTU"], 1420);
  EXPECT_EQ(v["encryption"]["enabled"], false);  // the mesh encrypts
  EXPECT_EQ(v["externalIPs"]["enabled"], true);  // the access layer's Service uses externalIPs
  EXPECT_EQ(v["hubble"]["enabled"], true);
  EXPECT_EQ(v["hubble"]["relay"]["enabled"], true);
  EXPECT_FALSE(v["hubble"]["metrics"]["enabled"].empty());
  EXPECT_EQ(v["prometheus"]["enabled"], true);
  EXPECT_EQ(v["operator"]["prometheus"]["enabled"], true);
  EXPECT_EQ(v["operator"]["replicas"], 1);
  EXPECT_EQ(v["gatewayAPI"]["enabled"], false);
}

TEST(Cilium, GatewayApiBackendTurnsOnTheControllerOnTheIngressNodes) {
  NodesState state;
  auto f = testing::nodes_plan(state, testing::gateway_example_spec());
  ASSERT_TRUE(f.plan.gateway_api) << "spec.exposure.backend reaches the nodes plan";
  Json v = cilium_values(f.plan);
  EXPECT_EQ(v["gatewayAPI"]["enabled"], true);
  EXPECT_EQ(v["gatewayAPI"]["hostNetwork"]["enabled"], true);
  EXPECT_EQ(v["gatewayAPI"]["hostNetwork"]["nodes"]["matchLabels"][kIngressLabel], "true");
  EXPECT_EQ(v["kubeProxyReplacement"], true);  // Gateway API needs it in 1.19+
}

TEST(Cilium, TheFileNamesChartAndVersion) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::string text = cilium_values_file(f.plan);
  EXPECT_EQ(text.rfind("# Cilium 1.20.1 Helm values for platform betelgeusebytes", 0), 0u);
  EXPECT_NE(text.find("helm upgrade --install cilium oci://quay.io/cilium/charts/cilium --version 1.20.1"),
            std::string::npos);
  EXPECT_NE(text.find("\nkubeProxyReplacement: true\n"), std::string::npos);
}

}  // namespace
}  // namespace bg::nodes
