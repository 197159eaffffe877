#include "secrets/generate.h"
#include "secrets/keep.h"

#include <gtest/gtest.h>

#include <set>

#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::secrets {
namespace {

TEST(Secrets, PasswordsHaveTheLengthAndAlphabetAskedForAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    Result<std::string> p = random_password(32);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->size(), 32u);
    EXPECT_EQ(p->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos);
    seen.insert(p.value());
  }
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_FALSE(random_password(0));
}

TEST(Secrets, PasswordCharactersAreSpreadOverTheWholeAlphabet) {
  std::map<char, int> counts;
  for (int i = 0; i < 200; ++i) {
    const std::string p = random_password(62).value();
    for (char c : p) ++counts[c];
  }
  EXPECT_EQ(counts.size(), 62u);  // 12,400 draws: every character shows up
}

TEST(Secrets, HtpasswdLineIsBcryptThatVerifies) {
  Result<std::string> line = htpasswd_line("admin", "s3cret", 4);
  ASSERT_TRUE(line) << line.status().message();
  ASSERT_EQ(line->rfind("admin:$2y$04$", 0), 0u) << line.value();
  std::string hash = line->substr(6);
  EXPECT_EQ(hash.size(), 60u);
  EXPECT_TRUE(bcrypt_matches("s3cret", hash));
  EXPECT_FALSE(bcrypt_matches("wrong", hash));
  EXPECT_FALSE(htpasswd_line("a:b", "x"));
}

TEST(Secrets, BuildSecretFillsEveryPlannedKey) {
  pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "e.yaml");
  ASSERT_TRUE(r.ok());
  for (const platform::SecretPlan& plan : r.platform.secrets) {
    Result<nlohmann::json> s = build_secret(r.platform, plan);
    ASSERT_TRUE(s) << s.status().message();
    EXPECT_EQ((*s)["metadata"]["namespace"], plan.ns);
    // What apply sends: keep_existing() against an empty cluster derives what build_secret defers.
    nlohmann::json data = keep_existing(*s, nullptr).secret["data"];
    for (const std::string& key : plan.keys) EXPECT_TRUE(data.contains(key)) << plan.name << " " << key;
    if (plan.name == "grafana-basic-auth") {
      std::string auth = *base64_decode(data["auth"].get<std::string>());
      std::string password = *base64_decode(data["password"].get<std::string>());
      ASSERT_EQ(auth.rfind("admin:", 0), 0u);
      EXPECT_TRUE(bcrypt_matches(password, auth.substr(6, auth.size() - 7)));
    }
  }
}

TEST(Secrets, ProvisionedCredentialsNameTheDependentUnlessTheEdgeSetsThem) {
  pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "e.yaml");
  ASSERT_TRUE(r.ok());
  for (const platform::SecretPlan& plan : r.platform.secrets) {
    if (plan.name != "mlflow-minio" && plan.name != "kibana-elasticsearch") continue;
    Result<nlohmann::json> s = build_secret(r.platform, plan);
    ASSERT_TRUE(s) << s.status().message();
    if (plan.name == "mlflow-minio") {
      EXPECT_EQ((*s)["stringData"]["bucket"], "mlflow");
      EXPECT_EQ((*s)["stringData"]["accessKey"], "mlflow");
      EXPECT_EQ(std::string((*s)["stringData"]["secretKey"]).size(), 40u);
    } else {
      EXPECT_EQ((*s)["stringData"]["username"], "kibana_system");
    }
  }
}

}  // namespace
}  // namespace bg::secrets
