#include "platform/mesh.h"

#include <gtest/gtest.h>

namespace bg::platform {
namespace {

spec::NodeSpec node(const std::string& name, const std::string& mesh_address = "", int line = 0) {
  spec::NodeSpec n;
  n.name = {name, true, {"p.yaml", line, 9}};
  n.loc = {"p.yaml", line, 7};
  if (!mesh_address.empty()) n.mesh_address = {mesh_address, true, {"p.yaml", line + 1, 20}};
  return n;
}

Network mesh(const std::string& cidr) {
  Network n;
  n.mesh = *Cidr::parse(cidr);
  return n;
}

std::map<std::string, std::string> strs(const std::map<std::string, Ipv4>& m) {
  std::map<std::string, std::string> out;
  for (const auto& [name, ip] : m) out[name] = ip.str();
  return out;
}

using Addresses = std::map<std::string, std::string>;

TEST(Mesh, ExplicitAddressesFirstThenTheLowestFreeHostInFileOrder) {
  Diagnostics d;
  auto got = allocate_mesh_addresses({node("a"), node("b", "10.77.0.1"), node("c")}, mesh("10.77.0.0/24"), {}, {}, d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(strs(got), (Addresses{{"a", "10.77.0.2"}, {"b", "10.77.0.1"}, {"c", "10.77.0.3"}}));
}

TEST(Mesh, ARecordedAddressIsNeverGivenToAnotherNode) {
  Recorded recorded;
  // "gone" left the spec: its address stays reserved. "c" keeps its address though "a" now comes first.
  recorded.mesh_addresses = {{"c", "10.77.0.1"}, {"gone", "10.77.0.2"}};
  Diagnostics d;
  auto got = allocate_mesh_addresses({node("a"), node("c")}, mesh("10.77.0.0/24"), {}, recorded, d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(strs(got), (Addresses{{"a", "10.77.0.3"}, {"c", "10.77.0.1"}}));
}

TEST(Mesh, ARecordedAddressGivesWayToAnExplicitOneAndToTheMeshRange) {
  Recorded recorded;
  recorded.mesh_addresses = {{"a", "10.77.0.1"}, {"c", "10.78.0.9"}, {"d", "not an address"}};
  Diagnostics d;
  auto got = allocate_mesh_addresses({node("a"), node("b", "10.77.0.1"), node("c"), node("d")}, mesh("10.77.0.0/24"),
                                     {}, recorded, d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(strs(got), (Addresses{{"a", "10.77.0.2"}, {"b", "10.77.0.1"}, {"c", "10.77.0.3"}, {"d", "10.77.0.4"}}));
}

TEST(Mesh, AnExplicitAddressThatIsNoHostOfTheMeshIsAnErrorAtItsPlace) {
  for (const char* bad : {"10.78.0.3", "10.77.0.0", "10.77.0.255", "fd00::3"}) {
    Diagnostics d;
    auto got = allocate_mesh_addresses({node("a", bad, 20), node("b")}, mesh("10.77.0.0/24"), {}, {}, d);
    ASSERT_EQ(d.size(), 1u) << bad;
    EXPECT_EQ(d.items()[0].loc.str(), "p.yaml:21:20");
    EXPECT_EQ(d.items()[0].message, std::string("meshAddress ") + bad + " is not a host address of meshCIDR 10.77.0.0/24");
    EXPECT_EQ(d.items()[0].hints,
              std::vector<std::string>{"pick an address inside 10.77.0.0/24, or leave meshAddress out to get one allocated"});
    EXPECT_EQ(strs(got), (Addresses{{"b", "10.77.0.1"}}));
  }
}

TEST(Mesh, AFullMeshIsAnErrorNamingTheFirstNodeLeftOut) {
  Diagnostics d;
  allocate_mesh_addresses({node("a"), node("b"), node("c", "", 12)}, mesh("10.77.0.0/30"), {"p.yaml", 16, 15}, {}, d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].loc.str(), "p.yaml:16:15");
  EXPECT_EQ(d.items()[0].message, "meshCIDR 10.77.0.0/30 has no free address for node c");
  EXPECT_EQ(d.items()[0].hints, std::vector<std::string>{"use a larger meshCIDR"});
  Diagnostics unset;  // meshCIDR left to its default: the node's own place
  allocate_mesh_addresses({node("a"), node("b"), node("c", "", 12)}, mesh("10.77.0.0/30"), {}, {}, unset);
  ASSERT_EQ(unset.size(), 1u);
  EXPECT_EQ(unset.items()[0].loc.str(), "p.yaml:12:7");
}

}  // namespace
}  // namespace bg::platform
