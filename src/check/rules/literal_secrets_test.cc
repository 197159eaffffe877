#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

std::string with_env(const std::string& env) {
  return with(compliant_app(), "        ports:\n", "        env:\n" + env + "        ports:\n");
}

TEST(NoLiteralSecret, ALiteralPasswordInEnvIsAFinding) {
  EXPECT_EQ(findings_of("no-literal-secret", with_env("        - name: DB_PASSWORD\n          value: hunter2\n")),
            Lines{"no-literal-secret 36:18: container \"web\": env DB_PASSWORD holds a literal credential"});
}

TEST(NoLiteralSecret, AReferenceToASecretIsFine) {
  EXPECT_EQ(findings_of("no-literal-secret",
                        with_env("        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, "
                                 "key: password}\n        - name: DB_PASSWORD_FILE\n          value: /run/secrets/db\n")),
            Lines{});
}

TEST(NoLiteralSecret, ACredentialInAUrlIsFoundWhateverTheName) {
  EXPECT_EQ(findings_of("no-literal-secret",
                        with_env("        - name: DATABASE_URL\n          value: postgres://app:hunter2@db/app\n")),
            Lines{"no-literal-secret 36:18: container \"web\": env DATABASE_URL holds a password inside a URL as a "
                  "literal value"});
}

TEST(NoLiteralSecret, ConfigMapsHoldNoCredentials) {
  std::string text = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: shop}
data:
  LOG_LEVEL: info
  DB_PASSWORD: hunter2
  app.ini: |
    [db]
    password = hunter2
  key.pem: |
    -----BEGIN PRIVATE KEY-----
    MIIE
    -----END PRIVATE KEY-----
)";
  EXPECT_EQ(findings_of("no-literal-secret", text),
            (Lines{"no-literal-secret 6:16: ConfigMap key \"DB_PASSWORD\" holds a credential",
                   "no-literal-secret 7:12: ConfigMap key \"app.ini\" holds a credential on line 2 of its text",
                   "no-literal-secret 10:12: ConfigMap key \"key.pem\" holds a private key"}));
}

TEST(NoLiteralSecret, MessagesNeverRepeatTheCredential) {
  std::string text = with_env("        - name: API_TOKEN\n          value: s3cr3t-v4lue\n");
  ASSERT_EQ(findings_of("no-literal-secret", text).size(), 1u);
  std::vector<Finding> found = testing::check_findings(text);
  for (const Finding& f : found) {
    EXPECT_EQ(f.message.find("s3cr3t"), std::string::npos);
    EXPECT_EQ(f.hint.find("s3cr3t"), std::string::npos);
  }
}

}  // namespace
}  // namespace bg::check
