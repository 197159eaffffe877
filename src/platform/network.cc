#include "platform/network.h"

#include <arpa/inet.h>

#include <utility>
#include <vector>

namespace bg::platform {

std::optional<Ipv4> Ipv4::parse(const std::string& text) {
  in_addr a{};
  if (inet_pton(AF_INET, text.c_str(), &a) != 1) return std::nullopt;
  return Ipv4{ntohl(a.s_addr)};
}

std::string Ipv4::str() const {
  return std::to_string(value >> 24) + "." + std::to_string((value >> 16) & 0xff) + "." +
         std::to_string((value >> 8) & 0xff) + "." + std::to_string(value & 0xff);
}

std::optional<Cidr> Cidr::parse(const std::string& text) {
  std::size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::optional<Ipv4> ip = Ipv4::parse(text.substr(0, slash));
  std::string p = text.substr(slash + 1);
  if (!ip || p.empty() || p.size() > 2 || p.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int prefix = std::stoi(p);
  if (prefix > 32) return std::nullopt;
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  if ((ip->value & ~mask) != 0) return std::nullopt;
  return Cidr{*ip, prefix};
}

std::string Cidr::str() const { return base.str() + "/" + std::to_string(prefix); }

bool Cidr::contains(Ipv4 ip) const { return ip.value - base.value < size() && ip.value >= base.value; }

bool Cidr::overlaps(const Cidr& other) const { return contains(other.base) || other.contains(base); }

Cidr Cidr::slice(int sub_prefix, uint64_t index) const {
  return Cidr{Ipv4{base.value + static_cast<uint32_t>(index << (32 - sub_prefix))}, sub_prefix};
}

Network resolve_network(const spec::NetworkSpec& net, Diagnostics& diags) {
  Network s;
  struct Range {
    const char* key;
    const spec::Field<std::string>* field;
    const char* fallback;
    Cidr* out;
  };
  std::vector<Range> ranges = {{"meshCIDR", &net.mesh_cidr, kDefaultMeshCidr, &s.mesh},
                               {"podCIDR", &net.pod_cidr, kDefaultPodCidr, &s.pods},
                               {"serviceCIDR", &net.service_cidr, kDefaultServiceCidr, &s.services}};
  std::vector<bool> good;
  for (const Range& r : ranges) {
    std::string text = r.field->get_or(r.fallback);
    std::optional<Cidr> c = Cidr::parse(text);
    if (!c) {
      diags.error(r.field->loc,
                  std::string("spec.network.") + r.key + " \"" + text + "\" is not an IPv4 network address",
                  "`betelgeuse nodes` needs an IPv4 range whose host bits are zero, e.g. " + std::string(r.fallback));
      c = Cidr::parse(r.fallback);
    }
    *r.out = *c;
    good.push_back(c.has_value());
  }
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    for (std::size_t j = i + 1; j < ranges.size(); ++j) {
      if (ranges[i].out->overlaps(*ranges[j].out)) {
        const Range& later = ranges[j].field->set ? ranges[j] : ranges[i];
        diags.error(later.field->loc,
                    std::string("spec.network.") + ranges[i].key + " " + ranges[i].out->str() + " and " +
                        ranges[j].key + " " + ranges[j].out->str() + " overlap",
                    "give the mesh, pods and services disjoint ranges");
      }
    }
  }
  if (s.mesh.prefix > 30)
    diags.error(net.mesh_cidr.loc, "spec.network.meshCIDR " + s.mesh.str() + " has no room for nodes",
                "use a /24 or larger");
  if (s.pods.prefix > kPodSlicePrefix - 1)
    diags.error(net.pod_cidr.loc, "spec.network.podCIDR " + s.pods.str() + " is too small",
                "each node gets a /24 of the pod range; use a /16 or larger");
  s.mesh_port = static_cast<int>(net.mesh_port.get_or(kDefaultMeshPort));
  s.mtu = static_cast<int>(net.mtu.get_or(kDefaultMtu));
  return s;
}

}  // namespace bg::platform
