#include "apply/destroy.h"
#include "apply/prune.h"

#include <gtest/gtest.h>

#include "apply/input.h"
#include "testing/fake_clock.h"
#include "testing/fake_cluster.h"
#include "testing/fixtures.h"

namespace bg::apply {
namespace {

// The skeleton (four components) pins exact counts; the whole example is applied by engine_test.
ApplyInput example() { return *apply_input(pipeline::run_text(testing::skeleton_spec(), "platform.yaml")); }

std::size_t labelled(testing::FakeCluster& cluster) {
  std::size_t n = 0;
  for (const auto& o : cluster.all())
    n += o["metadata"].value("labels", nlohmann::json::object()).contains("applyset.kubernetes.io/part-of");
  return n;
}

TEST(Destroy, EverythingGoesExceptDataAndTheParentThatTracksIt) {
  testing::FakeCluster cluster;
  testing::FakeClock clock;
  ApplyInput in = example();
  ASSERT_TRUE(apply_platform(cluster, clock, in, {}, {}).is_ok());
  nlohmann::json theirs = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "theirs"}, {"namespace", "db"}}}};
  cluster.seed(theirs);
  auto r = destroy_platform(cluster, in.parent, false, {});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_GT(r->deleted, 0);
  // Kept: what holds data among the rendered objects (the local PersistentVolumes, the CRDs, the
  // generated Secrets — the credentials the data was initialised with) and the two namespaces
  // that hold claims and Secrets.
  int holding = 0;
  for (const manifest::Object& o : in.objects) holding += holds_data(o);
  EXPECT_GT(holding, 2);
  const int data = 2 + holding;
  EXPECT_EQ(r->kept, data);
  EXPECT_EQ(labelled(cluster), static_cast<std::size_t>(data));
  EXPECT_TRUE(cluster.find("PersistentVolumeClaim", "db", "data-postgres-0").is_object());
  EXPECT_TRUE(cluster.find("Secret", in.parent.ns, in.parent.name).is_object());
  EXPECT_EQ(cluster.find("ConfigMap", "db", "theirs"), theirs);
  // A second destroy finds the same data and keeps it again; with --delete-data it all goes.
  EXPECT_EQ(destroy_platform(cluster, in.parent, false, {})->kept, data);
  auto all = destroy_platform(cluster, in.parent, true, {});
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(all->deleted, data);
  EXPECT_EQ(labelled(cluster), 0u);
  EXPECT_TRUE(cluster.find("Secret", in.parent.ns, in.parent.name).is_null());
}

TEST(Destroy, NothingAppliedIsNothingToDoAndSaysTheParentWasNotFound) {
  testing::FakeCluster cluster;
  auto r = destroy_platform(cluster, example().parent, false, {});
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->found_parent);
  EXPECT_EQ(r->deleted + r->kept, 0);
  EXPECT_EQ(cluster.writes, 0);
}

TEST(Destroy, AClusterThatCannotBeReadIsAnErrorAndNothingIsDeleted) {
  testing::FakeCluster cluster;
  testing::FakeClock clock;
  ApplyInput in = example();
  ASSERT_TRUE(apply_platform(cluster, clock, in, {}, {}).is_ok());
  std::size_t before = cluster.size();
  long writes = cluster.writes;
  cluster.refuse = Status::transient("cannot reach https://127.0.0.1:1: connection refused")
                       .with_code(Status::Code::kUnavailable);
  auto unreachable = destroy_platform(cluster, in.parent, false, {});
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.status().code(), Status::Code::kUnavailable);
  cluster.refuse = Status::ok();
  // One kind of members cannot be listed (RBAC): the parent is read, yet nothing is deleted.
  cluster.refuse_kind["apps/StatefulSet"] =
      Status::terminal("Forbidden: statefulsets.apps is forbidden").with_code(Status::Code::kForbidden);
  auto forbidden = destroy_platform(cluster, in.parent, false, {});
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(forbidden.status().message(), "Forbidden: statefulsets.apps is forbidden");
  EXPECT_EQ(cluster.size(), before);
  EXPECT_EQ(cluster.writes, writes);
}

}  // namespace
}  // namespace bg::apply
