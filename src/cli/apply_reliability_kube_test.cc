// apply's promises under bad weather, as a user meets them: the real betelgeuse binary over TLS
// against the Kubernetes API test server.
//
//   - with 10% of requests failing (429 with Retry-After, 500, 503, dropped connections) every
//     apply converges, and prune still removes exactly what left the spec;
//   - killed with SIGKILL at a random moment, a re-run converges: no Secret that existed after the
//     kill has other values, and Betelgeuse owns exactly what the spec renders (no orphan);
//   - a second apply on a converged platform writes nothing (the server's resourceVersion stays).
//
// The two specs alternate between trials (the walking skeleton, and the skeleton plus neo4j), so
// each run also has something to create or prune after whatever the previous one left behind.
#include <gtest/gtest.h>

#include <array>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "apply/applyset.h"
#include "testing/cluster_objects.h"
#include "testing/kube_testserver.h"

namespace bg::cli {
namespace {

using nlohmann::json;

// Every object the server stores, across kinds (one version of each group-kind).
std::vector<json> stored_objects(testserver::TestServer& server) {
  testserver::Cluster& c = server.cluster();
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

std::map<std::string, json> secret_values(testserver::TestServer& server) {
  return testing::secret_values(stored_objects(server));
}

int64_t resource_version(testserver::TestServer& server) {
  std::lock_guard lock(server.cluster().mu);
  return server.cluster().resource_version_locked();
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
    // cert-manager's CRDs, when the render does not carry them itself.
    if (!specs_[0].second.count("apiextensions.k8s.io/v1 CustomResourceDefinition certificates.cert-manager.io")) {
      auto crds = testing::kubectl(server_->kubeconfig(), {"apply", "-f", testing::source_path("tests/e2e/cert-manager-crds.yaml")});
      ASSERT_EQ(crds.exit_code, 0) << crds.err;
      auto ready = testing::kubectl(server_->kubeconfig(), {"wait", "--for=condition=Established", "--timeout=20s", "crd", "--all"});
      ASSERT_EQ(ready.exit_code, 0) << ready.err;
    }
  }

  testing::CommandResult apply(const std::string& spec) {
    return testing::run_command(testing::binary() + " apply " + spec + " --kubeconfig " + server_->kubeconfig() +
                                " --wave-timeout 60");
  }

  // Starts an apply and kills it with SIGKILL after `after`; returns whether it was still running.
  bool apply_killed_after(const std::string& spec, std::chrono::milliseconds after) {
    return testing::run_killed_after({testing::binary(), "apply", spec, "--kubeconfig", server_->kubeconfig(), "--wave-timeout", "60"},
                                     after.count());
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

TEST_F(ApplyReliability, KilledAtRandomMomentsAReRunLosesNothingAndLeavesNoOrphan) {
  // Kills land at random moments within how long the apply being killed takes here: switching to
  // each spec is timed once, and a window that a kill overshot (the apply had already finished)
  // is halved. The test counts only what it observed: it goes on until enough kills landed while
  // apply ran, within a bounded number of attempts, so a loaded machine cannot make it prove less.
  ASSERT_EQ(apply(specs_[0].first).exit_code, 0);
  std::array<long, 2> window{};
  for (int i : {1, 0}) {
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(apply(specs_[i].first).exit_code, 0);
    window[i] = std::max<long>(
        1, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  }
  std::mt19937 rng(20261127);
  const int wanted = 8, max_attempts = 30;
  int interrupted = 0, attempt = 0;
  for (; attempt < max_attempts && interrupted < wanted; ++attempt) {
    int which = (attempt + 1) % 2;
    const auto& [spec, want] = specs_[which];
    long after = std::uniform_int_distribution<long>(0, window[which])(rng);
    bool landed = apply_killed_after(spec, std::chrono::milliseconds(after));
    interrupted += landed;
    if (!landed) window[which] = std::max<long>(1, window[which] / 2);
    std::map<std::string, json> after_kill = secret_values(server_->server());
    auto rerun = apply(spec);
    ASSERT_EQ(rerun.exit_code, 0) << "attempt " << attempt << "\n" << rerun.err;
    for (const auto& [name, values] : secret_values(server_->server())) {
      if (after_kill.count(name)) {
        EXPECT_EQ(values, after_kill[name]) << name << " changed (attempt " << attempt << ")";
      }
    }
    expect_owns_exactly(server_->server(), applyset(), want, "attempt " + std::to_string(attempt));
  }
  EXPECT_EQ(interrupted, wanted) << "only " << interrupted << " of " << attempt
                                 << " kills landed while apply ran: the test proved too little";
}

}  // namespace
}  // namespace bg::cli
