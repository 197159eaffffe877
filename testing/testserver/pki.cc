#include "testing/testserver/pki.h"

#include <openssl/objects.h>

namespace bg::testserver {
namespace {

const std::vector<std::pair<int, std::string>> kClientExts = {
    {NID_basic_constraints, "critical,CA:FALSE"},
    {NID_key_usage, "critical,digitalSignature"},
    {NID_ext_key_usage, "clientAuth"},
    {NID_authority_key_identifier, "keyid:always"},
};

}  // namespace

Result<Pki> make_pki() {
  auto ca = issue_certificate({"kube-testserver-ca",
                               {},
                               {{NID_basic_constraints, "critical,CA:TRUE"},
                                {NID_key_usage, "critical,digitalSignature,keyCertSign"},
                                {NID_subject_key_identifier, "hash"}}});
  if (!ca) return ca.status();
  auto server = issue_certificate({"kube-apiserver",
                                   {},
                                   {{NID_basic_constraints, "critical,CA:FALSE"},
                                    {NID_key_usage, "critical,digitalSignature"},
                                    {NID_ext_key_usage, "serverAuth"},
                                    {NID_authority_key_identifier, "keyid:always"},
                                    {NID_subject_alt_name, "DNS:localhost,DNS:kubernetes.default.svc,IP:127.0.0.1,IP:::1"}}},
                                  &*ca);
  if (!server) return server.status();
  auto admin = issue_client_cert(*ca, "admin", {"system:masters"});
  if (!admin) return admin.status();
  return Pki{*ca, *server, *admin};
}

Result<KeyPair> issue_client_cert(const KeyPair& ca, const std::string& user, const std::vector<std::string>& groups) {
  return issue_certificate({user, groups, kClientExts}, &ca);
}

}  // namespace bg::testserver
