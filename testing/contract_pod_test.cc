// The harness itself, with a shell standing in for an image: what a container sees (user, files
// at their mount paths, env, Service names) and how its readiness probe is run.
#include "testing/contract_pod.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/base64.h"

namespace bg::testing {
namespace {

using manifest::Json;

ClusterFacts facts() {
  ClusterFacts f;
  f.objects = {
      {{"kind", "ConfigMap"}, {"metadata", {{"name", "app-config"}, {"namespace", "ml"}}}, {"data", {{"app.yml", "listen: 8080\n"}}}},
      {{"kind", "Secret"}, {"metadata", {{"name", "app-postgres"}, {"namespace", "ml"}}},
       {"data", {{"password", base64_encode("pw-from-apply")}}}},
      {{"kind", "Service"}, {"metadata", {{"name", "postgres"}, {"namespace", "db"}}}, {"spec", {{"ports", {{{"port", 5432}}}}}}},
      {{"kind", "Service"}, {"metadata", {{"name", "mlflow"}, {"namespace", "ml"}}}, {"spec", {{"ports", {{{"port", 5000}}}}}}},
  };
  f.service_ips = allocate_service_ips(f.objects);
  return f;
}

// A StatefulSet whose container writes down what it sees into its data volume, then serves HTTP
// on 8080 (python3's http.server) once a file exists.
Json workload(const std::string& probe_path) {
  const std::string script =
      "id -u > /data/uid; id -g > /data/gid; pwd > /data/pwd; cat /etc/app/app.yml > /data/config; "
      "echo \"$PASSWORD\" > /data/password; echo \"$POSTGRES_SERVICE_HOST/$MLFLOW_SERVICE_HOST\" > /data/link; "
      "getent hosts postgres.db.svc > /data/resolved; hostname > /data/hostname; "
      "touch /etc/app/app.yml 2> /data/readonly || true; cd /data && exec python3 -m http.server 8080";
  Json c = {{"name", "app"},
            {"command", {"sh", "-c", script}},
            {"env", {{{"name", "PASSWORD"}, {"valueFrom", {{"secretKeyRef", {{"name", "app-postgres"}, {"key", "password"}}}}}}}},
            {"ports", {{{"name", "http"}, {"containerPort", 8080}}}},
            {"readinessProbe", {{"httpGet", {{"port", "http"}, {"path", probe_path}}}, {"timeoutSeconds", 2}}},
            {"securityContext", {{"runAsUser", 1001}, {"runAsGroup", 1002}, {"runAsNonRoot", true}}},
            {"volumeMounts", {{{"name", "data"}, {"mountPath", "/data"}},
                              {{"name", "config"}, {"mountPath", "/etc/app/app.yml"}, {"subPath", "app.yml"}}}}};
  return {{"kind", "StatefulSet"},
          {"metadata", {{"name", "app"}, {"namespace", "ml"}}},
          {"spec", {{"template", {{"spec", {{"automountServiceAccountToken", false},
                                            {"volumes", {{{"name", "config"}, {"configMap", {{"name", "app-config"}}}}}},
                                            {"containers", {c}}}}}}}}};
}

TEST(ContractPod, AContainerSeesWhatTheKubeletGivesItAndItsProbeIsRun) {
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  ClusterFacts f = facts();
  TempDir data;
  ContractPod pod(**net, f, workload("/uid"), {"app-0", "10.244.3.7"}, "app", {});
  Status started = pod.start({{"data", data.path()}});
  ASSERT_TRUE(started) << started.message();
  Status ready = pod.wait_ready(std::chrono::seconds(20));
  ASSERT_TRUE(ready) << ready.message();
  EXPECT_EQ(read_file(data / "uid"), "1001\n");
  EXPECT_EQ(read_file(data / "gid"), "1002\n");
  EXPECT_EQ(read_file(data / "pwd"), "/\n");
  EXPECT_EQ(read_file(data / "config"), "listen: 8080\n");
  EXPECT_EQ(read_file(data / "password"), "pw-from-apply\n");
  // Service links only for the pod's namespace.
  EXPECT_EQ(read_file(data / "link"), "/" + f.service_ips.at("ml/mlflow") + "\n");
  const std::string resolved = read_file(data / "resolved");
  EXPECT_EQ(resolved.rfind(f.service_ips.at("db/postgres") + " ", 0), 0u) << resolved;
  EXPECT_NE(resolved.find(" postgres.db.svc.cluster.local postgres.db.svc postgres.db\n"), std::string::npos) << resolved;
  EXPECT_EQ(read_file(data / "hostname"), "app-0\n");
  EXPECT_NE(read_file(data / "readonly").find("Read-only file system"), std::string::npos) << read_file(data / "readonly");

  // The probe reaches the pod at its IP in the pod network; an exec runs in the container's paths.
  EXPECT_TRUE(pod.probe_once({{"tcpSocket", {{"port", 8080}}}}));
  EXPECT_FALSE(pod.probe_once({{"tcpSocket", {{"port", 8081}}}}));
  EXPECT_TRUE(pod.probe_once({{"exec", {{"command", {"test", "-s", "/etc/app/app.yml"}}}}}));
  Status missing = pod.probe_once({{"exec", {{"command", {"test", "-e", "/etc/app/nothing"}}}}});
  EXPECT_EQ(missing.message(), "exec probe exited 1: ");
}

// A DaemonSet's container with the host's folder `host` at /host/data, its mount read-only or not.
Json host_path_daemonset(const std::string& host, bool read_only) {
  Json c = {{"name", "agent"},
            {"command", {"sh", "-c", "cat /host/data/seen; touch /host/data/written 2>&1; sleep 30"}},
            {"securityContext", {{"runAsUser", 65534}, {"runAsGroup", 65534}}},
            {"volumeMounts", {{{"name", "data"}, {"mountPath", "/host/data"}, {"readOnly", read_only}}}}};
  return {{"kind", "DaemonSet"},
          {"metadata", {{"name", "agent"}, {"namespace", "node-agents"}}},
          {"spec", {{"template", {{"spec", {{"automountServiceAccountToken", false},
                                            {"volumes", {{{"name", "data"}, {"hostPath", {{"path", host}, {"type", "Directory"}}}}}},
                                            {"containers", {c}}}}}}}}};
}

TEST(ContractPod, AReadOnlyHostPathIsTheHostsFolderAndAWritableOneIsRefused) {
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  ClusterFacts f = facts();
  TempDir host;
  std::ofstream(host / "seen") << "the host's file\n";
  ContractPod pod(**net, f, host_path_daemonset(host.path(), true), {"agent-x", "10.244.3.8"}, "agent", {});
  Status started = pod.start();
  ASSERT_TRUE(started) << started.message();
  for (int i = 0; i < 100 && pod.log().find("Read-only file system") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(pod.log().find("the host's file\n"), std::string::npos) << pod.log();
  EXPECT_NE(pod.log().find("Read-only file system"), std::string::npos) << pod.log();
  EXPECT_FALSE(std::filesystem::exists(host / "written"));

  // Writable: refused before anything runs, since a test must not write the host.
  ContractPod writable(**net, f, host_path_daemonset(host.path(), false), {"agent-y", "10.244.3.9"}, "agent", {});
  Status refused = writable.start();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.message().find("is writable: the contract harness binds the host's paths read-only only"),
            std::string::npos)
      << refused.message();
  // The volume's type is checked as the kubelet checks it.
  ContractPod missing(**net, f, host_path_daemonset(host / "nothing", true), {"agent-z", "10.244.3.10"}, "agent", {});
  Status absent = missing.start();
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.message().find("the host has no Directory there"), std::string::npos) << absent.message();
}

TEST(ContractPod, AProbeThatNeverPassesOrAProgramThatExitsFailsWithTheLog) {
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  ClusterFacts f = facts();
  ContractPod never(**net, f, workload("/no-such-file"), {"app-0", "10.244.3.8"}, "app", {});
  Status started = never.start();
  ASSERT_TRUE(started) << started.message();
  Status s = never.wait_ready(std::chrono::seconds(3));
  ASSERT_FALSE(s);
  EXPECT_NE(s.message().find("not ready after 3000 ms; last probe: GET http://10.244.3.8:8080/no-such-file: HTTP 404"),
            std::string::npos)
      << s.message();
  never.stop();

  Json exits = workload("/");
  exits["spec"]["template"]["spec"]["containers"][0]["command"] = {"sh", "-c", "echo refusing my flags >&2; exit 3"};
  ContractPod pod(**net, f, exits, {"app-1", "10.244.3.9"}, "app", {});
  started = pod.start();
  ASSERT_TRUE(started) << started.message();
  s = pod.wait_ready(std::chrono::seconds(10));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.message(), "container app exited 3 before it was ready; its log:\nrefusing my flags\n");
}

