#include "nodes/cluster_ca.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/fixtures.h"

namespace bg::nodes {
namespace {

TEST(ClusterCa, IsASelfSignedCaNamedKubernetes) {
  Result<ClusterCa> ca = generate_cluster_ca();
  ASSERT_TRUE(ca) << ca.status().message();
  testing::TempDir tmp;
  std::ofstream(tmp / "ca.crt") << ca->cert_pem;
  std::ofstream(tmp / "ca.key") << ca->key_pem.reveal();
  auto text = testing::run_command("openssl x509 -in " + tmp / "ca.crt" + " -noout -text");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Subject: CN = kubernetes"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Issuer: CN = kubernetes"), std::string::npos);
  EXPECT_NE(text.out.find("CA:TRUE"), std::string::npos);
  EXPECT_NE(text.out.find("Certificate Sign"), std::string::npos);
  EXPECT_NE(text.out.find("prime256v1"), std::string::npos);
  auto verify = testing::run_command("openssl verify -CAfile " + tmp / "ca.crt" + " " + tmp / "ca.crt");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // The key belongs to the certificate.
  auto a = testing::run_command("openssl x509 -in " + tmp / "ca.crt" + " -noout -pubkey");
  auto b = testing::run_command("openssl pkey -in " + tmp / "ca.key" + " -pubout");
  EXPECT_EQ(a.out, b.out);
}

TEST(ClusterCa, TheHashIsKubeadmsPinAsOpensslComputesIt) {
  Result<ClusterCa> ca = generate_cluster_ca();
  ASSERT_TRUE(ca);
  testing::TempDir tmp;
  std::ofstream(tmp / "ca.crt") << ca->cert_pem;
  // The recipe from kubeadm's documentation for computing --discovery-token-ca-cert-hash.
  auto r = testing::run_command("openssl x509 -pubkey -in " + tmp / "ca.crt" +
                                " | openssl pkey -pubin -outform der 2>/dev/null | sha256sum | cut -d' ' -f1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(*ca_cert_hash(ca->cert_pem), "sha256:" + r.out.substr(0, 64));
}

TEST(ClusterCa, GarbageIsNotACertificate) {
  Result<std::string> h = ca_cert_hash("nonsense");
  ASSERT_FALSE(h);
  EXPECT_EQ(h.status().message(), "the cluster CA certificate in the state file is not a PEM certificate");
}

}  // namespace
}  // namespace bg::nodes
