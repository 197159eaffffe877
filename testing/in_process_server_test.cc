// The test server in-process: requests go through the product's client to the server's store,
// with no socket, and the store is there to read and seed.
#include "testing/in_process_server.h"

#include <gtest/gtest.h>

namespace bg::testing {
namespace {

using nlohmann::json;

json config_map(const std::string& name, json labels) {
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", labels}}}, {"data", {{"k", "v"}}}};
}

TEST(InProcessServer, AppliesListsAndDeletesThroughTheClientWithSelectorsDecodedAsTheServerWould) {
  InProcessServer server;
  auto cluster = server.connect();
  int64_t revision = server.revision();
  for (const auto& [name, app] : std::vector<std::pair<std::string, std::string>>{{"a", "web"}, {"b", "db"}, {"c", "cache"}}) {
    auto applied = cluster->apply(config_map(name, {{"app", app}}), {});
    ASSERT_TRUE(applied) << applied.status().message();
  }
  EXPECT_GT(server.revision(), revision);
  json stored = server.find("ConfigMap", "default", "a");
  ASSERT_TRUE(stored.is_object());
  EXPECT_EQ(stored["metadata"]["managedFields"][0]["manager"], "betelgeuse");
  // Spaces, commas and parentheses are escaped in the query and must arrive as sent.
  auto listed = cluster->list({"", "ConfigMap", "default", "app in (web, db),app!=cache", ""});
  ASSERT_TRUE(listed) << listed.status().message();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0]["metadata"]["name"], "a");
  EXPECT_EQ((*listed)[1]["metadata"]["name"], "b");
  ASSERT_TRUE(cluster->remove({"v1", "ConfigMap", "default", "a"}, apply::Propagation::kBackground));
  EXPECT_TRUE(server.find("ConfigMap", "default", "a").is_null());
  auto gone = cluster->get({"v1", "ConfigMap", "default", "a"});
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->is_null());
}

TEST(InProcessServer, SeedStoresAnObjectAsGivenWhereTheApiWouldRefuseIt) {
  InProcessServer server;
  json theirs = config_map("theirs", {{"app", "x"}});
  theirs["metadata"]["namespace"] = "nowhere";  // no such namespace: a create would be refused
  json seeded = server.seed(theirs);
  ASSERT_TRUE(seeded.is_object());
  EXPECT_FALSE(seeded["metadata"].value("uid", "").empty());
  EXPECT_EQ(server.find("ConfigMap", "nowhere", "theirs"), seeded);
  auto read = server.connect()->get({"v1", "ConfigMap", "nowhere", "theirs"});
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, seeded);
}

}  // namespace
}  // namespace bg::testing