TEST(PodNetwork, ItsAddressesAreReachableOnlyInsideAndAForwarderCarriesConnectionsOut) {
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  ASSERT_TRUE((*net)->add_address("10.96.0.1"));
  // A server on the machine's loopback, reached from inside at 10.96.0.1:443.
  int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(server, 4), 0);
  getsockname(server, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  auto listener = (*net)->listen("10.96.0.1", 443);
  ASSERT_TRUE(listener) << listener.status().message();
  {
    Forwarder fwd(*listener, [port] { return connect_loopback(port); });
    auto inside = (*net)->connect("10.96.0.1", 443, std::chrono::seconds(2));
    ASSERT_TRUE(inside) << inside.status().message();
    ASSERT_EQ(write(*inside, "ping", 4), 4);
    int accepted = accept(server, nullptr, nullptr);
    ASSERT_GE(accepted, 0);
    char buf[4] = {};
    ASSERT_EQ(read(accepted, buf, 4), 4);
    EXPECT_EQ(std::string(buf, 4), "ping");
    close(accepted);
    close(*inside);
  }
  // Inside there is no route off the loopback: an address that is not one of its own is unreachable.
  auto away = (*net)->connect("10.244.200.200", 80, std::chrono::seconds(2));
  ASSERT_FALSE(away);
  EXPECT_NE(away.status().message().find("Network is unreachable"), std::string::npos) << away.status().message();
  close(server);
}

