#include "secrets/keep.h"

#include <gtest/gtest.h>

#include "secrets/generate.h"

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

Json basic_auth() {
  Json s = Json::parse(R"({"apiVersion":"v1","kind":"Secret","type":"Opaque","metadata":{"name":"grafana-basic-auth","namespace":"o"},
    "stringData":{"username":"admin","password":"FRESH"}})");
  s[kDerivedHtpasswd] = "auth";
  return s;
}

std::string auth_of(const KeptSecret& k) { return *base64_decode(k.secret["data"]["auth"].get<std::string>()); }

TEST(KeepExisting, TheHtpasswdLineIsDerivedFromTheFinalPasswordOnlyWhenMissing) {
  KeptSecret first = keep_existing(basic_auth(), nullptr);
  EXPECT_FALSE(first.secret.contains(kDerivedHtpasswd)) << "the marker never reaches the cluster";
  std::string line = auth_of(first);
  ASSERT_EQ(line.rfind("admin:$2y$", 0), 0u) << line;
  EXPECT_TRUE(bcrypt_matches("FRESH", line.substr(6, line.size() - 7)));

  // A live password without its line (an upgrade, or a hand edit): the line follows the kept password.
  Json live = {{"data", {{"username", base64_encode("admin")}, {"password", base64_encode("KEPT")}}}};
  std::string derived = auth_of(keep_existing(basic_auth(), live));
  EXPECT_TRUE(bcrypt_matches("KEPT", derived.substr(6, derived.size() - 7)));

  // A live line is kept bit for bit (and costs no bcrypt).
  live["data"]["auth"] = base64_encode("admin:$2y$10$kept\n");
  EXPECT_EQ(auth_of(keep_existing(basic_auth(), live)), "admin:$2y$10$kept\n");
}

}  // namespace
}  // namespace bg::secrets
