// `betelgeuse nodes render | apply` end to end: the real binary, real files, and for apply a real
// sshd on loopback (where the run stops in the validate phase, before anything could be changed).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "testing/fixtures.h"
#include "testing/nodes_plan.h"
#include "testing/sshd.h"
#include "yaml/loader.h"

namespace bg::cli {
namespace {

using testing::run_command;
using testing::TempDir;

std::string bg(const std::string& args) { return testing::binary() + " " + args; }

int mode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

// The example copied into a fresh folder, so its state file lands there too.
// The example's machines with the walking skeleton's components (testing/nodes_plan.h), like the nodes tests.
std::string example_in(const TempDir& tmp, const std::string& text = testing::skeleton_spec()) {
  std::ofstream(tmp / "platform.yaml") << text;
  return tmp / "platform.yaml";
}

std::vector<std::string> secrets_in_state(const std::string& state_file) {
  auto j = nlohmann::json::parse(testing::read_file(state_file));
  std::vector<std::string> out = {j["cluster"]["bootstrapToken"], j["cluster"]["certificateKey"], j["cluster"]["caKey"]};
  for (const auto& [name, n] : j["nodes"].items()) out.push_back(n["privateKey"]);
  return out;
}

TEST(CmdNodes, RenderWritesOneFolderPerNodeAndAPrivateState) {
  TempDir tmp;
  std::string spec = example_in(tmp);
  auto r = run_command(bg("nodes render " + spec + " -o " + tmp / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "nodes state saved to " + tmp / ".betelgeuse/nodes-state.json" +
                       " (keep it private and backed up)\nrendered 4 nodes into " + tmp / "out" + " (21 files)\n");
  for (const char* node : {"cp-1", "worker-1", "worker-2", "gpu-1"}) {
    EXPECT_TRUE(std::filesystem::exists(tmp / "out/" + node + "/wg0.conf")) << node;
    EXPECT_EQ(mode_of(tmp / "out/" + node), 0700) << node;
    EXPECT_EQ(mode_of(tmp / "out/" + node + "/wg0.conf"), 0600) << node;
  }
  EXPECT_TRUE(std::filesystem::exists(tmp / "out/cp-1/kubeadm-init.yaml"));
  EXPECT_TRUE(std::filesystem::exists(tmp / "out/gpu-1/kubeadm-join.yaml"));
  std::string state = tmp / ".betelgeuse/nodes-state.json";
  EXPECT_EQ(mode_of(state), 0600);
  for (const std::string& secret : secrets_in_state(state)) {
    EXPECT_EQ(r.out.find(secret), std::string::npos);
    EXPECT_EQ(r.err.find(secret), std::string::npos);
  }
}

TEST(CmdNodes, RenderingAgainGivesTheSameBytesAndReplacesItsOwnFolder) {
  TempDir tmp;
  std::string spec = example_in(tmp);
  ASSERT_EQ(run_command(bg("nodes render " + spec + " -o " + tmp / "a")).exit_code, 0);
  std::string state = testing::read_file(tmp / ".betelgeuse/nodes-state.json");
  auto again = run_command(bg("nodes render " + spec + " -o " + tmp / "b"));
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.err, "rendered 4 nodes into " + tmp / "b" + " (21 files)\n");  // state unchanged: not saved
  EXPECT_EQ(testing::read_tree(tmp / "a"), testing::read_tree(tmp / "b"));
  EXPECT_EQ(testing::read_file(tmp / ".betelgeuse/nodes-state.json"), state);
  ASSERT_EQ(run_command(bg("nodes render " + spec + " -o " + tmp / "a")).exit_code, 0);
  EXPECT_EQ(testing::read_tree(tmp / "a"), testing::read_tree(tmp / "b"));
}

TEST(CmdNodes, AddingANodeToTheSpecChangesExactlyTheExpectedFiles) {
  TempDir tmp;
  std::string spec = example_in(tmp);
  ASSERT_EQ(run_command(bg("nodes render " + spec + " -o " + tmp / "before")).exit_code, 0);
  example_in(tmp, testing::example_with_extra_worker());
  ASSERT_EQ(run_command(bg("nodes render " + spec + " -o " + tmp / "after")).exit_code, 0);
  auto before = testing::read_tree(tmp / "before"), after = testing::read_tree(tmp / "after");
  std::set<std::string> changed;
  for (const auto& [path, content] : after)
    if (!before.count(path) || before.at(path) != content) changed.insert(path);
  // .betelgeuse-files: the record of what was written, now with worker-3's files.
  EXPECT_EQ(changed, (std::set<std::string>{".betelgeuse-files", "cp-1/wg0.conf", "gpu-1/wg0.conf", "worker-1/wg0.conf", "worker-2/wg0.conf",
                                            "worker-3/firewall.nft", "worker-3/kubeadm-join.yaml", "worker-3/prepare.sh",
                                            "worker-3/wg0.conf"}));
  EXPECT_EQ(before.size() + 4, after.size());
}

TEST(CmdNodes, RotatingAKeyChangesThatNodesKeyEverywhereAndNothingElse) {
  TempDir tmp;
  std::string spec = example_in(tmp);
  ASSERT_EQ(run_command(bg("nodes render " + spec + " -o " + tmp / "before")).exit_code, 0);
  auto r = run_command(bg("nodes render " + spec + " -o " + tmp / "after --rotate-key worker-1"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto before = testing::read_tree(tmp / "before"), after = testing::read_tree(tmp / "after");
  std::set<std::string> changed;
  for (const auto& [path, content] : after)
    if (before.at(path) != content) changed.insert(path);
  EXPECT_EQ(changed, (std::set<std::string>{"cp-1/wg0.conf", "gpu-1/wg0.conf", "worker-1/wg0.conf", "worker-2/wg0.conf"}));
  auto unknown = run_command(bg("nodes render " + spec + " -o " + tmp / "x --rotate-key worker-9"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "betelgeuse: --rotate-key worker-9: no such node in " + spec + "\n");
  EXPECT_FALSE(std::filesystem::exists(tmp / "x"));
}

TEST(CmdNodes, BadInputExitsTwoAndWritesNothing) {
  TempDir tmp;
  std::string text = testing::example_spec();
  text.replace(text.find("meshAddress: 10.77.0.3"), 22, "meshAddress: 10.99.0.3");
  std::string spec = example_in(tmp, text);
  auto r = run_command(bg("nodes render " + spec + " -o " + tmp / "out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("platform.yaml:33:20: error: meshAddress 10.99.0.3 is not a host address of meshCIDR 10.77.0.0/24"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint: pick an address inside 10.77.0.0/24, or leave meshAddress out to get one allocated"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(tmp / "out"));
  EXPECT_FALSE(std::filesystem::exists(tmp / ".betelgeuse"));
  auto stream = run_command(bg("nodes render " + spec + " -o -"));
  EXPECT_EQ(stream.exit_code, 2);
  EXPECT_EQ(stream.out, "");
  EXPECT_EQ(stream.err, "betelgeuse: nodes render writes private keys and needs a folder: pass -o DIR\n");
  auto missing = run_command(bg("nodes render " + tmp / "nope.yaml -o " + tmp / "out"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(tmp / "out"));
}

// Regression (issue 24): with no `meshAddress`, pods must reach the API server at the mesh address
// kubeadm advertises — also after the state file has recorded it and the file lists nodes anew.
TEST(CmdNodes, RenderAllowsTheApiServerWhereKubeadmAdvertisesIt) {
  TempDir tmp;
  std::string text = testing::without_mesh_addresses(testing::skeleton_spec());
  std::string spec = example_in(tmp, text);
  ASSERT_EQ(run_command(bg("nodes render " + spec + " -o " + tmp / "first")).exit_code, 0);
  // A node listed before cp-1 would take cp-1's address if allocation ignored the state.
  text.insert(text.find("    - name: cp-1"), "    - name: worker-0\n      role: worker\n      publicAddress: 203.0.113.20\n");
  example_in(tmp, text);
  auto nodes = run_command(bg("nodes render " + spec + " -o " + tmp / "nodes"));
  ASSERT_EQ(nodes.exit_code, 0) << nodes.err;
  auto render = run_command(bg("render " + spec + " -o " + tmp / "k8s"));
  ASSERT_EQ(render.exit_code, 0) << render.err;
  auto plan = run_command(bg("plan " + spec + " -o json"));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;

  yaml::LoadResult init = yaml::load(testing::read_file(tmp / "nodes/cp-1/kubeadm-init.yaml"), "kubeadm-init.yaml");
  ASSERT_FALSE(init.documents.empty());
  const std::string advertised = yaml::to_json(init.documents[0].root)["localAPIEndpoint"]["advertiseAddress"];
  EXPECT_EQ(testing::read_file(tmp / "nodes/cp-1/kubeadm-init.yaml"),
            testing::read_file(tmp / "first/cp-1/kubeadm-init.yaml"));  // kept, not reassigned
  int policies = 0;
  for (const auto& [path, content] : testing::read_tree(tmp / "k8s")) {
    if (!path.ends_with("-to-apiserver.yaml")) continue;
    ++policies;
    EXPECT_NE(content.find("cidr: " + advertised + "/32"), std::string::npos) << path << " misses " << advertised;
  }
  EXPECT_GT(policies, 0);
  int shown = 0;
  const nlohmann::json planned = nlohmann::json::parse(plan.out);
  for (const auto& node : planned["nodes"]) {
    if (node["name"] != "cp-1") continue;
    EXPECT_EQ(node["meshAddress"], advertised);
    ++shown;
  }
  EXPECT_EQ(shown, 1);
}

// Regression (issue 24): `plan` accepted a mesh range overlapping the services that `nodes render`
// rejected. Every command that resolves the spec now rejects it alike: same place, same words.
TEST(CmdNodes, OverlappingRangesAreRejectedByEveryCommandThatResolvesTheSpec) {
  TempDir tmp;
  std::string text = testing::skeleton_spec();
  text.replace(text.find("meshCIDR: 10.77.0.0/24"), 22, "meshCIDR: 10.96.0.0/24");
  std::string spec = example_in(tmp, text);
  std::size_t at = text.find("serviceCIDR: ") + 13;  // the later of the two fields
  std::string where = "platform.yaml:" + std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) +
                      ":" + std::to_string(at - text.rfind('\n', at));
  auto nodes = run_command(bg("nodes render " + spec + " -o " + tmp / "nodes"));
  EXPECT_EQ(nodes.exit_code, 2);
  EXPECT_NE(nodes.err.find(where + ": error: spec.network.meshCIDR 10.96.0.0/24 and serviceCIDR 10.96.0.0/12 overlap"),
            std::string::npos)
      << nodes.err;
  EXPECT_NE(nodes.err.find("hint: give the mesh, pods and services disjoint ranges"), std::string::npos) << nodes.err;
  for (const std::string& command : {"plan " + spec, "plan " + spec + " -o json", "render " + spec + " -o " + tmp / "k8s",
                                     "apply " + spec + " --kubeconfig " + tmp / "none", "diff " + spec + " --kubeconfig " + tmp / "none"}) {
    auto r = run_command(bg(command));
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_EQ(r.err, nodes.err) << command;
    EXPECT_EQ(r.out, "") << command;
  }
  EXPECT_FALSE(std::filesystem::exists(tmp / "nodes"));
  EXPECT_FALSE(std::filesystem::exists(tmp / "k8s"));
  EXPECT_FALSE(std::filesystem::exists(tmp / ".betelgeuse"));
}

TEST(CmdNodes, AFolderRenderDidNotWriteIsNotReplaced) {
  TempDir tmp;
  std::string spec = example_in(tmp);
  ASSERT_EQ(run_command(bg("render " + spec + " -o " + tmp / "k8s")).exit_code, 0);  // the Kubernetes tree
  auto r = run_command(bg("nodes render " + spec + " -o " + tmp / "k8s"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("folder exists and was not written by betelgeuse"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(tmp / "k8s/kustomization.yaml"));
}

TEST(CmdNodes, TheDryRunPrintsEveryStepPerHostAndChangesNothing) {
  TempDir tmp;
  std::string spec = example_in(tmp);
  auto r = run_command(bg("nodes apply " + spec + " --dry-run"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* want : {"[cp-1] connect: ssh root@203.0.113.10:22\n", "[gpu-1] facts: gather facts\n",
                           "[gpu-1] validate: NVIDIA driver\n", "[worker-1] prepare: local volume folders\n",
                           "[gpu-1] prepare: NVIDIA container toolkit\n", "[worker-2] mesh: wg0.conf\n",
                           "    upload: /etc/wireguard/wg0.conf (mode 0600, ", "[cp-1] kubeadm: kubeadm init\n",
                           "    run: kubeadm init --config /etc/betelgeuse/kubeadm-init.yaml --upload-certs\n",
                           "[worker-1] kubeadm: kubeadm join\n", "[cp-1] cilium: cilium 1.20.1\n",
                           "[cp-1] labels: taint nvidia.com/gpu=present:NoSchedule on gpu-1\n"})
    EXPECT_NE(r.out.find(want), std::string::npos) << want;
  EXPECT_NE(r.err.find("; nothing was connected or changed (the nodes state would be created or completed: it is saved "
                       "on a real run)\n"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(tmp / ".betelgeuse"));
  // With a state, the dry run shows no secret from it.
  ASSERT_EQ(run_command(bg("nodes render " + spec + " -o " + tmp / "out")).exit_code, 0);
  auto again = run_command(bg("nodes apply " + spec + " --dry-run"));
  for (const std::string& secret : secrets_in_state(tmp / ".betelgeuse/nodes-state.json")) {
    EXPECT_EQ(again.out.find(secret), std::string::npos);
    EXPECT_EQ(again.err.find(secret), std::string::npos);
  }
}

TEST(CmdNodes, ApplyOverRealSshStopsInValidateNamingHostStepAndReason) {
  testing::Sshd sshd;
  std::string why = sshd.start();
  ASSERT_EQ(why, "") << why;
  TempDir tmp;
  std::string spec = example_in(tmp,
                                "apiVersion: platform.betelgeusebytes.io/v1alpha1\nkind: Platform\nmetadata: {name: loopback}\n"
                                "spec:\n  domain: example.test\n  tls: {email: ops@example.test}\n  nodes:\n"
                                "    - name: cp-1\n      role: control-plane\n      publicAddress: 127.0.0.1\n"
                                "      ssdPath: /nonexistent-betelgeuse-ssd\n");
  std::ofstream(tmp / "known_hosts") << sshd.known_hosts_line();
  std::string flags = " --ssh-port " + std::to_string(sshd.port()) + " --ssh-user " + sshd.user() + " --ssh-key " +
                      sshd.client_key() + " --known-hosts " + tmp / "known_hosts";
  auto r = run_command(bg("nodes apply " + spec + flags));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("[cp-1] connect: " + sshd.user() + "@127.0.0.1:" + std::to_string(sshd.port()) + " ... ok\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[cp-1] facts: gather facts ... "), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("betelgeuse: nodes apply stopped at host cp-1, step \"validate: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: fix the cause and run `betelgeuse nodes apply` again; finished steps are skipped\n"),
            std::string::npos);
  EXPECT_EQ(r.out.find("prepare:"), std::string::npos);
  EXPECT_EQ(mode_of(tmp / ".betelgeuse/nodes-state.json"), 0600);  // saved before anything connected

  // A changed host key stops the run at connect.
  std::ofstream(tmp / "known_hosts") << sshd.other_host_key_line();
  auto changed = run_command(bg("nodes apply " + spec + flags));
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.err.find("betelgeuse: nodes apply stopped at host cp-1, step \"connect\": the host key of [127.0.0.1]:" +
                             std::to_string(sshd.port()) + " has changed"),
            std::string::npos)
      << changed.err;
  EXPECT_EQ(changed.out.find("facts:"), std::string::npos);
}

}  // namespace
}  // namespace bg::cli
