#include "nodes/keys.h"

#include "common/base64.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <vector>

namespace bg::nodes {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};

Result<std::string> public_of(EVP_PKEY* key) {
  unsigned char pub[32];
  std::size_t len = sizeof pub;
  if (EVP_PKEY_get_raw_public_key(key, pub, &len) != 1 || len != 32)
    return Status::terminal("cannot derive the X25519 public key");
  return base64_encode(std::string_view(reinterpret_cast<const char*>(pub), len));
}

Result<std::string> random_chars(int n, std::string_view alphabet) {
  std::string out;
  while (static_cast<int>(out.size()) < n) {
    unsigned char b[32];
    if (RAND_bytes(b, sizeof b) != 1) return Status::terminal("the system random generator failed");
    std::size_t limit = 256 - 256 % alphabet.size();  // rejection sampling: no modulo bias
    for (unsigned char c : b)
      if (c < limit && static_cast<int>(out.size()) < n) out += alphabet[c % alphabet.size()];
  }
  return out;
}

}  // namespace

Result<WgKeyPair> generate_wg_key() {
  std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_X25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
    return Status::terminal("cannot generate an X25519 key pair");
  std::unique_ptr<EVP_PKEY, PkeyFree> key(raw);
  unsigned char priv[32];
  std::size_t len = sizeof priv;
  if (EVP_PKEY_get_raw_private_key(key.get(), priv, &len) != 1 || len != 32)
    return Status::terminal("cannot read the X25519 private key");
  WgKeyPair pair;
  pair.private_key = Secret(base64_encode(std::string_view(reinterpret_cast<const char*>(priv), len)));
  OPENSSL_cleanse(priv, sizeof priv);
  Result<std::string> pub = public_of(key.get());
  if (!pub) return pub.status();
  pair.public_key = *pub;
  return pair;
}

Result<std::string> wg_public_key(const PrivateKey& key) {
  std::optional<std::string> raw = base64_decode(key.reveal());
  if (!raw || raw->size() != 32) {
    if (raw) OPENSSL_cleanse(raw->data(), raw->size());
    return Status::terminal("a WireGuard private key must be 32 bytes in base64");
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> k(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, reinterpret_cast<const unsigned char*>(raw->data()), 32));
  OPENSSL_cleanse(raw->data(), raw->size());
  if (!k) return Status::terminal("not an X25519 private key");
  return public_of(k.get());
}

Result<Secret> generate_bootstrap_token() {
  constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  Result<std::string> id = random_chars(6, kAlphabet);
  if (!id) return id.status();
  Result<std::string> secret = random_chars(16, kAlphabet);
  if (!secret) return secret.status();
  return Secret(*id + "." + *secret);
}

Result<Secret> generate_certificate_key() {
  Result<std::string> hex = random_chars(64, "0123456789abcdef");
  if (!hex) return hex.status();
  return Secret(*hex);
}

std::string token_id(const Secret& token) { return token.reveal().substr(0, token.reveal().find('.')); }

}  // namespace bg::nodes
