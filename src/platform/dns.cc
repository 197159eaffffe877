#include "platform/dns.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace bg::platform {

std::string tcp_entry_host(const Platform& p) { return "tcp." + p.domain; }

std::vector<DnsRecord> dns_records(const Platform& p) {
  std::vector<DnsRecord> out;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  auto add = [&](const std::string& host, const std::string& purpose) {
    for (const std::string& addr : p.ingress_addresses) {
      std::string type = addr.find(':') == std::string::npos ? "A" : "AAAA";
      if (seen.emplace(host, type, addr).second) out.push_back({host, type, addr, purpose});
    }
  };
  bool any_tcp = false;
  for (const Component& c : p.components) {
    if (c.ui) add(c.ui->host, "UI of " + c.name);
    any_tcp = any_tcp || !c.tcp.empty();
  }
  if (any_tcp) add(tcp_entry_host(p), "raw TCP entry");
  std::sort(out.begin(), out.end(), [](const DnsRecord& a, const DnsRecord& b) {
    return std::tie(a.name, a.type, a.value) < std::tie(b.name, b.type, b.value);
  });
  return out;
}

std::string zone_file_path(const Platform& p) { return "dns/" + p.domain + ".zone"; }

namespace {

// A name relative to $ORIGIN when it lies in the domain, else absolute with the trailing dot.
std::string owner_name(const std::string& host, const std::string& domain) {
  if (host == domain) return "@";
  std::string suffix = "." + domain;
  if (host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0)
    return host.substr(0, host.size() - suffix.size());
  return host + ".";
}

}  // namespace

std::string zone_fragment(const Platform& p) {
  std::vector<DnsRecord> records = dns_records(p);
  std::size_t width = 1;
  for (const DnsRecord& r : records) width = std::max(width, owner_name(r.name, p.domain).size());
  std::string out = "; DNS records of platform " + p.name + ", written by betelgeuse render; do not edit.\n"
                    "; A fragment, not a zone: no SOA or NS. Load it into the zone of " + p.domain +
                    " or $INCLUDE it there.\n"
                    "$ORIGIN " + p.domain + ".\n$TTL 300\n";
  for (const DnsRecord& r : records) {
    std::string owner = owner_name(r.name, p.domain);
    out += owner + std::string(width - owner.size() + 1, ' ') + "IN " + r.type + (r.type == "A" ? "    " : " ") +
           r.value + "  ; " + r.purpose + "\n";
  }
  return out;
}

}  // namespace bg::platform
