// Secret values: generated from a CSPRNG, never from anything predictable, and only ever placed
// into Kubernetes Secret objects bound for the cluster — never into rendered files or output.
//
// random_password() draws from OpenSSL's RAND_bytes; htpasswd_line() makes the bcrypt line
// ingress-nginx's basic auth reads from a Secret's `auth` key (libxcrypt crypt_gensalt_rn/crypt_r,
// `$2y$`, the prefix `htpasswd -B` writes, which the controller's Alpine image accepts).
// build_secret() turns a SecretPlan into the Secret object that apply creates on first use; apply
// never replaces an existing Secret's values (no rotation unless asked).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "platform/platform.h"

namespace bg::secrets {

// `length` characters from [A-Za-z0-9], uniformly (rejection sampling, no modulo bias).
Result<std::string> random_password(int length);

// "user:$2y$<cost>$…" for ingress-nginx auth-file secrets. The cost is `htpasswd -B`'s default, 5:
// nginx runs bcrypt on every authenticated request (each asset of a UI), and the passwords are 32
// random characters (~190 bits), which no work factor makes any harder to guess — a higher cost
// would only slow every page down.
Result<std::string> htpasswd_line(const std::string& user, const std::string& password, int cost = 5);

// True when `password` matches the bcrypt `hash` (used by tests and by `verify`).
bool bcrypt_matches(const std::string& password, const std::string& hash);

// The Secret for a plan, with every generated key freshly drawn and literal keys from the
// blueprint. The basic-auth Secret gets username "admin" and a password; its `auth` key (the
// htpasswd line) is left for keep_existing() to derive, named by the top-level field
// kDerivedHtpasswd: bcrypt is slow on purpose (~70 ms a line), apply needs it only when the
// cluster has none, and it must match the password that is finally kept, not a fresh one.
Result<nlohmann::json> build_secret(const platform::Platform& p, const platform::SecretPlan& plan);
inline constexpr const char* kDerivedHtpasswd = "x-betelgeuse-derive-htpasswd";

}  // namespace bg::secrets
