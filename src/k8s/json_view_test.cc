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

}  // namespace
}  // namespace bg::k8s
