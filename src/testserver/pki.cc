#include "testserver/pki.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace bg::testserver {
namespace {

template <auto F>
struct Deleter {
  template <typename T>
  void operator()(T* p) const { F(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;

std::string bio_text(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

bool add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

bool set_serial(X509* cert) {
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return false;
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  ASN1_INTEGER* sn = bn ? BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) : nullptr;
  BN_free(bn);
  return sn != nullptr;
}

bool add_name(X509_NAME* name, const char* field, const std::string& value) {
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                    -1, -1, 0) == 1;
}

struct Issued {
  Cert cert;
  Pkey key;
};

// One certificate: self-signed when `issuer` is null. `exts` are (nid, config value) pairs.
Result<Issued> issue(X509* issuer, EVP_PKEY* issuer_key, const std::string& cn, const std::vector<std::string>& orgs,
                     const std::vector<std::pair<int, std::string>>& exts) {
  Issued out{Cert(X509_new()), Pkey(EVP_EC_gen("P-256"))};
  if (!out.cert || !out.key) return Status::terminal("cannot generate a key");
  X509* c = out.cert.get();
  X509_NAME* name = X509_get_subject_name(c);
  bool ok = set_serial(c) && X509_set_version(c, 2) == 1 && X509_gmtime_adj(X509_getm_notBefore(c), -300) &&
            X509_gmtime_adj(X509_getm_notAfter(c), 365L * 24 * 3600) && X509_set_pubkey(c, out.key.get()) == 1;
  for (const std::string& o : orgs) ok = ok && add_name(name, "O", o);
  ok = ok && add_name(name, "CN", cn);
  ok = ok && X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : name) == 1;
  for (const auto& [nid, value] : exts) ok = ok && add_ext(c, issuer ? issuer : c, nid, value);
  ok = ok && X509_sign(c, issuer_key ? issuer_key : out.key.get(), EVP_sha256()) > 0;
  if (!ok) return Status::terminal("cannot make the certificate for " + cn);
  return out;
}

Result<KeyPair> pem(const Issued& i) {
  Bio cb(BIO_new(BIO_s_mem())), kb(BIO_new(BIO_s_mem()));
  if (!cb || !kb || PEM_write_bio_X509(cb.get(), i.cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(kb.get(), i.key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Status::terminal("cannot encode a certificate");
  return KeyPair{bio_text(cb.get()), bio_text(kb.get())};
}

const std::vector<std::pair<int, std::string>> kClientExts = {
    {NID_basic_constraints, "critical,CA:FALSE"},
    {NID_key_usage, "critical,digitalSignature"},
    {NID_ext_key_usage, "clientAuth"},
    {NID_authority_key_identifier, "keyid:always"},
};

}  // namespace

Result<Pki> make_pki() {
  auto ca = issue(nullptr, nullptr, "kube-testserver-ca", {},
                  {{NID_basic_constraints, "critical,CA:TRUE"},
                   {NID_key_usage, "critical,digitalSignature,keyCertSign"},
                   {NID_subject_key_identifier, "hash"}});
  if (!ca) return ca.status();
  auto server = issue(ca->cert.get(), ca->key.get(), "kube-apiserver", {},
                      {{NID_basic_constraints, "critical,CA:FALSE"},
                       {NID_key_usage, "critical,digitalSignature"},
                       {NID_ext_key_usage, "serverAuth"},
                       {NID_authority_key_identifier, "keyid:always"},
                       {NID_subject_alt_name, "DNS:localhost,DNS:kubernetes.default.svc,IP:127.0.0.1,IP:::1"}});
  if (!server) return server.status();
  auto admin = issue(ca->cert.get(), ca->key.get(), "admin", {"system:masters"}, kClientExts);
  if (!admin) return admin.status();
  auto ca_pem = pem(*ca), server_pem = pem(*server), admin_pem = pem(*admin);
  if (!ca_pem || !server_pem || !admin_pem) return Status::terminal("cannot encode the test server's certificates");
  return Pki{*ca_pem, *server_pem, *admin_pem};
}

Result<KeyPair> issue_client_cert(const KeyPair& ca, const std::string& user, const std::vector<std::string>& groups) {
  Bio cb(BIO_new_mem_buf(ca.cert_pem.data(), static_cast<int>(ca.cert_pem.size())));
  Bio kb(BIO_new_mem_buf(ca.key_pem.data(), static_cast<int>(ca.key_pem.size())));
  Cert ca_cert(cb ? PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr) : nullptr);
  Pkey ca_key(kb ? PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!ca_cert || !ca_key) return Status::terminal("the CA is not PEM");
  auto leaf = issue(ca_cert.get(), ca_key.get(), user, groups, kClientExts);
  if (!leaf) return leaf.status();
  return pem(*leaf);
}

}  // namespace bg::testserver
