// `--state FILE` on every command that resolves the spec: the real binary, real files.
//
// Resolve reads the mesh addresses `betelgeuse nodes` recorded (issue 24), so a state file kept
// somewhere other than beside the spec must be given to render, plan and the live commands as it
// is to `nodes render`; otherwise the policies that let pods reach the API server would allow an
// address kubeadm does not advertise.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "testing/fixtures.h"
#include "testing/nodes_plan.h"
#include "yaml/loader.h"

namespace bg::cli {
namespace {

using testing::run_command;
using testing::TempDir;

std::string bg(const std::string& args) { return testing::binary() + " " + args; }

std::string write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

// The `cidr:` peers of the rendered policies that let pods reach the API server (its mesh and its
// public address).
std::set<std::string> api_server_peers(const std::string& tree) {
  std::set<std::string> out;
  for (const auto& [path, content] : testing::read_tree(tree)) {
    if (!path.ends_with("-to-apiserver.yaml")) continue;
    for (std::size_t at = 0; (at = content.find("cidr: ", at)) != std::string::npos; ++at)
      out.insert(content.substr(at + 6, content.find('\n', at) - at - 6));
  }
  return out;
}

std::string planned_mesh_address(const std::string& plan_json, const std::string& node) {
  const nlohmann::json plan = nlohmann::json::parse(plan_json);
  for (const auto& n : plan["nodes"])
    if (n["name"] == node) return n["meshAddress"];
  return "";
}

TEST(StateOption, RenderAndPlanUseTheAddressesOfTheStateFileGiven) {
  TempDir tmp;
  std::string text = testing::without_mesh_addresses(testing::skeleton_spec());
  // The state records cp-1 after a node listed before it, so cp-1's recorded address is not the one
  // a fresh allocation would give it once that node is gone.
  std::string with_first = text;
  with_first.insert(with_first.find("    - name: cp-1"), "    - name: worker-0\n      role: worker\n      publicAddress: 203.0.113.20\n");
  std::string spec = write(tmp / "platform.yaml", with_first);
  std::string state = tmp / "elsewhere/nodes.json";
  ASSERT_EQ(run_command(bg("nodes render " + spec + " --state " + state + " -o " + tmp / "first")).exit_code, 0);
  write(spec, text);
  auto nodes = run_command(bg("nodes render " + spec + " --state " + state + " -o " + tmp / "nodes"));
  ASSERT_EQ(nodes.exit_code, 0) << nodes.err;
  yaml::LoadResult init = yaml::load(testing::read_file(tmp / "nodes/cp-1/kubeadm-init.yaml"), "kubeadm-init.yaml");
  ASSERT_FALSE(init.documents.empty());
  const std::string advertised = yaml::to_json(init.documents[0].root)["localAPIEndpoint"]["advertiseAddress"];

  auto with_state = run_command(bg("render " + spec + " --state " + state + " -o " + tmp / "k8s"));
  ASSERT_EQ(with_state.exit_code, 0) << with_state.err;
  EXPECT_EQ(api_server_peers(tmp / "k8s").count(advertised + "/32"), 1u) << with_state.err;
  auto plan = run_command(bg("plan " + spec + " --state " + state + " -o json"));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(planned_mesh_address(plan.out, "cp-1"), advertised);

  // Without --state the default file beside the spec is read; there is none, so addresses are
  // allocated afresh and cp-1's differs from the one recorded.
  auto without = run_command(bg("render " + spec + " -o " + tmp / "default"));
  ASSERT_EQ(without.exit_code, 0) << without.err;
  std::set<std::string> fresh = api_server_peers(tmp / "default");
  EXPECT_EQ(fresh.size(), api_server_peers(tmp / "k8s").size());
  EXPECT_EQ(fresh.count(advertised + "/32"), 0u);
  auto fresh_plan = run_command(bg("plan " + spec + " -o json"));
  ASSERT_EQ(fresh_plan.exit_code, 0) << fresh_plan.err;
  EXPECT_NE(planned_mesh_address(fresh_plan.out, "cp-1"), advertised);
  EXPECT_FALSE(std::filesystem::exists(tmp / ".betelgeuse"));  // neither command writes a state
}

TEST(StateOption, AMalformedStateFileStopsEveryCommandBeforeItWritesAnything) {
  TempDir tmp;
  std::string spec = write(tmp / "platform.yaml", testing::skeleton_spec());
  std::string state = write(tmp / "bad.json", "{\"version\": 1, \"nodes\": [");
  const std::string expected = state + ": error: " + state + ": not a JSON object;";
  const std::string kube = " --kubeconfig " + tmp / "kubeconfig";
  for (const std::string& command :
       {"plan " + spec, "plan " + spec + " -o json", "plan " + spec + kube, "render " + spec + " -o " + tmp / "out",
        "render " + spec + " -o -", "diagram " + spec + " -o " + tmp / "d.dot", "apply " + spec + kube,
        "diff " + spec + kube, "status " + spec + kube, "destroy " + spec + " --yes" + kube,
        "secrets rotate postgres-admin --spec " + spec + kube, "nodes render " + spec + " -o " + tmp / "nodes",
        "nodes apply " + spec + " --dry-run"}) {
    SCOPED_TRACE(command);
    auto r = run_command(bg(command + " --state " + state));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind(expected, 0), 0u) << r.err;
    EXPECT_NE(r.err.find("\n  hint: "), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(testing::read_file(state), "{\"version\": 1, \"nodes\": [");  // never replaced
  for (const char* written : {"out", "d.dot", "nodes", ".betelgeuse"}) EXPECT_FALSE(std::filesystem::exists(tmp / written)) << written;
}

TEST(StateOption, EveryCommandThatResolvesTheSpecTakesItWithTheSameHelp) {
  const std::string line = "The nodes state file (default .betelgeuse/nodes-state.json beside the spec)";
  for (const char* command : {"plan", "render", "diagram", "apply", "diff", "status", "destroy", "secrets rotate",
                              "nodes render", "nodes apply"}) {
    auto r = run_command(bg(std::string(command) + " --help"));
    EXPECT_EQ(r.exit_code, 0) << command;
    std::size_t at = r.out.find("  --state TEXT ");
    ASSERT_NE(at, std::string::npos) << command << "\n" << r.out;
    EXPECT_EQ(r.out.substr(r.out.find_first_not_of(' ', at + 15), line.size()), line) << command;
  }
}

}  // namespace
}  // namespace bg::cli
