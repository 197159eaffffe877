#include "k8s/json_view.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

using nlohmann::json;

const json kPod = json::parse(R"({"metadata": {"name": "web-0", "labels": {"app": "web"}, "generation": 2},
    "spec": {"replicas": 3.0, "ratio": 0.5, "big": 1e300},
    "status": {"containerStatuses": [{"name": "app", "state": {"waiting": {"reason": "CrashLoopBackOff"}}}, 7],
               "startTime": null}})");

TEST(JsonView, StepsByKeyAndIndex) {
  JsonView pod(kPod);
  EXPECT_EQ(pod["metadata"]["name"].str(), "web-0");
  EXPECT_EQ(pod["metadata"]["generation"].integer(), 2);
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"].str(), "CrashLoopBackOff");
  EXPECT_EQ(pod["status"]["containerStatuses"].items().size(), 2u);
  EXPECT_TRUE(pod["metadata"].is_object());
  EXPECT_TRUE(pod.has("spec"));
  EXPECT_EQ(pod["spec"].json(), &kPod["spec"]);
  EXPECT_EQ(pod["metadata"]["labels"].copy(), json({{"app", "web"}}));
  EXPECT_TRUE(pod["nope"].copy().is_null());
}

TEST(JsonView, WhatIsNotThereOrOfAnotherTypeReadsAsTheFallback) {
  JsonView pod(kPod);
  EXPECT_TRUE(pod["nope"]["deeper"][3].absent());
  EXPECT_EQ(pod["nope"].str("?"), "?");
  EXPECT_EQ(pod["metadata"]["generation"].str("?"), "?");      // a number is not a string
  EXPECT_EQ(pod["metadata"]["name"].integer(-1), -1);          // a string is not a number
  EXPECT_EQ(pod["metadata"]["name"]["first"].str(), "");       // a string has no members
  EXPECT_EQ(pod["status"]["containerStatuses"][1]["name"].str("?"), "?");  // an item that is not an object
  EXPECT_EQ(pod["status"]["containerStatuses"][9].json(), nullptr);
  EXPECT_TRUE(pod["status"]["startTime"].absent());  // null is nothing to read
  EXPECT_FALSE(pod["status"].has("startTime"));
  EXPECT_TRUE(pod["metadata"]["labels"].items().empty());  // an object has no items
  EXPECT_TRUE(JsonView()["x"].absent());
}

TEST(JsonView, IntegersMayBeWrittenAsWholeFloats) {
  JsonView spec = JsonView(kPod)["spec"];
  EXPECT_EQ(spec["replicas"].integer(), 3);
  EXPECT_EQ(spec["ratio"].integer(-1), -1);
  EXPECT_EQ(spec["big"].integer(-1), -1);
}

TEST(JsonView, BooleansAndNumbersOnlyOfTheirType) {
  const json j = json::parse(R"({"yes": true, "no": false, "quoted": "true", "n": 7, "f": 0.25, "s": "7", "null": null})");
  JsonView v(j);
  EXPECT_TRUE(v["yes"].boolean());
  EXPECT_FALSE(v["no"].boolean(true));
  EXPECT_TRUE(v["quoted"].boolean(true));    // a string is not a boolean: the fallback
  EXPECT_FALSE(v["quoted"].boolean(false));
  EXPECT_FALSE(v["missing"].boolean());
  EXPECT_TRUE(v["null"].boolean(true));
  EXPECT_EQ(v["n"].number(), 7.0);
  EXPECT_EQ(v["f"].number(), 0.25);
  EXPECT_EQ(v["s"].number(-1), -1);         // a string is not a number
  EXPECT_EQ(v["yes"].number(-1), -1);
  EXPECT_TRUE(v["s"].is_string());
  EXPECT_FALSE(v["n"].is_string());
  EXPECT_FALSE(v["n"].is_array());
}

TEST(JsonView, MembersOfAnObjectInKeyOrder) {
  const json j = json::parse(R"({"labels": {"b": "2", "a": "1", "c": 3}, "list": [1, 2]})");
  auto members = JsonView(j)["labels"].members();
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].first, "a");
  EXPECT_EQ(members[0].second.str(), "1");
  EXPECT_EQ(members[1].first, "b");
  EXPECT_EQ(members[2].first, "c");
  EXPECT_EQ(members[2].second.integer(), 3);
  EXPECT_TRUE(JsonView(j)["list"].members().empty());  // an array has no members
  EXPECT_TRUE(JsonView(j)["missing"].members().empty());
  EXPECT_TRUE(JsonView(j)["labels"]["a"].members().empty());
}

TEST(JsonView, StringsOfAnArraySkipWhatIsNotAString) {
  const json j = json::parse(R"({"shortNames": ["deploy", 3, null, "dp"], "one": "deploy"})");
  EXPECT_EQ(JsonView(j)["shortNames"].strings(), (std::vector<std::string>{"deploy", "dp"}));
  EXPECT_TRUE(JsonView(j)["one"].strings().empty());  // a string is not a list of them
  EXPECT_TRUE(JsonView(j)["missing"].strings().empty());
  EXPECT_TRUE(JsonView(j)["shortNames"].is_array());
}

}  // namespace
}  // namespace bg::k8s
