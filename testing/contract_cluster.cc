#include "testing/contract_cluster.h"

#include <gtest/gtest.h>

#include "common/process.h"

namespace bg::testing {

std::string kubectl(const RealCluster& cluster, std::vector<std::string> args, const std::string& in) {
  args.insert(args.begin(), {"kubectl", "--kubeconfig", cluster.kubeconfig()});
  auto run = run_process(args, in);
  if (!run || run->exit_code != 0) {
    std::string line;
    for (const std::string& a : args) line += a + " ";
    ADD_FAILURE() << line << "failed: " << (run ? run->err : run.status().message());
    return {};
  }
  return run->out;
}

KubectlRun kubectl_as(const RealCluster& cluster, const std::string& ns, const std::string& service_account,
                      std::vector<std::string> args, const std::string& in) {
  args.insert(args.begin(), {"kubectl", "--kubeconfig", cluster.kubeconfig(),
                             "--as=system:serviceaccount:" + ns + ":" + service_account,
                             "--as-group=system:serviceaccounts", "--as-group=system:serviceaccounts:" + ns});
  auto run = run_process(args, in);
  if (!run) return {-1, run.status().message()};
  return {run->exit_code, run->out + run->err};
}

Result<std::unique_ptr<Forwarder>> api_server_in(PodNetwork& net, const RealCluster& cluster, ClusterFacts& facts) {
  facts.kubernetes_service_ip = kubectl(cluster, {"get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP}"});
  const std::string server =
      kubectl(cluster, {"config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"});
  if (facts.kubernetes_service_ip.empty() || server.rfind(':') == std::string::npos)
    return Status::terminal("the cluster's kubernetes Service or server address could not be read");
  const int port = std::stoi(server.substr(server.rfind(':') + 1));
  if (Status s = net.add_address(facts.kubernetes_service_ip); !s) return s;
  auto listener = net.listen(facts.kubernetes_service_ip, 443);
  if (!listener) return listener.status();
  return std::make_unique<Forwarder>(*listener, [port] { return connect_loopback(port); });
}

void issue_token(const RealCluster& cluster, ClusterFacts& facts, const std::string& ns,
                 const std::string& service_account) {
  ServiceAccountFiles files{
      kubectl(cluster, {"-n", ns, "create", "token", service_account, "--duration=1h"}),
      kubectl(cluster, {"-n", ns, "get", "configmap", "kube-root-ca.crt", "-o", "jsonpath={.data.ca\\.crt}"})};
  while (!files.token.empty() && files.token.back() == '\n') files.token.pop_back();
  facts.service_accounts[ns + "/" + service_account] = std::move(files);
}

}  // namespace bg::testing
