#include "nodes/cluster_ca.h"

#include <openssl/objects.h>

#include "common/x509.h"

namespace bg::nodes {

Result<ClusterCa> generate_cluster_ca() {
  auto ca = issue_certificate({"kubernetes",
                               {},
                               {{NID_basic_constraints, "critical,CA:TRUE"},
                                {NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign"},
                                {NID_subject_key_identifier, "hash"}},
                               10L * 365 * 24 * 3600});
  if (!ca) return Status::terminal("cannot make the cluster CA: " + ca.status().message());
  return ClusterCa{ca->cert_pem, Secret(ca->key_pem)};
}

Result<std::string> ca_cert_hash(const std::string& cert_pem) {
  auto hash = public_key_sha256(cert_pem);
  if (!hash) return Status::terminal("the cluster CA certificate in the state file is not a PEM certificate");
  return hash;
}

}  // namespace bg::nodes
