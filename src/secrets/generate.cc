#include "secrets/generate.h"

#include <crypt.h>
#include <openssl/rand.h>

#include <cstring>

namespace bg::secrets {

Result<std::string> random_password(int length) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr unsigned kSize = sizeof(kAlphabet) - 1;  // 62
  constexpr unsigned kLimit = 256 - 256 % kSize;       // reject bytes >= 248 to stay uniform
  if (length <= 0 || length > 4096) return Status::terminal("password length must be 1..4096");
  std::string out;
  unsigned char buf[64];
  while (static_cast<int>(out.size()) < length) {
    if (RAND_bytes(buf, sizeof buf) != 1) return Status::terminal("the system random generator failed");
    for (unsigned char b : buf) {
      if (b >= kLimit) continue;
      out += kAlphabet[b % kSize];
      if (static_cast<int>(out.size()) == length) break;
    }
  }
  return out;
}

Result<std::string> htpasswd_line(const std::string& user, const std::string& password, int cost) {
  if (user.empty() || user.find(':') != std::string::npos) return Status::terminal("invalid basic-auth user name");
  unsigned char entropy[16];
  if (RAND_bytes(entropy, sizeof entropy) != 1) return Status::terminal("the system random generator failed");
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2y$", static_cast<unsigned long>(cost), reinterpret_cast<const char*>(entropy),
                        sizeof entropy, setting, sizeof setting)) {
    return Status::terminal(std::string("crypt_gensalt_rn failed: ") + std::strerror(errno));
  }
  crypt_data data{};
  const char* hash = crypt_r(password.c_str(), setting, &data);
  if (!hash || hash[0] == '*') return Status::terminal("bcrypt hashing failed");
  return user + ":" + hash;
}

bool bcrypt_matches(const std::string& password, const std::string& hash) {
  crypt_data data{};
  const char* again = crypt_r(password.c_str(), hash.c_str(), &data);
  return again && again[0] != '*' && hash == again;
}

Result<nlohmann::json> build_secret(const platform::Platform& p, const platform::SecretPlan& plan) {
  nlohmann::json data = nlohmann::json::object();
  bool derive_htpasswd = false;
  const platform::Component* c = p.find(plan.component);
  if (!c) return Status::terminal("secret " + plan.name + " belongs to no enabled component");
  if (plan.name == c->basic_auth_secret()) {
    Result<std::string> password = random_password(32);
    if (!password) return password.status();
    data = {{"username", "admin"}, {"password", password.value()}};
    derive_htpasswd = true;
  } else if (!plan.provider.empty()) {
    // Credentials a provider provisions for this dependent: literal keys name the dependent
    // (${dependent}) unless the dependent's edge sets them; the rest is drawn fresh.
    const platform::Component* provider = p.find(plan.provider);
    if (!provider || !provider->blueprint->provision) return Status::terminal("secret " + plan.name + " has no provider");
    const catalog::DependencyDef* edge = c->blueprint->dependency(plan.provider);
    for (const catalog::SecretKeyDef& k : provider->blueprint->provision->keys) {
      if (k.generate.empty()) {
        std::string v = k.value;
        if (edge && edge->set.count(k.key)) v = edge->set.at(k.key);
        for (std::size_t at; (at = v.find("${dependent}")) != std::string::npos;) v.replace(at, 12, c->name);
        data[k.key] = v;
        continue;
      }
      Result<std::string> v = random_password(k.length);
      if (!v) return v.status();
      data[k.key] = v.value();
    }
  } else {
    for (const catalog::SecretDef& s : c->blueprint->secrets) {
      if (c->secret_name(s.name) != plan.name) continue;
      for (const catalog::SecretKeyDef& k : s.keys) {
        if (k.generate.empty()) {
          data[k.key] = k.value;
          continue;
        }
        Result<std::string> v = random_password(k.length);
        if (!v) return v.status();
        data[k.key] = v.value();
      }
    }
  }
  // betelgeuse.io/generated marks values drawn here: prune and destroy keep such a Secret with the
  // data it unlocks (apply/prune.h).
  nlohmann::json labels = {{"app.kubernetes.io/managed-by", "betelgeuse"}, {"app.kubernetes.io/name", c->name},
                           {"app.kubernetes.io/part-of", p.name}, {"betelgeuse.io/generated", "true"}};
  nlohmann::json secret{{"apiVersion", "v1"},
                        {"kind", "Secret"},
                        {"type", "Opaque"},
                        {"metadata", {{"name", plan.name}, {"namespace", plan.ns}, {"labels", labels}}},
                        {"stringData", data}};
  if (derive_htpasswd) secret[kDerivedHtpasswd] = "auth";
  return secret;
}

}  // namespace bg::secrets
