#include "nodes/render.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "testing/fixtures.h"

#include "testing/nodes_plan.h"

namespace bg::nodes {
namespace {

std::set<std::string> names(const std::map<std::string, std::string>& tree) {
  std::set<std::string> out;
  for (const auto& [k, v] : tree) out.insert(k);
  return out;
}

TEST(NodesRender, OneFolderPerNodeNamedAfterIt) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  auto tree = render_nodes(f.plan);
  EXPECT_EQ(names(tree),
            (std::set<std::string>{"kustomization.yaml", "runtimeclass-nvidia.yaml", "cp-1/cilium-values.yaml",
                                   "cp-1/firewall.nft", "cp-1/kubeadm-init.yaml", "cp-1/pki/ca.crt", "cp-1/pki/ca.key",
                                   "cp-1/prepare.sh", "cp-1/wg0.conf", "gpu-1/firewall.nft", "gpu-1/kubeadm-join.yaml",
                                   "gpu-1/prepare.sh", "gpu-1/wg0.conf", "worker-1/firewall.nft",
                                   "worker-1/kubeadm-join.yaml", "worker-1/prepare.sh", "worker-1/wg0.conf",
                                   "worker-2/firewall.nft", "worker-2/kubeadm-join.yaml", "worker-2/prepare.sh",
                                   "worker-2/wg0.conf"}));
  EXPECT_EQ(tree.at("kustomization.yaml").rfind(kNodesTreeHeader, 0), 0u);
  EXPECT_NE(tree.at("gpu-1/prepare.sh").find("nvidia-ctk runtime configure --runtime=containerd"), std::string::npos);
  EXPECT_EQ(tree.at("worker-1/prepare.sh").find("nvidia"), std::string::npos);
  EXPECT_NE(tree.at("worker-1/prepare.sh").find("mkdir -p '/mnt/ssd/db/postgres'"), std::string::npos);
  EXPECT_NE(tree.at("worker-1/prepare.sh").find("net.ipv4.ip_forward = 1"), std::string::npos);
  EXPECT_NE(tree.at("worker-1/prepare.sh").find("br_netfilter"), std::string::npos);
  EXPECT_NE(tree.at("worker-1/prepare.sh").find("SystemdCgroup = true"), std::string::npos);
}

TEST(NodesRender, EveryPrepareScriptIsValidShell) {
  NodesState state;
  auto tree = render_nodes(testing::example_nodes_plan(state).plan);
  testing::TempDir tmp;
  for (const auto& [path, content] : tree) {
    if (path.find("prepare.sh") == std::string::npos) continue;
    std::ofstream(tmp / "prepare.sh") << content;
    auto r = testing::run_command("sh -n " + tmp / "prepare.sh");
    EXPECT_EQ(r.exit_code, 0) << path << ": " << r.err;
    EXPECT_EQ(content.find("exit 1; done"), std::string::npos) << path;  // a check must never end the script
  }
}

TEST(NodesRender, TheSameStateGivesTheSameBytes) {
  NodesState state;
  auto a = render_nodes(testing::example_nodes_plan(state).plan);
  auto b = render_nodes(testing::example_nodes_plan(state).plan);
  EXPECT_EQ(a, b);
}

TEST(NodesRender, AddingANodeChangesOnlyTheNewNodesFilesAndEachWgConf) {
  NodesState state;
  auto before = render_nodes(testing::example_nodes_plan(state).plan);
  auto after = render_nodes(testing::nodes_plan(state, testing::example_with_extra_worker()).plan);
  std::set<std::string> changed, added;
  for (const auto& [path, content] : after) {
    auto it = before.find(path);
    if (it == before.end()) added.insert(path);
    else if (it->second != content) changed.insert(path);
  }
  for (const auto& [path, content] : before) EXPECT_EQ(after.count(path), 1u) << path << " disappeared";
  EXPECT_EQ(added, (std::set<std::string>{"worker-3/firewall.nft", "worker-3/kubeadm-join.yaml", "worker-3/prepare.sh",
                                          "worker-3/wg0.conf"}));
  EXPECT_EQ(changed, (std::set<std::string>{"cp-1/wg0.conf", "gpu-1/wg0.conf", "worker-1/wg0.conf", "worker-2/wg0.conf"}));
  for (const std::string& path : changed) {  // and the change is one more [Peer]
    std::size_t peers_before = 0, peers_after = 0;
    for (std::size_t p = 0; (p = before.at(path).find("[Peer]", p)) != std::string::npos; ++p) ++peers_before;
    for (std::size_t p = 0; (p = after.at(path).find("[Peer]", p)) != std::string::npos; ++p) ++peers_after;
    EXPECT_EQ(peers_after, peers_before + 1) << path;
    EXPECT_EQ(after.at(path).rfind(before.at(path), 0), 0u) << path;  // the old file is a prefix of the new
  }
}

}  // namespace
}  // namespace bg::nodes
