#include "check/rules/credentials.h"

#include <gtest/gtest.h>

namespace bg::check::credentials {
namespace {

TEST(Credentials, NamesThatHoldCredentials) {
  for (const char* n : {"DB_PASSWORD", "password", "dbPassword", "client-secret", "GITHUB_TOKEN", "apiKey", "API_KEY",
                        "AWS_SECRET_ACCESS_KEY", "REDIS_PASS", "private_key", "ssh.passphrase", "credentials"})
    EXPECT_TRUE(is_credential_name(n)) << n;
}

TEST(Credentials, NamesThatOnlyTalkAboutCredentials) {
  for (const char* n : {"PASSWORD_FILE", "SECRET_NAME", "secretName", "TOKEN_URL", "TOKEN_TTL", "ACCESS_KEY_ID", "PWD",
                        "USER", "POSTGRES_USER", "PASSWORD_MIN_LENGTH", "passthrough", "bypass", "KEYCLOAK_URL",
                        "tokenAudience"})
    EXPECT_FALSE(is_credential_name(n)) << n;
}

TEST(Credentials, PlaceholdersAreNotCredentials) {
  for (const char* v : {"", "  ", "$(DB_PASSWORD)", "${SECRET}", "{{ .Values.password }}", "<your password>",
                        "/run/secrets/db", "true"})
    EXPECT_TRUE(is_placeholder(v)) << v;
  EXPECT_FALSE(is_placeholder("hunter2"));
}

TEST(Credentials, ValuesThatAreCredentialsWhateverTheirName) {
  EXPECT_EQ(credential_kind("-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----"), "a private key");
  EXPECT_EQ(credential_kind("AKIAIOSFODNN7EXAMPLE"), "an AWS access key");
  EXPECT_EQ(credential_kind("ghp_0123456789abcdefghijABCDEFGHIJ"), "an access token");
  EXPECT_EQ(credential_kind("postgres://app:s3cret@db:5432/app"), "a password inside a URL");
  EXPECT_EQ(credential_kind("postgres://app:$(PGPASSWORD)@db:5432/app"), std::nullopt);
  EXPECT_EQ(credential_kind("postgres://app@db:5432/app"), std::nullopt);
  EXPECT_EQ(credential_kind("https://example.com:8443/path"), std::nullopt);
  EXPECT_EQ(credential_kind("-----BEGIN CERTIFICATE-----"), std::nullopt);
}

TEST(Credentials, AssignmentsInsideConfigurationText) {
  EXPECT_EQ(credential_line("[database]\nhost = db\npassword = hunter2\n"), 3);
  EXPECT_EQ(credential_line("{\n  \"apiKey\": \"abc123\",\n}"), 2);
  EXPECT_EQ(credential_line("password: ${DB_PASSWORD}\npassword_file: /run/secrets/db\ntoken_ttl: 3600\n"), std::nullopt);
  EXPECT_EQ(credential_line("# password = example\nlog_level = info\n"), std::nullopt);
}

}  // namespace
}  // namespace bg::check::credentials
