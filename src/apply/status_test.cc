#include "apply/status.h"

#include <gtest/gtest.h>

#include "apply/engine.h"
#include "apply/input.h"
#include "testing/fake_clock.h"
#include "testing/fixtures.h"
#include "testing/in_process_server.h"

namespace bg::apply {
namespace {

const ComponentStatus* row(const std::vector<ComponentStatus>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.component == name) return &r;
  return nullptr;
}

TEST(PlatformStatus, NothingAppliedYetIsNotFound) {
  pipeline::PipelineResult run = pipeline::run_text(testing::example_spec(), "platform.yaml");
  testing::InProcessServer server;
  auto rows = *platform_status(*server.connect(), run.platform, run.objects);
  ASSERT_NE(row(rows, "postgres"), nullptr);
  EXPECT_EQ(row(rows, "postgres")->health, Health::kNotFound);
}

// The example applied to a fresh test server.
class AppliedPlatformStatus : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(apply_platform(*cluster, clock, *apply_input(run), {}, {}).is_ok()); }
  pipeline::PipelineResult run = pipeline::run_text(testing::example_spec(), "platform.yaml");
  testing::InProcessServer server;
  std::unique_ptr<Cluster> cluster = server.connect();
  testing::FakeClock clock;
};

TEST_F(AppliedPlatformStatus, HasARowPerComponentWithItsEntryPoints) {
  auto rows = *platform_status(*cluster, run.platform, run.objects);
  EXPECT_EQ(rows.size(), run.platform.components.size());
  const ComponentStatus* pg = row(rows, "postgres");
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(pg->health, Health::kCurrent) << pg->message;
  EXPECT_EQ(pg->ready, 1);
  EXPECT_EQ(pg->desired, 1);
  EXPECT_EQ(pg->tcp, std::vector<std::string>{"203.0.113.10:5432"});
  EXPECT_EQ(pg->storage, "50Gi");
  const ComponentStatus* grafana = row(rows, "grafana");
  ASSERT_NE(grafana, nullptr);
  EXPECT_EQ(grafana->urls, std::vector<std::string>{"https://grafana.betelgeusebytes.io/"});
  nlohmann::json j = status_json(rows);
  EXPECT_EQ(j.size(), rows.size());
  EXPECT_EQ(j[0].count("certificateExpiry"), 1u);
}

TEST_F(AppliedPlatformStatus, TheWorstObjectDecidesAndSaysWhy) {
  nlohmann::json sts = server.find("StatefulSet", "db", "postgres");
  sts["status"]["readyReplicas"] = 0;
  server.seed(sts);
  auto rows = *platform_status(*cluster, run.platform, run.objects);
  EXPECT_EQ(row(rows, "postgres")->health, Health::kInProgress);
  EXPECT_EQ(row(rows, "postgres")->message, "StatefulSet postgres: Ready: 0/1");
  EXPECT_EQ(row(rows, "postgres")->ready, 0);
}

// A component that is there but lacks an object is on its way (InProgress), not absent (NotFound).
TEST_F(AppliedPlatformStatus, AComponentMissingOneOfItsObjectsIsInProgress) {
  std::string ns = row(*platform_status(*cluster, run.platform, run.objects), "grafana")->ns;
  ASSERT_TRUE(cluster->remove({"networking.k8s.io/v1", "Ingress", ns, "grafana"}, Propagation::kBackground).is_ok());
  auto rows = *platform_status(*cluster, run.platform, run.objects);
  EXPECT_EQ(row(rows, "grafana")->health, Health::kInProgress);
  EXPECT_EQ(row(rows, "grafana")->message, "Ingress grafana: Resource not found");
  EXPECT_EQ(row(rows, "postgres")->health, Health::kCurrent);
}

TEST_F(AppliedPlatformStatus, LiveObjectsOfAnUnexpectedShapeAreReadAsAbsent) {
  // Objects other tools wrote. json::value() threw type_error on each: the Certificate's status
  // of null, a TLS entry that is no object, replicas of null.
  std::string ns = row(*platform_status(*cluster, run.platform, run.objects), "grafana")->ns;
  server.seed({{"apiVersion", "cert-manager.io/v1"},
                {"kind", "Certificate"},
                {"metadata", {{"name", "grafana-tls"}, {"namespace", ns}}},
                {"status", nullptr}});
  nlohmann::json ingress = server.find("Ingress", ns, "grafana");
  ASSERT_TRUE(ingress.is_object());
  ingress["spec"]["tls"].push_back("grafana-tls");
  server.seed(ingress);
  nlohmann::json sts = server.find("StatefulSet", "db", "postgres");
  sts["spec"]["replicas"] = nullptr;
  server.seed(sts);
  auto rows = platform_status(*cluster, run.platform, run.objects);
  ASSERT_TRUE(rows) << rows.status().message();
  EXPECT_EQ(row(*rows, "grafana")->certificate_expiry, "");
  EXPECT_EQ(row(*rows, "postgres")->desired, 1);  // a StatefulSet's replicas default to 1
}

TEST(PlatformStatus, AClusterThatCannotBeReadIsAnErrorNeverAPlatformShownAsNotFound) {
  pipeline::PipelineResult run = pipeline::run_text(testing::example_spec(), "platform.yaml");
  testing::InProcessServer server;
  auto rows = platform_status(*server.connect_with_token("not-the-servers-token"), run.platform, run.objects);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(rows.status().message(), std::string("Unauthorized: the kubeconfig's credentials were refused by ") +
                                         testing::InProcessServer::kServer);
}

}  // namespace
}  // namespace bg::apply
