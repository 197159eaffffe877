#include "check/selector.h"

#include <gtest/gtest.h>

#include "check/json_node.h"

namespace bg::check {
namespace {

using nlohmann::json;

Labels labels(json j) {
  yaml::Node n = node_of(j);
  return labels_of(&n);
}

Selector selector(const char* text) {
  yaml::Node n = node_of(json::parse(text));
  return label_selector(&n);
}

TEST(Selector, MatchLabelsNeedEveryPair) {
  Selector s = selector(R"({"matchLabels": {"app": "web", "tier": "front"}})");
  EXPECT_TRUE(s.matches(labels({{"app", "web"}, {"tier", "front"}, {"x", "y"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "web"}})));
  EXPECT_EQ(s.str(), "app=web,tier=front");
}

TEST(Selector, ExpressionsFollowKubernetes) {
  Selector s = selector(R"({"matchExpressions": [
      {"key": "app", "operator": "In", "values": ["web", "api"]},
      {"key": "canary", "operator": "DoesNotExist"},
      {"key": "tier", "operator": "NotIn", "values": ["db"]},
      {"key": "team", "operator": "Exists"}]})");
  EXPECT_TRUE(s.matches(labels({{"app", "api"}, {"team", "a"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "api"}, {"team", "a"}, {"canary", "1"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "api"}, {"team", "a"}, {"tier", "db"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "api"}})));
  EXPECT_EQ(s.str(), "app in (web,api),!canary,tier notin (db),team");
}

TEST(Selector, AnEmptyLabelSelectorSelectsEverything) {
  EXPECT_TRUE(label_selector(nullptr).matches({}));
  EXPECT_TRUE(selector("{}").empty());
}

TEST(Selector, MalformedSelectorsNeverThrowAndMatchNothingTheyCannotRead) {
  Selector s = selector(R"({"matchLabels": ["a"], "matchExpressions": [7, {"key": 1, "operator": "Near", "values": "x"}]})");
  EXPECT_FALSE(s.matches(labels({{"a", "b"}})));
}

}  // namespace
}  // namespace bg::check
