// What cert-manager would write for a render's Certificates, for the contract tests: a Secret of
// type kubernetes.io/tls per Certificate (its spec.secretName, in its namespace) holding tls.crt,
// tls.key and ca.crt, the certificate valid for exactly its dnsNames (or its commonName), for
// server or client auth as its usages say, made with openssl for the test process (an EC P-256
// key, as cert-manager's ECDSA option gives). Signed as its issuerRef says: a ClusterIssuer's by
// one test CA (in a cluster the issuer is Let's Encrypt, whose root every client already trusts;
// here a client that verifies the server, sslmode=verify-full, trusts test_ca().cert_file
// instead); a self-signed Issuer's by itself; a CA Issuer's by the pair its CA Certificate's Secret
// holds, so a server that trusts the wrong CA refuses the client here as in a cluster.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "manifest/object.h"

namespace bg::testing {

struct TestCa {
  std::string dir;        // the CA's folder, kept for the test process
  std::string cert_file;  // its certificate (PEM)
  std::string key_file;
};

// The process's test CA, made on first use.
Result<TestCa> test_ca();

// The Secrets cert-manager would issue for every Certificate of `objects` whose Secret is not
// among them.
Result<std::vector<manifest::Json>> issued_certificate_secrets(const std::vector<manifest::Json>& objects);

}  // namespace bg::testing
