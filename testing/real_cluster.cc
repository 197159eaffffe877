#include "testing/real_cluster.h"

#include <gtest/gtest.h>

#include "common/process.h"

namespace bg::testing {

std::string real_cluster_script() { return source_path("scripts/real-cluster.sh"); }

RealCluster::RealCluster(const std::string& spec, StandIns stand_ins) {
  dir_ = parent_ / "cluster";
  std::vector<std::string> argv = {"bash", real_cluster_script(), "up", dir_};
  if (stand_ins == StandIns::kOff) argv.push_back("--no-stand-ins");
  if (!spec.empty()) {
    argv.push_back("--spec");
    argv.push_back(spec);
  }
  auto run = run_process(argv);
  if (!run || run->exit_code != 0) {
    error_ = run ? "real-cluster.sh up exited " + std::to_string(run->exit_code) + ":\n" + run->err
                 : run.status().message();
    for (const char* c : {"kube-apiserver", "kube-controller-manager", "kwok", "stand-ins"}) error_ += log_tail(c, 15);
    ADD_FAILURE() << error_;
    return;
  }
  std::string out = run->out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  kubeconfig_ = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
}

RealCluster::~RealCluster() {
  auto run = run_process({"bash", real_cluster_script(), "down", dir_});
  if (!run || run->exit_code != 0) ADD_FAILURE() << "real-cluster.sh down failed: " << (run ? run->err : run.status().message());
}

std::string RealCluster::log_tail(const std::string& component, int lines) const {
  auto run = run_process({"tail", "-n", std::to_string(lines), dir_ + "/logs/" + component + ".log"});
  if (!run || run->exit_code != 0) return {};
  return "\n--- " + component + " log ---\n" + run->out;
}

std::string RealCluster::user_kubeconfig(const std::string& user) const {
  auto run = run_process({"bash", real_cluster_script(), "user", dir_, user});
  if (!run || run->exit_code != 0) {
    ADD_FAILURE() << "real-cluster.sh user " << user << " failed: " << (run ? run->err : run.status().message());
    return {};
  }
  std::string out = run->out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
}

}  // namespace bg::testing
