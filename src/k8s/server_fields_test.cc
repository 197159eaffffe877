#include "k8s/server_fields.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

using nlohmann::json;

const json kStored = json::parse(R"({"metadata": {"name": "a", "uid": "u-1", "resourceVersion": "7",
    "generation": 2, "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [{}], "labels": {"x": "y"}}})");

TEST(ServerFields, StrippingLeavesWhatAClientWrote) {
  json o = kStored;
  strip_server_metadata(o);
  EXPECT_EQ(o, json::parse(R"({"metadata": {"name": "a", "labels": {"x": "y"}}})"));
  json odd = json::parse(R"({"metadata": 1})");
  strip_server_metadata(odd);
  EXPECT_EQ(odd, json::parse(R"({"metadata": 1})"));
  EXPECT_TRUE(is_server_owned_metadata("selfLink"));
  EXPECT_FALSE(is_server_owned_metadata("labels"));
}

TEST(ServerFields, AReplacementKeepsTheStoredObjectsServerMetadataAndCannotForgeMore) {
  json next = json::parse(R"({"metadata": {"name": "a", "uid": "forged", "deletionTimestamp": "now",
      "labels": {"x": "z"}}})");
  keep_server_metadata(kStored, next);
  EXPECT_EQ(next, json::parse(R"({"metadata": {"name": "a", "uid": "u-1", "resourceVersion": "7", "generation": 2,
      "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [{}], "labels": {"x": "z"}}})"));
}

}  // namespace
}  // namespace bg::k8s
