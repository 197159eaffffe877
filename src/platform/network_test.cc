#include "platform/network.h"

#include <gtest/gtest.h>

namespace bg::platform {
namespace {

spec::Field<std::string> field(std::string v, int line) { return {std::move(v), true, {"p.yaml", line, 14}}; }

TEST(Network, AddressesAndRangesRoundTrip) {
  EXPECT_EQ(Ipv4::parse("10.77.0.3")->str(), "10.77.0.3");
  EXPECT_FALSE(Ipv4::parse("10.77.0"));
  EXPECT_FALSE(Ipv4::parse("::1"));
  std::optional<Cidr> c = Cidr::parse("10.244.0.0/16");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->str(), "10.244.0.0/16");
  EXPECT_EQ(c->size(), 65536u);
  EXPECT_TRUE(c->contains(*Ipv4::parse("10.244.255.255")));
  EXPECT_FALSE(c->contains(*Ipv4::parse("10.245.0.0")));
  EXPECT_FALSE(c->contains(*Ipv4::parse("10.243.255.255")));
  EXPECT_EQ(c->slice(24, 3).str(), "10.244.3.0/24");
  EXPECT_EQ(c->at(1).str(), "10.244.0.1");
}

TEST(Network, ARangeWithHostBitsIsNotANetwork) {
  EXPECT_FALSE(Cidr::parse("10.77.0.5/24"));
  EXPECT_FALSE(Cidr::parse("10.77.0.0/33"));
  EXPECT_FALSE(Cidr::parse("10.77.0.0"));
  EXPECT_FALSE(Cidr::parse("fd00::/64"));
}

TEST(Network, DefaultsFillAnEmptySection) {
  Diagnostics d;
  Network s = resolve_network({}, d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(s.mesh.str(), "10.77.0.0/24");
  EXPECT_EQ(s.pods.str(), "10.244.0.0/16");
  EXPECT_EQ(s.services.str(), "10.96.0.0/12");
  EXPECT_EQ(s.mesh_port, 51820);
  EXPECT_EQ(s.mtu, 1420);
}

TEST(Network, OverlappingRangesAreAnErrorAtTheLaterField) {
  spec::NetworkSpec net;
  net.pod_cidr = field("10.96.0.0/16", 8);
  Diagnostics d;
  resolve_network(net, d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].loc.str(), "p.yaml:8:14");
  EXPECT_EQ(d.items()[0].message, "spec.network.podCIDR 10.96.0.0/16 and serviceCIDR 10.96.0.0/12 overlap");
}

TEST(Network, AMisalignedRangeIsAnErrorWithAHint) {
  spec::NetworkSpec net;
  net.mesh_cidr = field("10.77.0.5/24", 3);
  Diagnostics d;
  resolve_network(net, d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].message, "spec.network.meshCIDR \"10.77.0.5/24\" is not an IPv4 network address");
  EXPECT_EQ(d.items()[0].hints[0], "`betelgeuse nodes` needs an IPv4 range whose host bits are zero, e.g. 10.77.0.0/24");
}

TEST(Network, APodRangeTooSmallForPerNodeSlicesIsAnError) {
  spec::NetworkSpec net;
  net.pod_cidr = field("10.244.0.0/24", 5);
  Diagnostics d;
  resolve_network(net, d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].message, "spec.network.podCIDR 10.244.0.0/24 is too small");
}

}  // namespace
}  // namespace bg::platform
