// Certificates made in-process: an ECDSA P-256 key and an X.509 v3 certificate, as PEM text.
//
// Two parts of Betelgeuse mint certificates: `nodes` makes the cluster CA kubeadm will use, and the
// Kubernetes API test server makes its CA, serving and client certificates on every start. Both
// go through issue_certificate(), so serial numbers (16 random bytes, positive), validity (five
// minutes back-dated for clock skew), names and extensions are made one way. Extensions are given
// as OpenSSL config values ("critical,CA:TRUE"), exactly as in an openssl.cnf.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace bg {

struct PemPair {
  std::string cert_pem;
  std::string key_pem;
};

struct CertificateRequest {
  std::string common_name;
  std::vector<std::string> organizations;               // O= entries, in order (Kubernetes groups)
  std::vector<std::pair<int, std::string>> extensions;  // (NID, config value)
  long validity_seconds = 365L * 24 * 3600;
};

// Self-signed when `issuer` is null, else signed by the issuer's certificate and key.
Result<PemPair> issue_certificate(const CertificateRequest& request, const PemPair* issuer = nullptr);

// "sha256:<hex>" of a certificate's DER SubjectPublicKeyInfo: kubeadm's --discovery-token-ca-cert-hash.
Result<std::string> public_key_sha256(const std::string& cert_pem);

}  // namespace bg
