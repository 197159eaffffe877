#include "apply/object_diff.h"

#include <gtest/gtest.h>

namespace bg::apply {
namespace {

using Json = nlohmann::json;

TEST(ObjectDiff, ServerWrittenFieldsAreNotNoise) {
  Json live = Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"1","resourceVersion":"7",
    "managedFields":[{"manager":"x"}],"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},"data":{"a":"1"},"status":{}})");
  Json merged = Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"1","resourceVersion":"8"},"data":{"a":"1"}})");
  EXPECT_EQ(object_diff(live, merged, "v1 ConfigMap c"), "");
}

TEST(ObjectDiff, AChangedFieldIsAOneLineHunk) {
  Json live = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1}})");
  Json merged = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":3}})");
  EXPECT_EQ(object_diff(live, merged, "d"),
            "--- live/d\n+++ merged/d\n@@ -3,4 +3,4 @@\n metadata:\n   name: d\n spec:\n-  replicas: 1\n+  replicas: 3\n");
}

TEST(ObjectDiff, SecretValuesNeverAppearButChangesShow) {
  Json live = Json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"kept":"c2VjcmV0MQ==","changed":"b2xk","gone":"eA=="}})");
  Json merged = Json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"kept":"c2VjcmV0MQ==","changed":"bmV3","added":"eQ=="}})");
  std::string d = object_diff(live, merged, "s");
  for (const char* value : {"c2VjcmV0MQ==", "b2xk", "bmV3", "eA==", "eQ=="}) EXPECT_EQ(d.find(value), std::string::npos) << value;
  EXPECT_NE(d.find("-  changed: \"*** (before)\""), std::string::npos) << d;
  EXPECT_NE(d.find("+  changed: \"*** (after)\""), std::string::npos) << d;
  EXPECT_NE(d.find("   kept: \"***\""), std::string::npos) << d;
  EXPECT_NE(d.find("+  added: \"*** (after)\""), std::string::npos) << d;
}

TEST(ObjectDiff, ANewObjectIsAllAdditionsAndASecretStaysMasked) {
  Json merged = Json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"}})");
  std::string d = object_diff(nullptr, merged, "s");
  EXPECT_EQ(d.find("hunter2"), std::string::npos);
  EXPECT_EQ(d.rfind("--- /dev/null\n+++ merged/s\n@@ -0,0 +1,6 @@\n", 0), 0u) << d;
}

TEST(ObjectDiff, ADeletedObjectIsAllRemovals) {
  Json live = Json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"old"}})");
  EXPECT_EQ(object_diff(live, nullptr, "old"),
            "--- live/old\n+++ /dev/null\n@@ -1,4 +0,0 @@\n-apiVersion: v1\n-kind: Namespace\n-metadata:\n-  name: old\n");
}

}  // namespace
}  // namespace bg::apply
