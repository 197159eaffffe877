#include "k8s/conditions.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

using nlohmann::json;

TEST(Conditions, AreReadInOrderWithMissingPartsEmpty) {
  json o = json::parse(R"({"status": {"conditions": [
      {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
      7,
      {"type": "Progressing", "status": "False", "reason": 5, "message": "stuck"}]}})");
  std::vector<Condition> all = conditions_of(o);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].type, "Available");
  EXPECT_EQ(all[0].reason, "MinimumReplicasAvailable");
  EXPECT_EQ(all[0].message, "");
  EXPECT_EQ(all[1].reason, "");
  EXPECT_EQ(all[1].message, "stuck");
  EXPECT_TRUE(condition_is(o, "Available", "True"));
  EXPECT_TRUE(condition_is(o, "Progressing", "False"));
  EXPECT_FALSE(condition_is(o, "Ready", "True"));
  EXPECT_EQ(condition_of(o, "Progressing")->message, "stuck");
  EXPECT_FALSE(condition_of(o, "Ready"));
}

TEST(Conditions, AnObjectOfAnyShapeHasNone) {
  for (const char* text : {"null", "[]", R"({"status": 1})", R"({"status": {"conditions": {"type": "Ready"}}})"}) {
    json o = json::parse(text);
    EXPECT_TRUE(conditions_of(o).empty()) << text;
    EXPECT_FALSE(condition_of(o, "Ready")) << text;
  }
}

}  // namespace
}  // namespace bg::k8s
