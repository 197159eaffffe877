#include "testing/real_cluster.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "common/base64.h"
#include "common/process.h"

namespace bg::testing {

std::string real_cluster_script() { return source_path("scripts/real-cluster.sh"); }

RealCluster::RealCluster(const std::string& spec) {
  dir_ = parent_ / "cluster";
  std::vector<std::string> argv = {"bash", real_cluster_script(), "up", dir_};
  if (!spec.empty()) {
    argv.push_back("--spec");
    argv.push_back(spec);
  }
  auto run = run_process(argv);
  if (!run || run->exit_code != 0) {
    error_ = run ? "real-cluster.sh up exited " + std::to_string(run->exit_code) + ":\n" + run->err
                 : run.status().message();
    for (const char* c : {"kube-apiserver", "kube-controller-manager", "kwok"}) error_ += log_tail(c, 15);
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
  const std::string pki = dir_ + "/pki", base = dir_ + "/user-" + user;
  std::ofstream(base + ".ext") << "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n";
  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{"openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", base + ".key"},
        {"openssl", "req", "-new", "-key", base + ".key", "-subj", "/CN=" + user, "-out", base + ".csr"},
        {"openssl", "x509", "-req", "-in", base + ".csr", "-CA", pki + "/ca.crt", "-CAkey", pki + "/ca.key",
         "-CAcreateserial", "-CAserial", base + ".srl", "-days", "1", "-extfile", base + ".ext", "-out", base + ".crt"}}) {
    auto run = run_process(argv);
    if (!run || run->exit_code != 0) {
      ADD_FAILURE() << argv[1] << " for the user " << user << " failed: " << (run ? run->err : run.status().message());
      return {};
    }
  }
  std::string text = read_file(kubeconfig_);
  text = std::regex_replace(text, std::regex("client-certificate-data: .*"),
                            "client-certificate-data: " + base64_encode(read_file(base + ".crt")));
  text = std::regex_replace(text, std::regex("client-key-data: .*"), "client-key-data: " + base64_encode(read_file(base + ".key")));
  text = std::regex_replace(text, std::regex("- name: admin\n"), "- name: " + user + "\n");
  text = std::regex_replace(text, std::regex("user: admin,"), "user: " + user + ",");
  std::ofstream(base + ".kubeconfig") << text;
  return base + ".kubeconfig";
}

}  // namespace bg::testing
