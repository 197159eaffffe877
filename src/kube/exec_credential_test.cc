#include "kube/exec_credential.h"

#include <gtest/gtest.h>

namespace bg::kube {
namespace {

constexpr const char* kApi = "client.authentication.k8s.io/v1";

TEST(ExecCredential, ReadsATokenAndItsExpiry) {
  auto c = parse_exec_credential(R"({"kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1",
      "status": {"token": "t0k3n", "expirationTimestamp": "2030-01-02T03:04:05Z"}})", kApi);
  ASSERT_TRUE(c) << c.status().message();
  EXPECT_EQ(c->token, "t0k3n");
  ASSERT_TRUE(c->expires);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*c->expires), 1893553445);
}

TEST(ExecCredential, AnotherKindOrVersionIsRefused) {
  auto kind = parse_exec_credential(R"({"kind": "Secret", "apiVersion": "client.authentication.k8s.io/v1"})", kApi);
  ASSERT_FALSE(kind);
  EXPECT_EQ(kind.status().message(), "the exec plugin printed kind \"Secret\", not ExecCredential");
  auto version = parse_exec_credential(R"({"kind": "ExecCredential", "apiVersion": "v1beta1", "status": {"token": "t"}})", kApi);
  ASSERT_FALSE(version);
  EXPECT_EQ(version.status().message(),
            "the exec plugin answered with apiVersion \"v1beta1\", the kubeconfig asked for \"client.authentication.k8s.io/v1\"");
}

TEST(ExecCredential, FieldsOfAnotherTypeAreAbsentNotAnException) {
  // A plugin that prints `"expirationTimestamp": null` (a nil pointer without omitempty) made
  // json::value() throw type_error; so did a status of null and a kind that is no string.
  auto no_expiry = parse_exec_credential(R"({"kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1",
      "status": {"token": "t", "expirationTimestamp": null}})", kApi);
  ASSERT_TRUE(no_expiry) << no_expiry.status().message();
  EXPECT_EQ(no_expiry->token, "t");
  EXPECT_FALSE(no_expiry->expires);
  auto no_status = parse_exec_credential(R"({"kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1",
      "status": null})", kApi);
  ASSERT_FALSE(no_status);
  EXPECT_EQ(no_status.status().message(), "the exec plugin's ExecCredential has neither a token nor a client certificate and key");
  auto numbered = parse_exec_credential(R"({"kind": 5})", kApi);
  ASSERT_FALSE(numbered);
  EXPECT_EQ(numbered.status().message(), "the exec plugin printed kind \"\", not ExecCredential");
}

}  // namespace
}  // namespace bg::kube
