#include "check/rules/credentials.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace bg::check::credentials {
namespace {

std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1])) && !cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    cur += static_cast<char>(std::tolower(c));
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool in(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}


// A quick, allocation-free look for any of the words a credential name needs; most names (PORT,
// LOG_LEVEL, app.yaml) stop here.
bool may_be_credential(std::string_view name) {
  auto has = [&](std::string_view needle) {
    for (std::size_t i = 0; i + needle.size() <= name.size(); ++i) {
      std::size_t k = 0;
      while (k < needle.size() && std::tolower(static_cast<unsigned char>(name[i + k])) == needle[k]) ++k;
      if (k == needle.size()) return true;
    }
    return false;
  };
  return has("pass") || has("pwd") || has("secret") || has("token") || has("key") || has("credential");
}

}  // namespace

bool is_credential_name(std::string_view name) {
  if (!may_be_credential(name)) return false;
  std::vector<std::string> w = words(name);
  if (w.empty() || name == "PWD") return false;
  bool credential = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (in(w[i], {"password", "passwd", "pass", "pwd", "secret", "token", "apikey", "credential", "credentials",
                  "passphrase", "privatekey"}))
      credential = true;
    if (i + 1 < w.size() && w[i + 1] == "key" && in(w[i], {"api", "private", "access", "secret", "signing", "encryption"}))
      credential = true;
  }
  if (!credential) return false;
  // The last word says the value is about a credential, not the credential itself.
  return !in(w.back(), {"file", "path", "dir", "name", "ref", "url", "uri", "endpoint", "id", "ttl", "expiry",
                        "expires", "timeout", "length", "len", "header", "type", "policy", "enabled", "enable",
                        "disabled", "mode", "min", "max", "size", "count", "namespace",
                        "issuer", "audience", "algorithm", "location", "store", "secretname"});
}

bool is_placeholder(std::string_view value) {
  std::string_view v = trim(value);
  if (v.empty()) return true;
  if (v.substr(0, 2) == "$(" || v.substr(0, 2) == "${" || v.find("{{") != std::string_view::npos) return true;
  if (v.front() == '<' && v.back() == '>') return true;
  if (v.front() == '/' || v.substr(0, 7) == "file://") return true;
  return v == "true" || v == "false" || v == "null" || v == "~";
}

std::optional<std::string> credential_kind(std::string_view v) {
  if (v.find("-----BEGIN") != std::string_view::npos && v.find("PRIVATE KEY-----") != std::string_view::npos)
    return "a private key";
  for (std::size_t p = v.find("AKIA"); p != std::string_view::npos; p = v.find("AKIA", p + 1)) {
    std::string_view rest = v.substr(p + 4, 16);
    if (rest.size() == 16 && std::all_of(rest.begin(), rest.end(), [](char c) {
          return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
        }))
      return "an AWS access key";
  }
  for (std::string_view prefix : {"ghp_", "gho_", "ghs_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "sk_live_"}) {
    std::size_t p = v.find(prefix);
    if (p == std::string_view::npos) continue;
    std::size_t n = 0;
    for (std::size_t i = p + prefix.size(); i < v.size() && (std::isalnum(static_cast<unsigned char>(v[i])) || v[i] == '_' || v[i] == '-'); ++i) ++n;
    if (n >= 20) return "an access token";
  }
  // scheme://user:password@host, with a literal password.
  for (std::size_t p = v.find("://"); p != std::string_view::npos; p = v.find("://", p + 3)) {
    std::size_t end = v.find_first_of("/ \n\"'", p + 3);
    std::string_view authority = v.substr(p + 3, end == std::string_view::npos ? std::string_view::npos : end - p - 3);
    std::size_t at = authority.rfind('@');
    if (at == std::string_view::npos) continue;
    std::size_t colon = authority.find(':');
    if (colon == std::string_view::npos || colon > at) continue;
    std::string_view password = authority.substr(colon + 1, at - colon - 1);
    if (!password.empty() && !is_placeholder(password) && password.front() != '$' && password.front() != '%')
      return "a password inside a URL";
  }
  return std::nullopt;
}

std::optional<int> credential_line(std::string_view text) {
  int line = 0;
  std::size_t start = 0;
  constexpr std::size_t kMaxScan = 1 << 20;  // a huge value is scanned up to here
  while (start < text.size() && start < kMaxScan) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line;
    std::string_view l = trim(text.substr(start, end - start));
    start = end + 1;
    if (l.empty() || l.front() == '#' || l.front() == ';' || l.substr(0, 2) == "//") continue;
    std::size_t sep = l.find_first_of("=:");
    if (sep == std::string_view::npos || sep == 0 || sep > 64) continue;
    std::string_view key = trim(l.substr(0, sep));
    if (!key.empty() && (key.front() == '"' || key.front() == '\'')) key = key.substr(1);
    if (!key.empty() && (key.back() == '"' || key.back() == '\'')) key.remove_suffix(1);
    if (key.substr(0, 2) == "- ") key.remove_prefix(2);
    if (key.empty() || !std::all_of(key.begin(), key.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        }))
      continue;
    std::string_view value = trim(l.substr(sep + 1));
    while (!value.empty() && (value.back() == ',' || value.back() == ';')) value.remove_suffix(1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    if (value.empty() || value == "{" || value == "[" || value == "|" || value == ">") continue;
    if (value.front() == '$' || value.front() == '%' || is_placeholder(value)) continue;
    if (all_digits(value)) continue;  // port numbers, counts: "token_ttl: 3600" slips past names
    if (is_credential_name(key)) return line;
  }
  return std::nullopt;
}

}  // namespace bg::check::credentials
