// The cluster's certificate authority, made by Betelgeuse before `kubeadm init`.
//
// kubeadm uses a CA it finds in /etc/kubernetes/pki instead of making one. Making it here (ECDSA
// P-256, self-signed, CN "kubernetes", ten years, the key usages kubeadm gives its own CA) means the
// CA's public-key pin is known when the join configurations are rendered, so every
// JoinConfiguration can carry `discovery.bootstrapToken.caCertHashes` instead of skipping CA
// verification. The key is a secret: it lives in the 0600 state file and goes only to control-plane
// nodes. ca_cert_hash() is kubeadm's pin: "sha256:" + hex SHA-256 of the DER SubjectPublicKeyInfo.
#pragma once

#include <string>

#include "common/result.h"
#include "nodes/keys.h"

namespace bg::nodes {

struct ClusterCa {
  std::string cert_pem;
  Secret key_pem;
};

Result<ClusterCa> generate_cluster_ca();

// "sha256:<64 hex>" for a PEM certificate.
Result<std::string> ca_cert_hash(const std::string& cert_pem);

}  // namespace bg::nodes
