#include "apply/destroy.h"
#include "apply/prune.h"

#include <gtest/gtest.h>

#include "apply/input.h"
#include "testing/fake_clock.h"
#include "testing/fixtures.h"
#include "testing/in_process_server.h"

namespace bg::apply {
namespace {

// The skeleton (four components) pins exact counts; the whole example is applied by engine_test.
ApplyInput example() { return *apply_input(pipeline::run_text(testing::skeleton_spec(), "platform.yaml")); }

std::size_t labelled(testing::InProcessServer& server) {
  std::size_t n = 0;
  for (const auto& o : server.all())
    n += o["metadata"].value("labels", nlohmann::json::object()).contains("applyset.kubernetes.io/part-of");
  return n;
}

TEST(Destroy, EverythingGoesExceptDataAndTheParentThatTracksIt) {
  testing::InProcessServer server;
  auto cluster = server.connect();
  testing::FakeClock clock;
  ApplyInput in = example();
  ASSERT_TRUE(apply_platform(*cluster, clock, in, {}, {}).is_ok());
  nlohmann::json theirs =
      server.seed({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "theirs"}, {"namespace", "db"}}}});
  auto r = destroy_platform(*cluster, in.parent, false, {});
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
  EXPECT_EQ(labelled(server), static_cast<std::size_t>(data));
  EXPECT_TRUE(server.find("PersistentVolumeClaim", "db", "data-postgres-0").is_object());
  EXPECT_TRUE(server.find("Secret", in.parent.ns, in.parent.name).is_object());
  EXPECT_EQ(server.find("ConfigMap", "db", "theirs"), theirs);
  // A second destroy finds the same data and keeps it again; with --delete-data it all goes.
  EXPECT_EQ(destroy_platform(*cluster, in.parent, false, {})->kept, data);
  auto all = destroy_platform(*cluster, in.parent, true, {});
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(all->deleted, data);
  EXPECT_EQ(labelled(server), 0u);
  EXPECT_TRUE(server.find("Secret", in.parent.ns, in.parent.name).is_null());
}

TEST(Destroy, NothingAppliedIsNothingToDoAndSaysTheParentWasNotFound) {
  testing::InProcessServer server;
  int64_t revision = server.revision();
  auto r = destroy_platform(*server.connect(), example().parent, false, {});
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->found_parent);
  EXPECT_EQ(r->deleted + r->kept, 0);
  EXPECT_EQ(server.revision(), revision) << "nothing was written";
}

TEST(Destroy, AClusterThatCannotBeReadIsAnErrorAndNothingIsDeleted) {
  testing::InProcessServer server;
  testing::FakeClock clock;
  ApplyInput in = example();
  ASSERT_TRUE(apply_platform(*server.connect(), clock, in, {}, {}).is_ok());
  std::size_t before = server.size();
  int64_t revision = server.revision();
  // Every connection dropped, as to a server that is not there.
  testserver::Faults gone;
  gone.rate_drop = 1;
  gone.include_discovery = true;
  server.service().faults().set(gone);
  auto unreachable = destroy_platform(*server.connect(), in.parent, false, {});
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.status().code(), Status::Code::kUnavailable);
  server.service().faults().set({});
  // One kind of members cannot be listed (RBAC): the parent is read, yet nothing is deleted.
  server.service().api().forbid({"statefulsets.apps"});
  auto forbidden = destroy_platform(*server.connect(), in.parent, false, {});
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(forbidden.status().code(), Status::Code::kForbidden);
  EXPECT_EQ(forbidden.status().message(), "Forbidden: statefulsets.apps is forbidden: User \"token-user\" cannot list "
                                          "resource \"statefulsets\" in API group \"apps\" at the cluster scope");
  EXPECT_EQ(server.size(), before);
  EXPECT_EQ(server.revision(), revision) << "nothing was written";
}

}  // namespace
}  // namespace bg::apply
