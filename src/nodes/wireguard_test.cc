// wg0.conf checked by the real tools: `wg-quick strip` takes each file apart the way wg-quick does,
// `wg setconf` parses the stripped result with wg's own parser (it reports "Configuration parsing
// error" for anything it cannot read, and only then, with no kernel interface here, fails to apply
// it), and `wg pubkey` derives each node's public key from the private key in its own file.
#include "nodes/wireguard.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>

#include "testing/fixtures.h"
#include "testing/nodes_plan.h"

namespace bg::nodes {
namespace {

using testing::run_command;

// key → values for one section kind, parsed from wg-quick strip output.
struct Parsed {
  std::string private_key;
  std::vector<std::map<std::string, std::string>> peers;
};

Parsed parse(const std::string& text) {
  Parsed p;
  std::map<std::string, std::string>* peer = nullptr;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line == "[Peer]") {
      p.peers.emplace_back();
      peer = &p.peers.back();
    } else if (std::size_t eq = line.find(" = "); eq != std::string::npos) {
      std::string key = line.substr(0, eq), value = line.substr(eq + 3);
      if (peer) (*peer)[key] = value;
      else if (key == "PrivateKey") p.private_key = value;
    }
  }
  return p;
}

// wg-quick strip output for one config written to <dir>/wg0.conf.
std::string strip(const testing::TempDir& tmp, const std::string& node, const std::string& conf) {
  std::string dir = tmp / node;
  ::mkdir(dir.c_str(), 0700);
  std::ofstream(dir + "/wg0.conf") << conf;
  ::chmod((dir + "/wg0.conf").c_str(), 0600);
  auto r = run_command("wg-quick strip " + dir + "/wg0.conf");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ofstream(dir + "/stripped.conf") << r.out;
  // wg's own parser: a config it can read gets as far as the (missing) kernel interface.
  auto set = run_command("wg setconf betelgeuse-nx0 " + dir + "/stripped.conf");
  EXPECT_EQ(set.err.find("Configuration parsing error"), std::string::npos) << set.err;
  EXPECT_NE(set.err.find("Unable to modify interface"), std::string::npos) << set.err;
  return r.out;
}

TEST(Wireguard, EveryNodesFileParsesAndItsPeersAreExactlyTheOtherNodes) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  testing::TempDir tmp;
  for (const NodePlan& n : f.plan.nodes) {
    Parsed p = parse(strip(tmp, n.name, wg_quick_config(f.plan, n)));
    auto pub = run_command("printf '%s' '" + p.private_key + "' | wg pubkey");
    ASSERT_EQ(pub.exit_code, 0) << pub.err;
    EXPECT_EQ(pub.out, n.public_key + "\n") << n.name;
    std::multiset<std::string> peer_keys, others;
    for (const auto& peer : p.peers) peer_keys.insert(peer.at("PublicKey"));
    for (const NodePlan& o : f.plan.nodes)
      if (o.name != n.name) others.insert(o.public_key);
    EXPECT_EQ(peer_keys, others) << n.name;
    for (const auto& peer : p.peers) {
      const NodePlan* o = nullptr;
      for (const NodePlan& c : f.plan.nodes)
        if (c.public_key == peer.at("PublicKey")) o = &c;
      ASSERT_NE(o, nullptr);
      EXPECT_EQ(peer.at("Endpoint"), o->public_address + ":51820");
      EXPECT_EQ(peer.at("AllowedIPs"), o->mesh_address.str() + "/32, " + o->pod_cidr.str());
      EXPECT_EQ(peer.at("PersistentKeepalive"), "25");
    }
  }
}

TEST(Wireguard, TheInterfaceCarriesAddressPortMtuAndKey) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  const NodePlan& n = *f.plan.find("worker-1");
  std::string conf = wg_quick_config(f.plan, n);
  EXPECT_NE(conf.find("[Interface]\nAddress = 10.77.0.2/24\nListenPort = 51820\nMTU = 1420\nPrivateKey = " +
                      n.private_key.reveal() + "\n"),
            std::string::npos)
      << conf;
  // wg-quick keys are gone after strip; wg keys stay.
  testing::TempDir tmp;
  std::string stripped = strip(tmp, n.name, conf);
  EXPECT_EQ(stripped.find("Address"), std::string::npos);
  EXPECT_EQ(stripped.find("MTU"), std::string::npos);
  EXPECT_NE(stripped.find("ListenPort = 51820"), std::string::npos);
}

TEST(Wireguard, AddingANodeAddsExactlyOnePeerToEveryExistingNode) {
  NodesState state;
  auto before = testing::example_nodes_plan(state);
  auto after = testing::nodes_plan(state, testing::example_with_extra_worker());
  const NodePlan& added = *after.plan.find("worker-3");
  std::string block = "\n# worker-3\n[Peer]\nPublicKey = " + added.public_key + "\nEndpoint = 203.0.113.14:51820\n"
                      "AllowedIPs = 10.77.0.5/32, 10.244.4.0/24\nPersistentKeepalive = 25\n";
  for (const NodePlan& n : before.plan.nodes) {
    std::string old_conf = wg_quick_config(before.plan, n);
    std::string new_conf = wg_quick_config(after.plan, *after.plan.find(n.name));
    EXPECT_EQ(new_conf, old_conf + block) << n.name;  // worker-3 is last in the file, so its peer is last
  }
}

TEST(Wireguard, IPv6EndpointsAreBracketed) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  f.plan.nodes[1].public_address = "2001:db8::11";
  std::string conf = wg_quick_config(f.plan, f.plan.nodes[0]);
  EXPECT_NE(conf.find("Endpoint = [2001:db8::11]:51820\n"), std::string::npos);
  testing::TempDir tmp;
  strip(tmp, "cp-1", conf);
}

}  // namespace
}  // namespace bg::nodes
