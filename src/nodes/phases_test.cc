#include "nodes/phases.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "nodes/executor.h"
#include "testing/fake_remote_host.h"
#include "testing/nodes_plan.h"

namespace bg::nodes {
namespace {

std::vector<std::string> secrets_of(const Plan& p) {
  std::vector<std::string> out = {p.bootstrap_token.reveal(), p.certificate_key.reveal(), p.ca_key_pem.reveal()};
  // The token's secret half alone, and the CA key's body.
  out.push_back(p.bootstrap_token.reveal().substr(7));
  for (const NodePlan& n : p.nodes) out.push_back(n.private_key.reveal());
  return out;
}

TEST(Phases, RunInTheDocumentedOrder) {
  std::vector<std::string> names;
  for (const Phase& p : apply_phases()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"facts", "validate", "prepare", "mesh", "kubeadm", "cilium", "labels"}));
}

TEST(Phases, NoSecretEverAppearsInAStepsNameCheckOrCommand) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::vector<Step> steps = steps_of(apply_phases(), f.plan);
  std::ostringstream dry;
  std::vector<Target> targets;
  for (const NodePlan& n : f.plan.nodes) targets.push_back({n.name, n.public_address, 22, "root"});
  print_dry_run(targets, steps, dry);
  for (const std::string& secret : secrets_of(f.plan)) {
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(dry.str().find(secret), std::string::npos);
  }
  // ... while the uploads do carry them where the machines need them.
  std::set<std::string> uploads;
  for (const Step& s : steps)
    if (s.upload) uploads.insert(s.host + ":" + s.upload->path);
  for (const char* want : {"cp-1:/etc/wireguard/wg0.conf", "gpu-1:/etc/wireguard/wg0.conf", "cp-1:/etc/kubernetes/pki/ca.key",
                           "cp-1:/etc/betelgeuse/kubeadm-init.yaml", "worker-1:/etc/betelgeuse/kubeadm-join.yaml",
                           "cp-1:/etc/betelgeuse/bootstrap-token", "cp-1:/etc/betelgeuse/cilium-values.yaml"})
    EXPECT_EQ(uploads.count(want), 1u) << want;
  for (const Step& s : steps) {
    if (s.upload && s.upload->content.find("PrivateKey") != std::string::npos) {
      EXPECT_EQ(s.upload->mode, 0600);
    }
  }
}

TEST(Phases, EveryStepRunsOnANodeOfThePlan) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  for (const Step& s : steps_of(apply_phases(), f.plan)) {
    EXPECT_NE(f.plan.find(s.host), nullptr) << s.phase << ": " << s.name;
    EXPECT_FALSE(s.command.empty() && !s.upload) << s.phase << ": " << s.name;
  }
}

TEST(Phases, ClusterWideStepsRunOnTheApiHost) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  for (auto fn : {cilium_steps, label_steps})
    for (const Step& s : fn(f.plan)) EXPECT_EQ(s.host, "cp-1") << s.name;
  std::vector<std::string> kubeadm;
  for (const Step& s : kubeadm_steps(f.plan)) kubeadm.push_back(s.host + " " + s.name);
  EXPECT_EQ(kubeadm, (std::vector<std::string>{
                         "cp-1 cluster CA unchanged", "cp-1 cluster CA certificate", "cp-1 cluster CA key",
                         "cp-1 kubeadm-init.yaml", "cp-1 kubeadm init", "cp-1 bootstrap token file",
                         "cp-1 bootstrap token " + token_id(f.plan.bootstrap_token) + " valid",
                         "worker-1 kubeadm-join.yaml", "worker-1 kubeadm join", "worker-2 kubeadm-join.yaml",
                         "worker-2 kubeadm join", "gpu-1 kubeadm-join.yaml", "gpu-1 kubeadm join",
                         "cp-1 pod CIDR of cp-1 10.244.0.0/24", "cp-1 pod CIDR of worker-1 10.244.1.0/24",
                         "cp-1 pod CIDR of worker-2 10.244.2.0/24", "cp-1 pod CIDR of gpu-1 10.244.3.0/24"}));
}

TEST(Phases, GpuAndStorageStepsGoWhereTheyBelong) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::vector<Step> prepare = prepare_steps(f.plan);
  std::set<std::string> toolkit, folders;
  for (const Step& s : prepare) {
    if (s.name == "NVIDIA container toolkit") toolkit.insert(s.host);
    if (s.name == "local volume folders") {
      folders.insert(s.host);
      if (s.host == "worker-1") {
        EXPECT_EQ(s.command, "mkdir -p '/mnt/ssd/db/postgres' && chmod 0700 '/mnt/ssd/db/postgres'");
      }
    }
  }
  EXPECT_EQ(toolkit, std::set<std::string>{"gpu-1"});
  EXPECT_EQ(folders, (std::set<std::string>{"worker-1", "worker-2"}));
  std::set<std::string> driver;
  for (const Step& s : validate_steps(f.plan))
    if (s.name == "NVIDIA driver") driver.insert(s.host);
  EXPECT_EQ(driver, std::set<std::string>{"gpu-1"});
  std::vector<std::string> labels;
  for (const Step& s : label_steps(f.plan)) labels.push_back(s.name);
  EXPECT_EQ(labels, (std::vector<std::string>{"labels of cp-1", "labels of worker-1", "labels of worker-2", "labels of gpu-1",
                                              "taint nvidia.com/gpu=present:NoSchedule on gpu-1", "RuntimeClass nvidia file",
                                              "RuntimeClass nvidia"}));
}

TEST(Phases, ValidationFailuresExplainThemselves) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  testing::FakeWorld w;
  w.rules.push_back({"test -d '/mnt/ssd'", {1, "", ""}});
  w.rules.push_back({"/mnt/ssd does not exist", {1, "", "ssdPath /mnt/ssd does not exist: mount the SSD there first\n"}});
  testing::FakeConnector c(w);
  std::vector<Target> targets;
  for (const NodePlan& n : f.plan.nodes) targets.push_back({n.name, n.public_address, 22, "root"});
  std::ostringstream progress;
  ExecuteSummary s = execute(c, targets, steps_of(apply_phases(), f.plan), progress);
  ASSERT_TRUE(s.failure);
  EXPECT_EQ(s.failure->str(),
            "host worker-1, step \"validate: SSD mounted\": exit status 1: ssdPath /mnt/ssd does not exist: mount the SSD "
            "there first");
  EXPECT_EQ(progress.str().find("prepare:"), std::string::npos);  // nothing was changed on any machine
}

TEST(Phases, AGatewayApiPlatformInstallsTheCrdsBeforeCilium) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  f.plan.gateway_api = true;
  std::vector<std::string> names;
  for (const Step& s : cilium_steps(f.plan)) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"helm v3.18.4", "Gateway API CRDs v1.6.1", "cilium-values.yaml", "cilium 1.20.1",
                                             "cilium agents ready"}));
}

}  // namespace
}  // namespace bg::nodes
