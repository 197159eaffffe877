// A platform's life on the real control plane, with the real binary: a component switched off is
// pruned and the real garbage collector removes its pods while its data stays; destroy keeps the
// data too; apply killed with SIGKILL part-way converges on a re-run with no Secret changed and no
// orphan (testing/killed_applies.h). What each test owns is read back with kubectl
// (testing/cluster_objects.h).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "apply/cluster.h"
#include "testing/cluster_objects.h"
#include "testing/killed_applies.h"
#include "testing/kube_testserver.h"
#include "testing/real_cluster.h"

namespace bg::cli {
namespace {

using nlohmann::json;
using testing::run_command;

class LifecycleOnRealControlPlane : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_ / "a.yaml") << testing::skeleton_spec();
    std::ofstream(dir_ / "b.yaml") << testing::skeleton_spec_plus({"neo4j"});
    specs_ = {{dir_ / "a.yaml", testing::rendered_refs(testing::skeleton_spec())},
              {dir_ / "b.yaml", testing::rendered_refs(testing::skeleton_spec_plus({"neo4j"}))}};
    cluster_ = std::make_unique<testing::RealCluster>(dir_ / "b.yaml");
    ASSERT_TRUE(cluster_->ok());
  }

  testing::CommandResult bg(const std::string& args) {
    return run_command(testing::binary() + " " + args + " --kubeconfig " + cluster_->kubeconfig());
  }
  std::vector<json> objects() { return testing::cluster_objects(cluster_->kubeconfig()); }
  void expect_owns_exactly(const std::set<std::string>& want, const std::string& context) {
    for (const std::string& p : testing::ownership_problems(objects(), testing::platform_applyset(), want))
      ADD_FAILURE() << p << " (" << context << ")";
  }

  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::set<std::string>>> specs_;  // spec file, what it owns
  std::unique_ptr<testing::RealCluster> cluster_;
};

std::size_t pods_of(const std::vector<json>& objects, const std::string& ns, const std::string& app) {
  std::size_t n = 0;
  for (const json& o : objects)
    if (o.value("kind", "") == "Pod" && o["metadata"].value("namespace", "") == ns &&
        o["metadata"].value("labels", json::object()).value("app.kubernetes.io/name", "") == app)
      ++n;
  return n;
}

bool exists(const std::vector<json>& objects, const std::string& ref) {
  for (const json& o : objects)
    if (apply::ObjectRef::of(o).str() == ref) return true;
  return false;
}

TEST_F(LifecycleOnRealControlPlane, AComponentSwitchedOffIsPrunedItsPodsCollectedAndItsDataKept) {
  auto first = bg("apply " + specs_[1].first + " --wave-timeout 120");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  auto before = objects();
  ASSERT_EQ(pods_of(before, "graph", "neo4j"), 1u);
  std::map<std::string, json> secrets = testing::secret_values(before);

  auto off = bg("apply " + specs_[0].first + " --wave-timeout 120");
  ASSERT_EQ(off.exit_code, 0) << off.out << off.err;
  EXPECT_EQ(off.out.find(" 0 pruned"), std::string::npos) << off.out;
  // The real garbage collector removes the StatefulSet's pods in the background.
  std::size_t left = 1;
  for (int i = 0; i < 150 && left; ++i) {
    left = pods_of(objects(), "graph", "neo4j");
    if (left) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(left, 0u) << "neo4j's pod outlived its StatefulSet";

  auto after = objects();
  // The claim is the StatefulSet controller's (from volumeClaimTemplates), the volume is ours.
  EXPECT_TRUE(exists(after, "v1 PersistentVolumeClaim graph/data-neo4j-0")) << "the claim holding neo4j's data is kept";
  EXPECT_TRUE(testing::applyset_members(after, testing::platform_applyset()).count("v1 PersistentVolume graph-neo4j-data"))
      << "neo4j's local PersistentVolume is kept";
  // neo4j's generated credentials stay, bit for bit, with the data they unlock.
  std::set<std::string> generated;
  for (const json& o : before)
    if (o.value("kind", "") == "Secret" && o["metadata"].value("namespace", "") == "graph" &&
        o["metadata"].value("labels", json::object()).contains("betelgeuse.io/generated"))
      generated.insert(apply::ObjectRef::of(o).str());
  EXPECT_FALSE(generated.empty());
  auto kept = testing::secret_values(after);
  for (const std::string& name : generated) {
    ASSERT_TRUE(kept.count(name)) << name << " was pruned with its component";
    EXPECT_EQ(kept[name], secrets[name]) << name << " changed";
  }
  expect_owns_exactly(specs_[0].second, "after switching neo4j off");

  auto destroy = bg("destroy " + specs_[0].first + " --yes");
  ASSERT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
  // What is left is data kept on purpose: claims, volumes, generated Secrets, their Namespaces.
  expect_owns_exactly({}, "after destroy");
  auto remaining = objects();
  EXPECT_TRUE(exists(remaining, "v1 PersistentVolumeClaim db/data-postgres-0"));
  EXPECT_TRUE(exists(remaining, "v1 PersistentVolume db-postgres-data"));
  EXPECT_FALSE(exists(remaining, "apps/v1 StatefulSet db/postgres"));
}

TEST_F(LifecycleOnRealControlPlane, KilledPartWayAReRunLosesNothingAndLeavesNoOrphan) {
  // As on the test server (apply_reliability_kube_test.cc), with fewer part-way kills to observe:
  // each attempt here costs real controllers' time.
  testing::KilledApplies k;
  k.kubeconfig = cluster_->kubeconfig();
  k.wave_timeout = "120";
  k.specs = {specs_[0], specs_[1]};
  k.applyset = testing::platform_applyset();
  k.objects = [this] { return objects(); };
  k.wanted = 3;
  k.max_attempts = 24;
  k.seed = 20261206;
  testing::expect_killed_applies_lose_nothing(k);
}

}  // namespace
}  // namespace bg::cli
