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

TEST(Selector, LabelsAreTheStringEntriesSortedByKey) {
  EXPECT_EQ(labels({{"tier", "front"}, {"app", "web"}, {"n", 1}}), (Labels{{"app", "web"}, {"tier", "front"}}));
  EXPECT_TRUE(labels(json::array({"a"})).empty());
}

TEST(Selector, ALabelSelectorIsReadWithItsExpressions) {
  Selector s = selector(R"({"matchLabels": {"tier": "front", "app": "web"}, "matchExpressions": [
      {"key": "env", "operator": "In", "values": ["prod"]}, {"key": "canary", "operator": "DoesNotExist"}]})");
  EXPECT_EQ(s.str(), "app=web,tier=front,env in (prod),!canary");
  EXPECT_TRUE(s.matches(labels({{"app", "web"}, {"tier", "front"}, {"env", "prod"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "web"}, {"tier", "front"}, {"env", "prod"}, {"canary", "1"}})));
}

// matchLabels alone is read from the Node directly; it must read as the object form does.
TEST(Selector, MatchLabelsAloneReadsAsTheObjectFormDoes) {
  for (const char* text : {R"({"matchLabels": {"tier": "front", "app": "web"}})", R"({"matchLabels": {"app": 1, "x": "y"}})",
                            R"({"matchLabels": null})", R"({"matchLabels": ["a"]})", R"({"matchLabels": {}, "other": 1})",
                            R"({"matchExpressions": null, "matchLabels": {"a": "b"}})", "[]", "7", "null"}) {
    EXPECT_EQ(selector(text).str(), Selector::from_object_lenient(json::parse(text)).str()) << text;
    EXPECT_EQ(selector(text).requirements.size(), Selector::from_object_lenient(json::parse(text)).requirements.size()) << text;
  }
}

TEST(Selector, AnAbsentLabelSelectorSelectsEverything) {
  EXPECT_TRUE(label_selector(nullptr).matches({}));
  EXPECT_TRUE(selector("{}").empty());
}

TEST(Selector, AServiceSelectorIsAPlainMap) {
  yaml::Node n = node_of({{"app", "web"}, {"port", 80}});
  EXPECT_EQ(map_selector(&n).str(), "app=web");
  EXPECT_TRUE(map_selector(nullptr).empty());
}

TEST(Selector, AServiceSelectorReadsAsFromMapDoes) {
  for (const char* text : {R"({"tier": "front", "app": "web"})", R"({"app": 1, "x": "y"})", "{}", "[]", "null"}) {
    yaml::Node n = node_of(json::parse(text));
    EXPECT_EQ(map_selector(&n).str(), Selector::from_map(json::parse(text)).str()) << text;
  }
}

TEST(Selector, MalformedSelectorsNeverThrowAndMatchNothingTheyCannotRead) {
  Selector s = selector(R"({"matchLabels": ["a"], "matchExpressions": [7, {"key": 1, "operator": "Near", "values": "x"}]})");
  EXPECT_FALSE(s.matches(labels({{"a", "b"}})));
}

}  // namespace
}  // namespace bg::check
