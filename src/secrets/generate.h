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

// "user:$2y$<cost>$…" for ingress-nginx auth-file secrets.
Result<std::string> htpasswd_line(const std::string& user, const std::string& password, int cost = 10);

// True when `password` matches the bcrypt `hash` (used by tests and by `verify`).
bool bcrypt_matches(const std::string& password, const std::string& hash);

// The Secret for a plan, with every generated key freshly drawn and literal keys from the
// blueprint. The basic-auth Secret gets username "admin", a password and its htpasswd line.
Result<nlohmann::json> build_secret(const platform::Platform& p, const platform::SecretPlan& plan);

}  // namespace bg::secrets
