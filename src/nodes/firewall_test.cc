#include "nodes/firewall.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "testing/fixtures.h"
#include "testing/nodes_plan.h"

namespace bg::nodes {
namespace {

TEST(Firewall, IngressNodesOpenWebAndRawTcpPortsOthersOnlyMeshAndSsh) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  EXPECT_EQ(public_ports(f.plan, *f.plan.find("cp-1")),
            (std::vector<OpenPort>{{"udp", 51820, "WireGuard mesh"},
                                   {"tcp", 22, "SSH"},
                                   {"tcp", 80, "HTTP (ingress, ACME HTTP-01)"},
                                   {"tcp", 443, "HTTPS (ingress)"},
                                   {"tcp", 5432, "raw TCP (ingress)"}}));
  EXPECT_EQ(public_ports(f.plan, *f.plan.find("worker-1")),
            (std::vector<OpenPort>{{"udp", 51820, "WireGuard mesh"}, {"tcp", 22, "SSH"}}));
}

TEST(Firewall, TheRulesAcceptTheMeshAndThePublicPortsAndDropTheRest) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::string rules = firewall_rules(f.plan, *f.plan.find("cp-1"));
  EXPECT_NE(rules.find("type filter hook input priority filter; policy drop;"), std::string::npos);
  EXPECT_NE(rules.find("iifname \"wg0\" accept"), std::string::npos);
  EXPECT_NE(rules.find("udp dport { 51820 } accept"), std::string::npos);
  EXPECT_NE(rules.find("tcp dport { 22, 80, 443, 5432 } accept"), std::string::npos);
  EXPECT_NE(firewall_rules(f.plan, *f.plan.find("worker-1")).find("    tcp dport { 22 } accept\n"), std::string::npos);
}

TEST(Firewall, NftAcceptsTheRules) {
  if (access("/usr/sbin/nft", X_OK) != 0) GTEST_SKIP() << "nftables is not installed (scripts/setup.sh installs it)";
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  testing::TempDir tmp;
  for (const NodePlan& n : f.plan.nodes) {
    std::ofstream(tmp / (n.name + ".nft")) << firewall_rules(f.plan, n);
    // --check parses and validates without changing the ruleset.
    auto r = testing::run_command("/usr/sbin/nft --check -f " + tmp / (n.name + ".nft"));
    if (r.err.find("Operation not permitted") != std::string::npos) GTEST_SKIP() << "nft needs CAP_NET_ADMIN here";
    EXPECT_EQ(r.exit_code, 0) << n.name << ": " << r.err;
  }
}

}  // namespace
}  // namespace bg::nodes
