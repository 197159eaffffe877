// apply's promises under bad weather, as a user meets them: the real betelgeuse binary over TLS
// against the Kubernetes API test server.
//
//   - with 10% of requests failing (429 with Retry-After, 500, 503, dropped connections) every
//     apply converges, and prune still removes exactly what left the spec;
//   - killed with SIGKILL part-way, a re-run converges: no Secret that existed after the kill has
//     other values, and Betelgeuse owns exactly what the spec renders (no orphan)
//     (testing/killed_applies.h);
//   - a second apply on a converged platform writes nothing (the server's resourceVersion stays).
//
// The two specs alternate between trials (the walking skeleton, and the skeleton plus neo4j), so
// each run also has something to create or prune after whatever the previous one left behind.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>

#include "apply/applyset.h"
#include "testing/cluster_objects.h"
#include "testing/killed_applies.h"
#include "testing/kube_testserver.h"

namespace bg::cli {
namespace {

using nlohmann::json;

// Every object the server stores, across kinds (one version of each group-kind).
std::vector<json> stored_objects(testserver::TestServer& server) {
  testserver::Store& c = server.store();
  std::lock_guard lock(c.mu);
  std::vector<json> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const testserver::ResourceType& rt : c.registry.all()) {
    if (!seen.insert({rt.group, rt.kind}).second) continue;
    for (const json* o : c.list_locked(rt, "")) out.push_back(*o);
  }
  return out;
}

void expect_owns_exactly(testserver::TestServer& server, const std::string& applyset, const std::set<std::string>& want,
                         const std::string& context) {
  for (const std::string& problem : testing::ownership_problems(stored_objects(server), applyset, want))
    ADD_FAILURE() << problem << " (" << context << ")";
}

int64_t resource_version(testserver::TestServer& server) {
  std::lock_guard lock(server.store().mu);
  return server.store().resource_version_locked();
}

class ApplyReliability : public ::testing::Test {
 protected:
  void SetUp() override {
    testserver::SimulatorOptions sim;
    sim.ready_delay = std::chrono::milliseconds(0);
    server_ = std::make_unique<testing::KubeTestServer>(testserver::ServerOptions{}, sim);
    std::ofstream(dir_ / "a.yaml") << testing::skeleton_spec();
    std::ofstream(dir_ / "b.yaml") << testing::skeleton_spec_plus({"neo4j"});
    specs_ = {{dir_ / "a.yaml", testing::rendered_refs(testing::skeleton_spec())},
              {dir_ / "b.yaml", testing::rendered_refs(testing::skeleton_spec_plus({"neo4j"}))}};
    ASSERT_NE(specs_[0].second, specs_[1].second);
    // cert-manager's CRDs come with the render (the crds trait), so apply installs them itself.
    ASSERT_TRUE(specs_[0].second.count("apiextensions.k8s.io/v1 CustomResourceDefinition certificates.cert-manager.io"));
  }

  testing::CommandResult apply(const std::string& spec) {
    return testing::run_command(testing::binary() + " apply " + spec + " --kubeconfig " + server_->kubeconfig() +
                                " --wave-timeout 60");
  }

  std::string applyset() const {
    return apply::applyset_id({"", "Secret", "betelgeuse-system", "betelgeuse-betelgeusebytes"});
  }

  std::unique_ptr<testing::KubeTestServer> server_;
  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::set<std::string>>> specs_;  // spec file, what it owns
};

TEST_F(ApplyReliability, WithTenPercentFaultsEveryApplyConvergesAndPrunesExactly) {
  for (unsigned trial = 0; trial < 4; ++trial) {
    const auto& [spec, want] = specs_[trial % 2];
    testserver::Faults faults;
    faults.rate_429 = faults.rate_500 = faults.rate_503 = faults.rate_drop = 0.025;  // 10% in all
    faults.seed = 1000 + trial;
    server_->server().faults().set(faults);
    long before = server_->server().faults().injected();
    auto run = apply(spec);
    server_->server().faults().set({});
    ASSERT_EQ(run.exit_code, 0) << "trial " << trial << "\n" << run.err;
    EXPECT_GT(server_->server().faults().injected(), before) << "faults were injected";
    expect_owns_exactly(server_->server(), applyset(), want, "trial " + std::to_string(trial));
  }
  // Converged: the same apply again writes nothing at all.
  int64_t rv = resource_version(server_->server());
  auto again = apply(specs_[1].first);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 created, 0 configured, "), std::string::npos) << again.out;
  EXPECT_EQ(resource_version(server_->server()), rv) << "a second apply performs zero writes";
}

TEST_F(ApplyReliability, KilledPartWayAReRunLosesNothingAndLeavesNoOrphan) {
  // Workloads get ready only after the simulator's usual delay here, as controllers take their
  // time: apply then writes in steps with waits between them, so a kill can land between writes
  // rather than only in the few milliseconds the writes themselves take.
  server_ = std::make_unique<testing::KubeTestServer>(testserver::ServerOptions{}, testserver::SimulatorOptions{});
  testing::KilledApplies k;
  k.kubeconfig = server_->kubeconfig();
  k.wave_timeout = "60";
  k.specs = {specs_[0], specs_[1]};
  k.applyset = applyset();
  k.objects = [this] { return stored_objects(server_->server()); };
  k.wanted = 6;
  k.max_attempts = 30;
  k.seed = 20261127;
  testing::expect_killed_applies_lose_nothing(k);
}

}  // namespace
}  // namespace bg::cli