TEST(PodNetwork, AMappedServicePortReachesItsPodWhileAnotherPodHoldsThatPortOnEveryAddress) {
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  ASSERT_TRUE((*net)->add_address("10.96.0.5"));
  ASSERT_TRUE((*net)->add_address("10.244.0.9"));
  auto wildcard = (*net)->listen("0.0.0.0", 4317);  // a pod listening on 0.0.0.0:4317
  ASSERT_TRUE(wildcard) << wildcard.status().message();
  auto pod = (*net)->listen("10.244.0.9", 14317);  // the Service's pod, on another port
  ASSERT_TRUE(pod) << pod.status().message();
  Status mapped = (*net)->map_port("10.96.0.5", 4317, "10.244.0.9", 14317);
  ASSERT_TRUE(mapped) << mapped.message();
  auto inside = (*net)->connect("10.96.0.5", 4317, std::chrono::seconds(2));
  ASSERT_TRUE(inside) << inside.status().message();
  // Which listener holds the connection, without waiting on the one that has none.
  auto waiting = [](int listener) {
    pollfd p{listener, POLLIN, 0};
    return poll(&p, 1, 1000) == 1;
  };
  ASSERT_TRUE(waiting(*pod)) << "the connection to the Service's address did not reach its pod";
  EXPECT_FALSE(waiting(*wildcard)) << "the wildcard listener took the Service's connection";
  int accepted = accept(*pod, nullptr, nullptr);
  EXPECT_GE(accepted, 0);
  if (accepted >= 0) close(accepted);
  close(*inside);
  close(*pod);
  close(*wildcard);
}

}  // namespace
}  // namespace bg::testing
