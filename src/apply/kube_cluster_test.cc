// KubeCluster against the test server: "absent" and "not served" are only ever concluded from a
// server that answered; a discovery the server fails is an error the caller sees.

#include "apply/kube_cluster.h"

#include <gtest/gtest.h>

// Designated initializers name the options a test sets; GCC 12 warns about the ones left out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "common/filesystem.h"
#include "diag/diagnostic.h"
#include "kube/kubeconfig.h"
#include "testing/kube_testserver.h"

namespace bg::apply {
namespace {

std::unique_ptr<KubeCluster> cluster_for(const std::string& kubeconfig) {
  DiskFileSystem fs;
  auto loaded = kube::load_client_config({.kubeconfig_flag = kubeconfig, .context = "testserver"}, fs);
  EXPECT_TRUE(loaded.config) << render_diagnostics(loaded.diagnostics, loaded.sources, false);
  if (!loaded.config) return nullptr;
  kube::ClientOptions options;
  options.retry = {2, std::chrono::milliseconds(1), std::chrono::milliseconds(2)};  // fail fast
  auto client = kube::Client::connect(*loaded.config, options);
  EXPECT_TRUE(client) << client.status().message();
  return client ? std::make_unique<KubeCluster>(std::move(*client)) : nullptr;
}

testserver::Faults every_request_fails() {
  testserver::Faults f;
  f.rate_500 = 1;
  f.include_discovery = true;
  return f;
}

TEST(KubeCluster, AMissingObjectAndAKindNotServedAreAbsentWhenTheServerAnswers) {
  testing::KubeTestServer server;
  auto cluster = cluster_for(server.kubeconfig());
  ASSERT_TRUE(cluster);
  auto missing = cluster->get({"v1", "ConfigMap", "default", "nope"});
  ASSERT_TRUE(missing) << missing.status().message();
  EXPECT_TRUE(missing->is_null());
  auto unserved = cluster->get({"example.com/v1", "Widget", "default", "w"});
  ASSERT_TRUE(unserved) << unserved.status().message();
  EXPECT_TRUE(unserved->is_null());
}

TEST(KubeCluster, AFailedDiscoveryIsAnErrorNotAnAbsentObject) {
  testing::KubeTestServer server;
  server.server().faults().set(every_request_fails());
  auto cluster = cluster_for(server.kubeconfig());
  ASSERT_TRUE(cluster);
  auto got = cluster->get({"v1", "ConfigMap", "default", "one"});
  ASSERT_FALSE(got) << "an object reported absent by a server that answered nothing";
  EXPECT_EQ(got.status().code(), Status::Code::kUnavailable) << got.status().message();
  auto served = cluster->serves("v1", "ConfigMap");
  EXPECT_FALSE(served);
  auto listed = cluster->list({"apps", "Deployment", "", "", ""});
  EXPECT_FALSE(listed) << "a list reported empty by a server that answered nothing";
}

TEST(KubeCluster, AKindLookedUpAfterDiscoveryBrokeIsAnErrorNotAKindNotServed) {
  testing::KubeTestServer server;
  auto cluster = cluster_for(server.kubeconfig());
  ASSERT_TRUE(cluster);
  // Discovery is cached now; the miss on Widget asks the server again, which fails.
  auto first = cluster->get({"v1", "ConfigMap", "default", "one"});
  ASSERT_TRUE(first) << first.status().message();
  server.server().faults().set(every_request_fails());
  auto widget = cluster->get({"example.com/v1", "Widget", "default", "w"});
  ASSERT_FALSE(widget) << "a kind reported not served by a discovery that failed";
  EXPECT_EQ(widget.status().code(), Status::Code::kUnavailable) << widget.status().message();
}

}  // namespace
}  // namespace bg::apply
