#include "secrets/keep.h"

#include <gtest/gtest.h>

namespace bg::secrets {
namespace {

using Json = nlohmann::json;

Json fresh() {
  return Json::parse(R"({"apiVersion":"v1","kind":"Secret","type":"Opaque","metadata":{"name":"postgres-admin","namespace":"db"},
    "stringData":{"username":"postgres","password":"FRESH"}})");
}

TEST(KeepExisting, AFirstApplyUsesTheFreshValues) {
  KeptSecret k = keep_existing(fresh(), nullptr);
  EXPECT_EQ(k.secret["data"]["password"], base64_encode("FRESH"));
  EXPECT_EQ(k.secret["data"]["username"], base64_encode("postgres"));
  EXPECT_FALSE(k.secret.contains("stringData"));
  EXPECT_EQ(k.created, (std::vector<std::string>{"password", "username"}));
  EXPECT_TRUE(k.kept.empty());
}

TEST(KeepExisting, LiveValuesAreKeptBitForBit) {
  // A binary value (not valid UTF-8 once decoded) and a value the blueprint no longer lists.
  Json live = Json::parse(R"({"apiVersion":"v1","kind":"Secret","data":{"password":"/wD+","username":"cG9zdGdyZXM=","legacy":"eA=="}})");
  KeptSecret k = keep_existing(fresh(), live);
  EXPECT_EQ(k.secret["data"]["password"], "/wD+");
  EXPECT_EQ(k.secret["data"]["legacy"], "eA==");
  EXPECT_EQ(k.secret["data"].size(), 3u);
  EXPECT_EQ(k.kept, (std::vector<std::string>{"legacy", "password", "username"}));
  EXPECT_TRUE(k.created.empty());
  EXPECT_FALSE(k.rotated);
}

TEST(KeepExisting, AKeyAddedByAnUpgradeIsCreatedAndTheRestKept) {
  Json live = Json::parse(R"({"apiVersion":"v1","kind":"Secret","data":{"username":"cG9zdGdyZXM="}})");
  KeptSecret k = keep_existing(fresh(), live);
  EXPECT_EQ(k.kept, (std::vector<std::string>{"username"}));
  EXPECT_EQ(k.created, (std::vector<std::string>{"password"}));
  EXPECT_EQ(k.secret["data"]["password"], base64_encode("FRESH"));
}

TEST(KeepExisting, OnlyAnExplicitRotationReplacesLiveValues) {
  Json live = Json::parse(R"({"apiVersion":"v1","kind":"Secret","data":{"password":"T0xE","username":"cG9zdGdyZXM="}})");
  KeptSecret k = keep_existing(fresh(), live, /*rotate=*/true);
  EXPECT_TRUE(k.rotated);
  EXPECT_EQ(k.secret["data"]["password"], base64_encode("FRESH"));
}

TEST(Base64, MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace bg::secrets
