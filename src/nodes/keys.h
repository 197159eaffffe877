// Key material for the nodes: WireGuard X25519 key pairs and kubeadm's shared secrets.
//
// WireGuard keys are X25519 key pairs made with OpenSSL's EVP interface and written the way `wg`
// writes them (32 raw bytes, standard base64). Every secret (private keys, the bootstrap token, the
// certificate key, the CA key) is held in a Secret, which has no operator<< and no implicit
// conversion to string: reveal() is the one door to its text, used only where a file for a node or
// the state file needs it. Bootstrap tokens have kubeadm's shape `[a-z0-9]{6}.[a-z0-9]{16}`; the certificate key is
// 32 random bytes in hex (what `kubeadm certs certificate-key` prints). All randomness is
// RAND_bytes; failures come back as Status, never as exceptions.
#pragma once

#include <string>
#include <utility>

#include "common/result.h"

namespace bg::nodes {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string text) : text_(std::move(text)) {}
  const std::string& reveal() const { return text_; }
  bool empty() const { return text_.empty(); }
  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string text_;
};
using PrivateKey = Secret;  // a WireGuard private key: 32 bytes, base64

struct WgKeyPair {
  PrivateKey private_key;
  std::string public_key;  // base64, safe to print
};

// A fresh X25519 key pair.
Result<WgKeyPair> generate_wg_key();

// The public key of a base64 private key (what `wg pubkey` computes); fails on malformed input.
Result<std::string> wg_public_key(const PrivateKey& key);

// "abcdef.0123456789abcdef": a kubeadm bootstrap token from a CSPRNG.
Result<Secret> generate_bootstrap_token();

// 64 lower-case hex digits (AES-256 key) for kubeadm's upload-certs.
Result<Secret> generate_certificate_key();

// The public part of a bootstrap token ("abcdef"), safe to print.
std::string token_id(const Secret& token);

}  // namespace bg::nodes
