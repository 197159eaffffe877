// Standard base64 (RFC 4648 §4, with padding), the encoding of Secret `data`, kubeconfig `*-data`
// fields and WireGuard keys: one implementation over OpenSSL's EVP block coder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bg {

std::string base64_encode(std::string_view bytes);

// The bytes `text` encodes, or nothing when it is not padded base64 (no whitespace allowed).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace bg
