#include "check/endpoints.h"

#include <algorithm>
#include <array>
#include <utility>

namespace bg::check {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool host_char(char c) { return alnum(c) || c == '-' || c == '.'; }
bool scheme_char(char c) { return alnum(c) || c == '+' || c == '-' || c == '.'; }
bool token_end(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == ',' || c == '='; }

// A DNS-1123 label as Kubernetes names namespaces and Services.
bool label(std::string_view l) {
  return !l.empty() && l.size() <= 63 && std::all_of(l.begin(), l.end(), [](char c) { return lower_alnum(c) || c == '-'; }) &&
         l.front() != '-' && l.back() != '-';
}

std::vector<std::string_view> split_labels(std::string_view host) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    std::size_t dot = host.find('.', start);
    out.push_back(host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

// The scheme of a URL whose host starts at `b` ("http" for "http://x" and "http://user@x"), or "".
// `start` is set to where the scheme begins.
std::string_view scheme_before(std::string_view s, std::size_t b, std::size_t& start) {
  std::size_t sep = std::string_view::npos;
  if (b >= 3 && s.substr(b - 3, 3) == "://") {
    sep = b - 3;
  } else if (b >= 1 && s[b - 1] == '@') {
    // user:password@host: the "://" before, within the same token.
    std::size_t p = s.rfind("://", b - 1);
    if (p == std::string_view::npos) return {};
    for (std::size_t k = p + 3; k < b; ++k)
      if (token_end(s[k])) return {};
    sep = p;
  } else {
    return {};
  }
  std::size_t a = sep;
  while (a > 0 && scheme_char(s[a - 1])) --a;
  start = a;
  return s.substr(a, sep - a);
}

}  // namespace

std::optional<int> default_port(std::string_view scheme) {
  static constexpr std::array<std::pair<std::string_view, int>, 16> kPorts = {{
      {"http", 80}, {"https", 443}, {"ws", 80}, {"wss", 443}, {"postgres", 5432}, {"postgresql", 5432},
      {"mysql", 3306}, {"mariadb", 3306}, {"redis", 6379}, {"rediss", 6379}, {"mongodb", 27017},
      {"amqp", 5672}, {"amqps", 5671}, {"nats", 4222}, {"bolt", 7687}, {"neo4j", 7687},
  }};
  std::string lower(scheme);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [name, port] : kPorts)
    if (name == lower) return port;
  return std::nullopt;
}

std::vector<Endpoint> find_endpoints(std::string_view s) {
  std::vector<Endpoint> out;
  if (s.find("://") == std::string_view::npos && s.find(".svc") == std::string_view::npos) return out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!host_char(s[i])) {
      ++i;
      continue;
    }
    const std::size_t b = i;
    while (i < s.size() && host_char(s[i])) ++i;
    std::string_view host = s.substr(b, i - b);
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);  // a rooted name, or a full stop
    if (host.find('.') == std::string_view::npos) continue;

    std::size_t start = b;
    std::string_view scheme = scheme_before(s, b, start);
    std::vector<std::string_view> labels = split_labels(host);
    std::size_t n = labels.size();
    if (n >= 3 && labels[n - 1] == "local" && labels[n - 2] == "cluster" && labels[n - 3] == "svc") n -= 2;
    std::string_view name, ns;
    if (n >= 3 && labels[n - 1] == "svc") {
      name = labels[n - 3];
      ns = labels[n - 2];
    } else if (!scheme.empty() && labels.size() == 2) {
      name = labels[0];
      ns = labels[1];
    } else {
      continue;
    }
    if (!label(name) || !label(ns) || !(name.front() >= 'a' && name.front() <= 'z')) continue;

    Endpoint e{std::string(name), std::string(ns), std::nullopt, start, {}};
    std::size_t end = b + host.size();
    if (end == i && i + 1 < s.size() && s[i] == ':' && s[i + 1] >= '0' && s[i + 1] <= '9') {
      std::size_t k = i + 1;
      int port = 0;
      while (k < s.size() && k - i <= 5 && s[k] >= '0' && s[k] <= '9') port = port * 10 + (s[k++] - '0');
      if (k < s.size() && s[k] >= '0' && s[k] <= '9') continue;  // six digits or more: not a port
      if (port < 1 || port > 65535) continue;
      e.port = port;
      end = i = k;
    } else if (!scheme.empty()) {
      e.port = default_port(scheme);
    }
    e.text = std::string(s.substr(start, end - start));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace bg::check
