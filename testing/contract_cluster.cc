#include "testing/contract_cluster.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/process.h"
#include "testing/fixtures.h"

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

ApiAnswer api_request_as(const RealCluster& cluster, const std::string& ns, const std::string& service_account,
                         const std::string& method, const std::string& path, const std::string& body,
                         const std::string& content_type) {
  std::string token = kubectl(cluster, {"-n", ns, "create", "token", service_account, "--duration=10m"});
  while (!token.empty() && token.back() == '\n') token.pop_back();
  const std::string server =
      kubectl(cluster, {"config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"});
  TempDir dir;
  std::ofstream(dir / "ca.crt") << kubectl(cluster, {"-n", ns, "get", "configmap", "kube-root-ca.crt", "-o",
                                                     "jsonpath={.data.ca\\.crt}"});
  // The token goes through a header file, never the command line.
  std::ofstream(dir / "headers") << "Authorization: Bearer " << token << "\nContent-Type: " << content_type << "\n";
  auto run = run_process({"curl", "-sS", "--cacert", dir / "ca.crt", "-H", "@" + (dir / "headers"), "-X", method,
                          "--data-binary", "@-", "-w", "\n%{http_code}", server + path},
                         body);
  if (!run) return {0, run.status().message()};
  if (run->exit_code != 0) return {0, run->err};
  const std::size_t cut = run->out.rfind('\n');
  return {std::stol(run->out.substr(cut + 1)), run->out.substr(0, cut)};
}

Result<std::unique_ptr<Forwarder>> api_server_at(PodNetwork& net, const RealCluster& cluster, const std::string& ip, int port) {
  const std::string server =
      kubectl(cluster, {"config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"});
  if (ip.empty() || server.rfind(':') == std::string::npos)
    return Status::terminal("the cluster's kubernetes Service or server address could not be read");
  const int loopback_port = std::stoi(server.substr(server.rfind(':') + 1));
  if (Status s = net.add_address(ip); !s) return s;
  auto listener = net.listen(ip, port);
  if (!listener) return listener.status();
  return std::make_unique<Forwarder>(*listener, [loopback_port] { return connect_loopback(loopback_port); });
}

Result<std::unique_ptr<Forwarder>> api_server_in(PodNetwork& net, const RealCluster& cluster, ClusterFacts& facts) {
  facts.kubernetes_service_ip = kubectl(cluster, {"get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP}"});
  return api_server_at(net, cluster, facts.kubernetes_service_ip, 443);
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
