#include "apply/drift.h"

#include <gtest/gtest.h>

namespace bg::apply {
namespace {

using Json = nlohmann::json;

Json desired() {
  return with_applied_hash(Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"a",
    "labels":{"app":"d"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"x:1"}]}}}})"));
}

// What the server returns: our fields plus defaults, status and metadata it writes itself.
Json live_of(const Json& d) {
  Json live = d;
  live["metadata"]["uid"] = "u";
  live["metadata"]["resourceVersion"] = "12";
  live["spec"]["strategy"] = {{"type", "RollingUpdate"}};
  live["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = "IfNotPresent";
  live["status"] = {{"replicas", 2}};
  return live;
}

TEST(WriteNeed, AbsentObjectsAreCreated) { EXPECT_EQ(write_need(desired(), nullptr), WriteNeed::kCreate); }

TEST(WriteNeed, AnObjectAsWeLeftItNeedsNoWriteDespiteServerDefaults) {
  EXPECT_EQ(write_need(desired(), live_of(desired())), WriteNeed::kNone);
}

TEST(WriteNeed, AChangedIntentIsAnUpdate) {
  Json d = desired();
  Json live = live_of(d);
  d["spec"]["replicas"] = 3;
  EXPECT_EQ(write_need(with_applied_hash(d), live), WriteNeed::kUpdate);
}

TEST(WriteNeed, AFieldWeStoppedSendingIsAnUpdateSoApplyDropsIt) {
  Json d = desired();
  Json live = live_of(d);
  d["metadata"].erase("labels");
  EXPECT_EQ(write_need(with_applied_hash(d), live), WriteNeed::kUpdate);
}

TEST(WriteNeed, SomeoneEditingOurFieldIsDriftAndIsCorrected) {
  Json live = live_of(desired());
  live["spec"]["template"]["spec"]["containers"][0]["image"] = "x:2";
  EXPECT_EQ(write_need(desired(), live), WriteNeed::kUpdate);
}

TEST(WriteNeed, ObjectsFromBeforeTheHashExistedAreUpdatedOnce) {
  Json live = live_of(desired());
  live["metadata"].erase("annotations");
  EXPECT_EQ(write_need(desired(), live), WriteNeed::kUpdate);
}

TEST(AppliedHash, IgnoresItselfAndFollowsContent) {
  Json a = desired();
  EXPECT_EQ(with_applied_hash(a), a);
  Json b = a;
  b["spec"]["replicas"] = 5;
  EXPECT_NE(with_applied_hash(b)["metadata"]["annotations"][kAppliedHashAnnotation],
            a["metadata"]["annotations"][kAppliedHashAnnotation]);
}

TEST(IsSubset, ArraysMustMatchInLengthAndNumbersByValue) {
  EXPECT_TRUE(is_subset(Json::parse("[1,{\"a\":1}]"), Json::parse("[1.0,{\"a\":1,\"b\":2}]")));
  EXPECT_FALSE(is_subset(Json::parse("[1]"), Json::parse("[1,2]")));
  EXPECT_FALSE(is_subset(Json::parse("{\"a\":\"1\"}"), Json::parse("{\"a\":1}")));
}

}  // namespace
}  // namespace bg::apply

namespace bg::apply {
namespace {

// Regressions found on the real API server: each re-apply of the example "configured" vLLM and its
// policies again, although nothing had changed.
TEST(IsSubset, AnEmptyListOrMapWeSendIsSatisfiedByItsAbsenceBecauseTheServerDropsIt) {
  EXPECT_TRUE(is_subset(Json::parse(R"({"egress":[{"ports":[],"to":[{"a":1}]}]})"),
                        Json::parse(R"({"egress":[{"to":[{"a":1}]}]})")));
  EXPECT_TRUE(is_subset(Json::parse(R"({"labels":{}})"), Json::parse("{}")));
  EXPECT_FALSE(is_subset(Json::parse(R"({"ports":[80]})"), Json::parse("{}")));
  EXPECT_FALSE(is_subset(Json::parse(R"({"name":""})"), Json::parse("{}")));
}

TEST(IsSubset, AQuantitySentAsANumberMatchesTheServersStringForIt) {
  EXPECT_TRUE(is_subset(Json::parse(R"({"nvidia.com/gpu":1})"), Json::parse(R"({"nvidia.com/gpu":"1"})")));
  EXPECT_FALSE(is_subset(Json::parse(R"({"nvidia.com/gpu":2})"), Json::parse(R"({"nvidia.com/gpu":"1"})")));
}

}  // namespace
}  // namespace bg::apply
