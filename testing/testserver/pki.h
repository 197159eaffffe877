// The test server's own certificate authority and the certificates it issues.
//
// Every start makes a fresh ECDSA P-256 CA (CN "kube-testserver-ca"), a serving certificate for
// 127.0.0.1 / ::1 / localhost, and a client certificate for an admin user (CN "admin",
// O "system:masters") — the shape kubeadm gives its admin.conf, so kubectl and our client see what
// they would see against a real cluster. Nothing is written to disk here; the server hands the PEM
// text to OpenSSL in memory and writes only the kubeconfig.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "common/x509.h"

namespace bg::testserver {

using KeyPair = PemPair;

struct Pki {
  KeyPair ca;
  KeyPair server;
  KeyPair admin;  // client certificate: CN=admin, O=system:masters
};

Result<Pki> make_pki();

// A client certificate signed by `ca` for `user` in `groups` (tests make extra users with it).
Result<KeyPair> issue_client_cert(const KeyPair& ca, const std::string& user, const std::vector<std::string>& groups);

}  // namespace bg::testserver
