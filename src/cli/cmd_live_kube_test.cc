// The live commands as a user runs them: the real betelgeuse binary, over TLS with a client
// certificate, against the Kubernetes API test server and, side by side, the real control plane
// (`Backends/LiveBinary.*/TestServer`, `/RealControlPlane`), and the real kubectl reading the result.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "apply/applyset.h"
#include "testing/kube_testserver.h"
#include "testing/live_cluster.h"

namespace bg::cli {
namespace {

using testing::run_command;

std::string bg(const std::string& kubeconfig, const std::string& args) {
  return testing::binary() + " " + args + " --kubeconfig " + kubeconfig;
}

class LiveBinary : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    // No CRD is installed beforehand: the render carries cert-manager's, and apply's first wave
    // waits for them to be Established before the ClusterIssuers. The spec's machines are the real
    // control plane's Nodes.
    std::ofstream(dir_ / "platform.yaml") << testing::skeleton_spec();
    spec_ = dir_ / "platform.yaml";
    testing::LiveClusterOptions options{spec_, {}};
    options.sim.ready_delay = std::chrono::milliseconds(20);
    cluster_ = testing::start_live_cluster(GetParam(), options);
    ASSERT_FALSE(cluster_->kubeconfig().empty()) << cluster_->name() << " did not start";
  }
  const std::string& kubeconfig() const { return cluster_->kubeconfig(); }
  testing::TempDir dir_;
  std::string spec_;
  std::unique_ptr<testing::LiveCluster> cluster_;
};

INSTANTIATE_TEST_SUITE_P(Backends, LiveBinary, testing::both_backends(), testing::BackendName());

TEST_P(LiveBinary, ApplyConvergesThenWritesNothingAndKubectlSeesWhatWeOwn) {
  auto first = run_command(bg(kubeconfig(), "apply " + spec_ + " --wave-timeout 180"));
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  EXPECT_NE(first.out.find(" created, 0 configured, 0 unchanged, 0 pruned"), std::string::npos) << first.out;
  auto second = run_command(bg(kubeconfig(), "apply " + spec_));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("0 created, 0 configured, "), std::string::npos) << second.out;
  EXPECT_NE(second.out.find(" unchanged, 0 pruned"), std::string::npos) << second.out;

  // kubectl lists what Betelgeuse owns by the ApplySet label.
  std::string id = apply::applyset_id({"", "Secret", "betelgeuse-system", "betelgeuse-betelgeusebytes"});
  auto owned = testing::kubectl(kubeconfig(), {"get", "statefulsets", "-A", "-l", "applyset.kubernetes.io/part-of=" + id,
                                                         "-o", "name"});
  ASSERT_EQ(owned.exit_code, 0) << owned.err;
  EXPECT_EQ(owned.out, "statefulset.apps/postgres\nstatefulset.apps/grafana\n");
  auto parent = testing::kubectl(kubeconfig(), {"get", "secret", "-n", "betelgeuse-system", "-l",
                                                          "applyset.kubernetes.io/id=" + id, "-o", "name"});
  EXPECT_EQ(parent.out, "secret/betelgeuse-betelgeusebytes\n") << parent.err;

  auto status = run_command(bg(kubeconfig(), "status " + spec_));
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("postgres"), std::string::npos) << status.out;

  auto diff = run_command(bg(kubeconfig(), "diff " + spec_));
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
  EXPECT_EQ(diff.out, "");
  EXPECT_EQ(diff.err, "no changes\n");

  // -o json ends in the counts, as numbers beside the summary line.
  auto json = run_command(bg(kubeconfig(), "apply " + spec_ + " -o json"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  std::string last = json.out.substr(json.out.rfind('\n', json.out.size() - 2) + 1);
  nlohmann::json done = nlohmann::json::parse(last);
  int unchanged = done.value("unchanged", -1);
  EXPECT_GT(unchanged, 0) << last;
  EXPECT_EQ(done, nlohmann::json({{"event", "done"},
                                  {"summary", "0 created, 0 configured, " + std::to_string(unchanged) + " unchanged, 0 pruned"},
                                  {"created", 0},
                                  {"configured", 0},
                                  {"unchanged", unchanged},
                                  {"pruned", 0}}));
}

TEST_P(LiveBinary, PlanAndDiffOnAnEmptyClusterShowWhatTheFirstApplyCreates) {
  // Nothing exists yet, not even the namespaces or cert-manager's CRDs: the server cannot dry-run
  // most objects, so they are shown as they would be sent.
  auto plan = run_command(bg(kubeconfig(), "plan " + spec_));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("  + cert-manager.io/v1 ClusterIssuer letsencrypt-staging  (wave "), std::string::npos) << plan.out;
  std::size_t creates = 0;
  ASSERT_NE(plan.out.find("Plan: "), std::string::npos) << plan.out;
  ASSERT_EQ(std::sscanf(plan.out.c_str() + plan.out.find("Plan: "), "Plan: %zu to create, 0 to update, 0 unchanged, 0 to prune", &creates), 1);
  auto diff = run_command(bg(kubeconfig(), "diff " + spec_));
  EXPECT_EQ(diff.exit_code, 1) << diff.err;
  EXPECT_NE(diff.out.find("+kind: ClusterIssuer"), std::string::npos) << diff.out.substr(0, 2000);
  // The first apply creates exactly what plan announced, and no secret value was shown on the way.
  auto apply = run_command(bg(kubeconfig(), "apply " + spec_ + " --wave-timeout 180"));
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_EQ(apply.out.rfind(std::to_string(creates) + " created, 0 configured, 0 unchanged, 0 pruned", 0), 0u) << apply.out;
  auto secret = testing::kubectl(kubeconfig(), {"get", "secret", "-n", "db", "postgres-admin", "-o", "jsonpath={.data.password}"});
  ASSERT_EQ(secret.exit_code, 0) << secret.err;
  ASSERT_FALSE(secret.out.empty());
  EXPECT_EQ(diff.out.find(secret.out), std::string::npos) << "a secret value in the diff";
}

