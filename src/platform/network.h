// The platform's network: the mesh, pod and service ranges with their defaults, and IPv4 arithmetic.
//
// `spec.network` may leave any field out; resolve_network() fills in the documented defaults
// (meshCIDR 10.77.0.0/24, podCIDR 10.244.0.0/16, serviceCIDR 10.96.0.0/12, meshPort 51820, mtu 1420)
// and checks them: the three ranges are IPv4 and do not overlap, and each is an aligned network
// (10.77.0.5/24 is a typo, not a range). resolve owns this, so every command that loads the spec
// (plan, render, apply, nodes …) accepts or rejects the same file the same way; problems are
// Diagnostics at the field's place in platform.yaml. Ipv4/Cidr are plain values with the arithmetic
// the mesh needs: the n-th host of a range, the n-th /24 slice of the pod range, containment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "diag/diagnostic.h"
#include "spec/spec.h"

namespace bg::platform {

struct Ipv4 {
  uint32_t value = 0;
  static std::optional<Ipv4> parse(const std::string& text);
  std::string str() const;
  friend auto operator<=>(const Ipv4&, const Ipv4&) = default;
};

struct Cidr {
  Ipv4 base;
  int prefix = 0;
  // "a.b.c.d/n" with the host bits zero; nullopt otherwise.
  static std::optional<Cidr> parse(const std::string& text);
  std::string str() const;
  uint64_t size() const { return uint64_t{1} << (32 - prefix); }
  bool contains(Ipv4 ip) const;
  bool overlaps(const Cidr& other) const;
  Ipv4 at(uint64_t offset) const { return Ipv4{base.value + static_cast<uint32_t>(offset)}; }
  // The index-th sub-range of the given prefix (index 0 is the first); requires prefix >= this->prefix.
  Cidr slice(int sub_prefix, uint64_t index) const;
  // A host of the range: inside it, and neither its network nor its broadcast address.
  bool has_host(Ipv4 ip) const { return contains(ip) && ip != base && ip != at(size() - 1); }
  friend bool operator==(const Cidr&, const Cidr&) = default;
};

inline constexpr const char* kDefaultMeshCidr = "10.77.0.0/24";
inline constexpr const char* kDefaultPodCidr = "10.244.0.0/16";
inline constexpr const char* kDefaultServiceCidr = "10.96.0.0/12";
inline constexpr int kDefaultMeshPort = 51820;
inline constexpr int kDefaultMtu = 1420;
inline constexpr int kPodSlicePrefix = 24;  // each node routes one /24 of the pod range over the mesh

struct Network {
  Cidr mesh;
  Cidr pods;
  Cidr services;
  int mesh_port = kDefaultMeshPort;
  int mtu = kDefaultMtu;
};

// The spec's network section with defaults filled in; errors go to `diags`.
Network resolve_network(const spec::NetworkSpec& net, Diagnostics& diags);

}  // namespace bg::platform
