#include "common/x509.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace bg {
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

Bio reader(const std::string& pem) { return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))); }

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
  serial[0] &= 0x7f;  // a positive serial number
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  ASN1_INTEGER* sn = bn ? BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) : nullptr;
  BN_free(bn);
  return sn != nullptr;
}

bool add_name(X509_NAME* name, const char* field, const std::string& value) {
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                    -1, -1, 0) == 1;
}

}  // namespace

Result<PemPair> issue_certificate(const CertificateRequest& request, const PemPair* issuer) {
  Cert issuer_cert;
  Pkey issuer_key;
  if (issuer) {
    Bio cb = reader(issuer->cert_pem), kb = reader(issuer->key_pem);
    issuer_cert.reset(cb ? PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr) : nullptr);
    issuer_key.reset(kb ? PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!issuer_cert || !issuer_key) return Status::terminal("the issuing CA is not a PEM certificate and key");
  }
  Cert cert(X509_new());
  Pkey key(EVP_EC_gen("P-256"));
  if (!cert || !key) return Status::terminal("cannot generate a key for " + request.common_name);
  X509* c = cert.get();
  X509_NAME* name = X509_get_subject_name(c);
  bool ok = set_serial(c) && X509_set_version(c, 2) == 1 && X509_gmtime_adj(X509_getm_notBefore(c), -300) &&
            X509_gmtime_adj(X509_getm_notAfter(c), request.validity_seconds) && X509_set_pubkey(c, key.get()) == 1;
  for (const std::string& o : request.organizations) ok = ok && add_name(name, "O", o);
  ok = ok && add_name(name, "CN", request.common_name);
  ok = ok && X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer_cert.get()) : name) == 1;
  for (const auto& [nid, value] : request.extensions) ok = ok && add_ext(c, issuer ? issuer_cert.get() : c, nid, value);
  ok = ok && X509_sign(c, issuer ? issuer_key.get() : key.get(), EVP_sha256()) > 0;
  if (!ok) return Status::terminal("cannot make the certificate for " + request.common_name);
  Bio cb(BIO_new(BIO_s_mem())), kb(BIO_new(BIO_s_mem()));
  if (!cb || !kb || PEM_write_bio_X509(cb.get(), c) != 1 ||
      PEM_write_bio_PrivateKey(kb.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Status::terminal("cannot encode the certificate for " + request.common_name);
  return PemPair{bio_text(cb.get()), bio_text(kb.get())};
}

Result<std::string> public_key_sha256(const std::string& cert_pem) {
  Bio b = reader(cert_pem);
  Cert cert(b ? PEM_read_bio_X509(b.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) return Status::terminal("not a PEM certificate");
  unsigned char* der = nullptr;
  int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &der);
  if (n <= 0) return Status::terminal("cannot encode the public key");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<std::size_t>(n), digest);
  OPENSSL_free(der);
  static const char* kHex = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace bg