// Test server only: it reads the server's one resourceVersion counter, which proves no write at
// all. On the real control plane the controllers write all the time, so the same claim is made per
// owned object by ExampleOnRealControlPlane (real_cluster_live_test.cc).
TEST(LiveBinaryOnTestServer, TheWholeExampleConvergesAndAReApplyWritesNothingAtAll) {
  testserver::SimulatorOptions sim;
  sim.ready_delay = std::chrono::milliseconds(20);
  testing::KubeTestServer server({}, sim);
  testing::TempDir dir;
  std::ofstream(dir / "example.yaml") << testing::example_spec();
  // plan's table of waves fits a terminal: a wide wave's components are shortened, prune has its column.
  auto plan = run_command(bg(server.kubeconfig(), "plan " + dir / "example.yaml"));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  std::size_t from = plan.out.find("Changes against the cluster, in apply's waves\n");
  ASSERT_NE(from, std::string::npos) << plan.out;
  std::string table = plan.out.substr(from, plan.out.find("\n\n", from) - from);
  EXPECT_NE(table.find("\n  WAVE                                               CREATE   UPDATE   UNCHANGED   PRUNE\n"),
            std::string::npos) << table;
  EXPECT_NE(table.find("\n  3 level 0: argo-server, cert-manager +15           "), std::string::npos) << table;
  EXPECT_NE(table.find("\n  then prune                                         -        -        -           0"),
            std::string::npos) << table;
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 100u) << line;
  auto first = run_command(bg(server.kubeconfig(), "apply " + dir / "example.yaml" + " --wave-timeout 60"));
  ASSERT_EQ(first.exit_code, 0) << first.err.substr(first.err.size() > 3000 ? first.err.size() - 3000 : 0);
  int64_t rv = 0;
  {
    std::lock_guard lock(server.server().store().mu);
    rv = server.server().store().resource_version_locked();
  }
  auto again = run_command(bg(server.kubeconfig(), "apply " + dir / "example.yaml"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out.rfind("0 created, 0 configured, ", 0), 0u) << again.out;
  std::lock_guard lock(server.server().store().mu);
  EXPECT_EQ(server.server().store().resource_version_locked(), rv) << "zero writes";
}

// A component whose workload is there but which lacks an object (here its Ingress, deleted by
// hand) is InProgress and names what it lacks; one with nothing there is NotFound.
TEST(LiveBinaryOnTestServer, StatusShowsAComponentMissingAnObjectAsInProgress) {
  testserver::SimulatorOptions sim;
  sim.ready_delay = std::chrono::milliseconds(20);
  testing::KubeTestServer server({}, sim);
  testing::TempDir dir;
  std::ofstream(dir / "platform.yaml") << testing::skeleton_spec();
  auto status_of = [&](const std::string& component) {
    auto r = run_command(bg(server.kubeconfig(), "status " + dir / "platform.yaml" + " -o json"));
    EXPECT_TRUE(nlohmann::json::accept(r.out)) << r.out << r.err;
    for (const auto& row : nlohmann::json::parse(r.out, nullptr, false))
      if (row.value("component", "") == component)
        return nlohmann::json{{"health", row["health"]}, {"message", row["message"]}, {"exit", r.exit_code}};
    return nlohmann::json();
  };
  EXPECT_EQ(status_of("grafana"), nlohmann::json({{"health", "NotFound"},
                                                  {"message", "PersistentVolume observability-grafana-data: Resource not found"},
                                                  {"exit", 1}}));
  ASSERT_EQ(run_command(bg(server.kubeconfig(), "apply " + dir / "platform.yaml" + " --wave-timeout 60")).exit_code, 0);
  auto deleted = testing::kubectl(server.kubeconfig(), {"delete", "ingress", "grafana", "-n", "observability"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(status_of("grafana"), nlohmann::json({{"health", "InProgress"},
                                                  {"message", "Ingress grafana: Resource not found"},
                                                  {"exit", 1}}));
}

// No cluster is reached: the kubeconfig is refused before any connection.
TEST(LiveBinaryWithoutACluster, ABadKubeconfigIsALocatedErrorAndExitTwo) {
  testing::TempDir dir;
  std::ofstream(dir / "platform.yaml") << testing::skeleton_spec();
  std::ofstream(dir / "kubeconfig") << "apiVersion: v1\nkind: Config\ncurrent-context: nowhere\ncontexts: []\n";
  auto r = run_command(testing::binary() + " apply " + dir / "platform.yaml" + " --kubeconfig " + dir / "kubeconfig");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir / "kubeconfig:3:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bg::cli
