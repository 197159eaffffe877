#include "apply/preview.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "apply/input.h"
#include "testing/fake_clock.h"
#include "testing/fixtures.h"
#include "testing/in_process_server.h"

namespace bg::apply {
namespace {

ApplyInput example_input(const std::string& text) { return *apply_input(pipeline::run_text(text, "platform.yaml")); }

TEST(Preview, AnEmptyClusterIsAllCreatesAndWritesNothing) {
  testing::InProcessServer server;
  int64_t revision = server.revision();
  auto p = preview(*server.connect(), example_input(testing::example_spec()));
  ASSERT_TRUE(p.is_ok()) << p.status().message();
  EXPECT_EQ(p->creates, static_cast<int>(example_input(testing::example_spec()).objects.size()));
  EXPECT_EQ(p->updates + p->unchanged, 0);
  EXPECT_EQ(server.revision(), revision) << "nothing was written";
}

TEST(Preview, AfterApplyNothingChangesAndTheDiffIsEmpty) {
  testing::InProcessServer server;
  auto cluster = server.connect();
  testing::FakeClock clock;
  ASSERT_TRUE(apply_platform(*cluster, clock, example_input(testing::example_spec()), {}, {}).is_ok());
  auto p = preview(*cluster, example_input(testing::example_spec()));
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->creates + p->updates, 0);
  EXPECT_TRUE(p->prune.empty());
  EXPECT_EQ(*diff_text(*cluster, *p, {}), "");
}

TEST(Preview, AChangedSpecShowsOnlyTheChangeAndNoSecretValue) {
  testing::InProcessServer server;
  auto cluster = server.connect();
  testing::FakeClock clock;
  ASSERT_TRUE(apply_platform(*cluster, clock, example_input(testing::example_spec()), {}, {}).is_ok());
  std::string spec = testing::example_spec();
  spec.replace(spec.find("replicas: 1"), 11, "replicas: 2");
  auto p = preview(*cluster, example_input(spec));
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->updates, 1);
  int64_t revision = server.revision();
  std::string d = *diff_text(*cluster, *p, {});
  EXPECT_EQ(server.revision(), revision) << "a dry run writes nothing";
  EXPECT_NE(d.find("-  replicas: 1\n+  replicas: 2\n"), std::string::npos) << d;
  EXPECT_EQ(d.find("applied-hash"), std::string::npos) << d;
  for (const auto& o : server.all())
    if (o["kind"] == "Secret" && o.contains("data")) {
      for (const auto& [k, v] : o.at("data").items()) EXPECT_EQ(d.find(v.get<std::string>()), std::string::npos) << k;
    }
}

TEST(Preview, WhatPruneWouldKeepForItsDataIsListedAsKept) {
  testing::InProcessServer server;
  auto cluster = server.connect();
  testing::FakeClock clock;
  ASSERT_TRUE(apply_platform(*cluster, clock, example_input(testing::skeleton_spec()), {}, {}).is_ok());
  std::string without = testing::skeleton_spec();
  without.replace(without.find("    grafana:\n"), 13, "    grafana:\n      enabled: false\n");
  auto p = preview(*cluster, example_input(without));
  ASSERT_TRUE(p.is_ok()) << p.status().message();
  auto has = [](const std::vector<PreviewItem>& items, const std::string& object) {
    return std::any_of(items.begin(), items.end(), [&](const PreviewItem& i) { return i.object == object; });
  };
  EXPECT_TRUE(has(p->prune, "apps/v1 StatefulSet observability/grafana"));
  EXPECT_TRUE(has(p->keep, "v1 Secret observability/grafana-admin")) << "generated credentials stay with the data";
  EXPECT_TRUE(has(p->keep, "v1 Namespace observability")) << "a namespace holding kept data stays, as apply would do";
  EXPECT_FALSE(has(p->prune, "v1 Namespace observability"));
}

}  // namespace
}  // namespace bg::apply
