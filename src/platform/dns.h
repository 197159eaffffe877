// DNS: the records the platform needs in its domain's zone, and that zone fragment in BIND syntax.
//
// Every public name points at the ingress nodes' public addresses (A for IPv4, AAAA for IPv6): each
// UI host, and the TCP entry host `tcp.<domain>` when raw TCP is exposed (clients of Postgres, Bolt
// or Kafka connect to tcp.<domain>:<port>). Betelgeuse does not talk to a DNS provider: `plan`
// lists the records and `render` writes dns/<domain>.zone beside the manifests (not part of any
// kustomization) for the operator to load or $INCLUDE. Records are sorted and unique, so the
// fragment is byte-for-byte stable.
#pragma once

#include <string>
#include <vector>

#include "platform/platform.h"

namespace bg::platform {

struct DnsRecord {
  std::string name;   // fully qualified, without the trailing dot
  std::string type;   // A | AAAA
  std::string value;  // the address
  std::string purpose;
};

// The host raw TCP clients connect to.
std::string tcp_entry_host(const Platform& p);

std::vector<DnsRecord> dns_records(const Platform& p);

// Path of the fragment in the render tree, and its text.
std::string zone_file_path(const Platform& p);
std::string zone_fragment(const Platform& p);

}  // namespace bg::platform
