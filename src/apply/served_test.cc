#include "apply/served.h"

#include <gtest/gtest.h>

#include "testing/in_process_server.h"

namespace bg::apply {
namespace {

manifest::Object object(const std::string& api_version, const std::string& kind, const std::string& ns,
                        const std::string& name) {
  nlohmann::json meta = {{"name", name}};
  if (!ns.empty()) meta["namespace"] = ns;
  return {{{"apiVersion", api_version}, {"kind", kind}, {"metadata", meta}}, {}};
}

// The test server serves ConfigMaps and CustomResourceDefinitions, and no Gateway API or
// example.com kind (no CRD of theirs is installed).
TEST(Served, KindsTheClusterDoesNotServeAreNamedWithTheirObjectsButThoseOfOurOwnCrdsAreNot) {
  testing::InProcessServer server;
  manifest::Object crd = object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com");
  crd.body["spec"] = {{"group", "example.com"}, {"names", {{"kind", "Widget"}}},
                      {"versions", {{{"name", "v1"}, {"served", true}}}}};
  std::vector<manifest::Object> objects = {
      object("gateway.networking.k8s.io/v1", "GatewayClass", "", "cilium"), object("v1", "ConfigMap", "db", "settings"),
      object("gateway.networking.k8s.io/v1", "Gateway", "ingress", "platform"), crd,
      object("example.com/v1", "Widget", "db", "w"), object("gateway.networking.k8s.io/v1", "Gateway", "ingress", "other")};
  auto unserved = unserved_kinds(*server.connect(), objects);
  ASSERT_TRUE(unserved) << unserved.status().message();
  EXPECT_EQ(unserved_text(*unserved),
            "  gateway.networking.k8s.io/v1 GatewayClass: cilium\n"
            "  gateway.networking.k8s.io/v1 Gateway: ingress/platform, ingress/other\n");
}

TEST(Served, AClusterThatCannotBeAskedIsAnErrorNeverNotServed) {
  testing::InProcessServer server;
  testserver::Faults failing;  // discovery answers 503, however often it is asked
  failing.rate_503 = 1;
  failing.include_discovery = true;
  server.service().faults().set(failing);
  auto unserved = unserved_kinds(*server.connect(), {object("v1", "ConfigMap", "db", "settings")});
  ASSERT_FALSE(unserved);
  EXPECT_EQ(unserved.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(unserved.status().message().rfind("the server's discovery failed (/api): ", 0), 0u)
      << unserved.status().message();
}

}  // namespace
}  // namespace bg::apply
