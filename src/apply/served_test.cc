#include "apply/served.h"

#include <gtest/gtest.h>

#include "testing/fake_cluster.h"

namespace bg::apply {
namespace {

manifest::Object object(const std::string& api_version, const std::string& kind, const std::string& ns,
                        const std::string& name) {
  nlohmann::json meta = {{"name", name}};
  if (!ns.empty()) meta["namespace"] = ns;
  return {{{"apiVersion", api_version}, {"kind", kind}, {"metadata", meta}}, {}};
}

TEST(Served, KindsTheClusterDoesNotServeAreNamedWithTheirObjectsButThoseOfOurOwnCrdsAreNot) {
  testing::FakeCluster cluster;
  cluster.unserved = {"gateway.networking.k8s.io/GatewayClass", "gateway.networking.k8s.io/Gateway",
                      "example.com/Widget"};
  manifest::Object crd = object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com");
  crd.body["spec"] = {{"group", "example.com"}, {"names", {{"kind", "Widget"}}},
                      {"versions", {{{"name", "v1"}, {"served", true}}}}};
  std::vector<manifest::Object> objects = {
      object("gateway.networking.k8s.io/v1", "GatewayClass", "", "cilium"), object("v1", "ConfigMap", "db", "settings"),
      object("gateway.networking.k8s.io/v1", "Gateway", "ingress", "platform"), crd,
      object("example.com/v1", "Widget", "db", "w"), object("gateway.networking.k8s.io/v1", "Gateway", "ingress", "other")};
  auto unserved = unserved_kinds(cluster, objects);
  ASSERT_TRUE(unserved) << unserved.status().message();
  EXPECT_EQ(unserved_text(*unserved),
            "  gateway.networking.k8s.io/v1 GatewayClass: cilium\n"
            "  gateway.networking.k8s.io/v1 Gateway: ingress/platform, ingress/other\n");
}

TEST(Served, AClusterThatCannotBeAskedIsAnErrorNeverNotServed) {
  testing::FakeCluster cluster;
  cluster.refuse = Status::terminal("the server's discovery failed (/api): boom").with_code(Status::Code::kUnavailable);
  auto unserved = unserved_kinds(cluster, {object("v1", "ConfigMap", "db", "settings")});
  ASSERT_FALSE(unserved);
  EXPECT_EQ(unserved.status().code(), Status::Code::kUnavailable);
}

}  // namespace
}  // namespace bg::apply
