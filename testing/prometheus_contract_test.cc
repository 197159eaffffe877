// Prometheus' contract (issue 13): the real Prometheus, at the version the render pins, built from
// Go modules (scripts/setup-contract-programs.sh), starts with exactly the rendered args and the
// rendered configuration at its mount path, answers its own readiness probe, and scrapes the
// rendered targets through the rendered Kubernetes service discovery, on the real control plane
// (scripts/real-cluster.sh): it discovers the pods of the rendered Prometheus StatefulSet and
// kube-state-metrics Deployment that the real controllers and scheduler created (kwok runs them),
// with the service-account token and RBAC of the render. Its own pod is the real program
// answering /metrics; kube-state-metrics is a stand-in serving one series at the annotated port
// and path (testing/contract/metrics_standin.py). It also finds the real API server through the
// `kubernetes` Service's EndpointSlice (at a control-plane node's address) and scrapes it over https
// with the token, and makes one kubelet and one cAdvisor target per Node (kwok's nodes serve
// nothing there). promtool accepts the rendered configuration, its `tracing` block to the
// OpenTelemetry Collector included.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_cluster.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"
#include "testing/real_cluster.h"

namespace bg::testing {
namespace {

using manifest::Json;

// quay.io/prometheus/prometheus's Dockerfile: ENTRYPOINT /bin/prometheus (here: the program the
// setup script built), CMD the default config and storage flags, WORKDIR /prometheus, USER nobody.
ContainerImage prometheus_image(const std::string& program) {
  ContainerImage image;
  image.entrypoint = {program};
  image.cmd = {"--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"};
  image.workdir = "/prometheus";
  image.user = 65534;
  return image;
}

const Json& prometheus_statefulset() { return example_object("apps", "StatefulSet", "observability", "prometheus"); }

std::string rendered_image() { return (*pod_template(prometheus_statefulset()))["spec"]["containers"][0]["image"]; }

// The rendered objects a Prometheus on a cluster needs, as apply would send them: the
// observability namespace (Pod Security restricted), the storage class, and everything of the
// prometheus and kube-state-metrics components (RBAC, service accounts, services, workloads,
// volumes).
Json objects_for_the_cluster() {
  Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
  for (const manifest::Object& o : example_render().objects.objects()) {
    const bool wanted = o.from.component == "prometheus" || o.from.component == "kube-state-metrics" ||
                        o.kind() == "StorageClass" || (o.kind() == "Namespace" && o.name() == "observability");
    if (wanted && o.kind() != "NetworkPolicy") list["items"].push_back(o.body);
  }
  return list;
}

TEST(PrometheusContract, TheProgramIsTheVersionTheRenderPins) {
  const std::string pinned = contract_version("PROMETHEUS_VERSION");
  EXPECT_EQ(rendered_image(), "quay.io/prometheus/prometheus:" + pinned)
      << "catalog/prometheus.yaml and testing/contract/versions.env must name the same release";
  auto program = contract_program("prometheus", "PROMETHEUS_VERSION", "prometheus");
  ASSERT_TRUE(program) << program.status().message();
  auto run = run_process({*program, "--version"});
  ASSERT_TRUE(run && run->exit_code == 0);
  EXPECT_NE((run->out + run->err).find("prometheus, version " + pinned.substr(1) + " "), std::string::npos)
      << run->out << run->err;
}

TEST(PrometheusContract, PromtoolAcceptsTheRenderedConfigurationAtItsMountPath) {
  auto prometheus = contract_program("prometheus", "PROMETHEUS_VERSION", "prometheus");
  auto promtool = contract_program("prometheus", "PROMETHEUS_VERSION", "promtool");
  ASSERT_TRUE(prometheus && promtool) << prometheus.status().message() << promtool.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  // The pod automounts its service account's token and the cluster's CA, which the jobs for the
  // kubelets and the API server name: promtool checks that those files exist, not what they hold.
  facts->service_accounts["observability/prometheus"] = {"unused-token", "unused-ca"};
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  // promtool checks the file as the container sees it, in the container's sandbox; the server
  // itself is not started here (that needs an API server: the test below).
  ContainerImage image = prometheus_image(*prometheus);
  image.entrypoint = {"sleep", "infinity"};
  PodPlacement placement{"prometheus-0", "10.244.0.10"};
  ContractPod pod(**net, *facts, prometheus_statefulset(), placement, "prometheus", image);
  Status started = pod.start();
  ASSERT_TRUE(started) << started.message();
  auto check = pod.exec({*promtool, "check", "config", "/etc/prometheus/prometheus.yml"}, std::chrono::seconds(30));
  ASSERT_TRUE(check) << check.status().message();
  EXPECT_EQ(check->exit_code, 0) << check->out;
  EXPECT_NE(check->out.find("SUCCESS: /etc/prometheus/prometheus.yml is valid prometheus config file syntax"),
            std::string::npos)
      << check->out;

  // The configuration it accepts sends Prometheus' own traces to the collector (the `tracing`
  // block, issue 14), and promtool does check that block: the same file with a client type
  // Prometheus lacks is refused.
  const std::string config = example_object("", "ConfigMap", "observability", "prometheus-config")["data"]["prometheus.yml"];
  const std::string client = "client_type: grpc\n", endpoint = "endpoint: otel-collector.observability.svc:4317\n";
  ASSERT_NE(config.find("tracing:\n"), std::string::npos) << config;
  ASSERT_NE(config.find(client), std::string::npos) << config;
  EXPECT_NE(config.find(endpoint), std::string::npos) << config;
  TempDir dir;
  std::string wrong = config;
  wrong.replace(wrong.find(client), client.size(), "client_type: carrier-pigeon\n");
  std::ofstream(dir / "prometheus.yml") << wrong;
  auto refused = run_process({*promtool, "check", "config", dir / "prometheus.yml"});
  ASSERT_TRUE(refused) << refused.status().message();
  EXPECT_NE(refused->exit_code, 0) << refused->out << refused->err;
  EXPECT_NE((refused->out + refused->err).find("carrier-pigeon"), std::string::npos) << refused->out << refused->err;
}

TEST(PrometheusContract, StartsWithTheRenderedFlagsAndScrapesRenderedTargetsOnTheRealControlPlane) {
  auto program = contract_program("prometheus", "PROMETHEUS_VERSION", "prometheus");
  ASSERT_TRUE(program) << program.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();

  RealCluster cluster(source_path("examples/betelgeusebytes.yaml"));
  ASSERT_TRUE(cluster.ok());
  kubectl(cluster, {"apply", "--server-side", "-f", "-"}, objects_for_the_cluster().dump());
  // The pods as the real scheduler placed them and kwok started them: polled until both are
  // Running with an IP, because `kubectl wait -l` answers at once while the controllers have made
  // no pod yet, and a pod the ReplicaSet makes later has no IP for a while.
  auto running = [](const Json& p) {
    const Json& status = p.value("status", Json::object());
    return status.value("phase", "") == "Running" && !status.value("podIP", "").empty() &&
           p.value("spec", Json::object()).value("nodeName", "") != "";
  };
  auto get_pods = [&] {
    std::map<std::string, Json> by_name;
    Json list = Json::parse(kubectl(cluster, {"-n", "observability", "get", "pods", "-o", "json"}), nullptr, false);
    if (list.is_object())
      for (const Json& p : list.value("items", Json::array()))
        if (running(p)) by_name[p["metadata"].value("name", "")] = p;
    return by_name;
  };
  auto ksm_of = [](const std::map<std::string, Json>& by_name) {
    for (auto& [name, p] : by_name)
      if (name.rfind("kube-state-metrics-", 0) == 0) return p;
    return Json();
  };
  std::map<std::string, Json> by_name = poll_until(120, get_pods, [&](const std::map<std::string, Json>& pods) {
    return pods.count("prometheus-0") && ksm_of(pods).is_object();
  });
  ASSERT_TRUE(by_name.count("prometheus-0")) << "prometheus-0 is not Running with an IP after 120 s";
  const Json& prom_pod = by_name["prometheus-0"];
  const Json ksm_pod = ksm_of(by_name);
  ASSERT_TRUE(ksm_pod.is_object()) << "no kube-state-metrics pod is Running with an IP after 120 s";

  // What the kubelet would give the container: the real token of its service account, the
  // cluster's CA from kube-root-ca.crt; and the API server at the `kubernetes` Service's address.
  issue_token(cluster, *facts, "observability", "prometheus");
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  auto api_server = api_server_in(**net, cluster, *facts);
  ASSERT_TRUE(api_server) << api_server.status().message();
  // The `kubernetes` Service's EndpointSlice, as the API server's endpoint reconciler writes it (the
  // test cluster runs without one): the control-plane node's advertised address — kubeadm's
  // advertiseAddress, its mesh address — on 6443, where the API server answers in the pod network.
  const std::string control_plane = "10.77.0.1";
  kubectl(cluster, {"apply", "--server-side", "-f", "-"}, Json({{"apiVersion", "discovery.k8s.io/v1"}, {"kind", "EndpointSlice"},
      {"metadata", {{"name", "kubernetes"}, {"namespace", "default"}, {"labels", {{"kubernetes.io/service-name", "kubernetes"}}}}},
      {"addressType", "IPv4"},
      {"endpoints", Json::array({{{"addresses", Json::array({control_plane})}, {"conditions", {{"ready", true}}}}})},
      {"ports", Json::array({{{"name", "https"}, {"port", 6443}, {"protocol", "TCP"}}})}}).dump());
  auto api_at_node = api_server_at(**net, cluster, control_plane, 6443);
  ASSERT_TRUE(api_at_node) << api_at_node.status().message();

  // kube-state-metrics' stand-in at its pod's IP, annotated port and path, serving a series about
  // another pod, as kube-state-metrics does.
  const Json& ksm_annotations = ksm_pod.at("metadata").at("annotations");
  const std::string ksm_ip = ksm_pod.at("status").at("podIP");
  TempDir standin_dir;
  std::ofstream(standin_dir / "metrics") << "# TYPE kube_pod_info gauge\n"
                                            "kube_pod_info{namespace=\"contract\",pod=\"described-pod\"} 1\n";
  ASSERT_TRUE((*net)->add_address(ksm_ip));
  std::vector<std::string> standin_argv = (*net)->enter();
  for (const std::string& a : {std::string("python3"), source_path("testing/contract/metrics_standin.py"), ksm_ip,
                               ksm_annotations.at("prometheus.io/port").get<std::string>(),
                               ksm_annotations.at("prometheus.io/path").get<std::string>(), standin_dir / "metrics"})
    standin_argv.push_back(a);
  BackgroundProcess standin;
  ASSERT_TRUE(standin.start(standin_argv, standin_dir / "log"));

  PodPlacement placement{"prometheus-0", prom_pod.at("status").at("podIP")};
  placement.pod_uid = prom_pod.at("metadata").at("uid");
  placement.node_name = prom_pod.at("spec").at("nodeName");
  placement.host_ip = prom_pod["status"].value("hostIP", "127.0.0.1");
  ContractPod prometheus(**net, *facts, prometheus_statefulset(), placement, "prometheus", prometheus_image(*program));
  Status started = prometheus.start();
  ASSERT_TRUE(started) << started.message();

  // Exactly the rendered args after the entrypoint: nothing added, nothing rewritten.
  std::vector<std::string> expected = {*program};
  const Json tmpl = *pod_template(prometheus_statefulset());
  for (const Json& a : tmpl["spec"]["containers"][0]["args"]) expected.push_back(a);
  EXPECT_EQ(prometheus.argv(), expected);

  Status ready = prometheus.wait_ready(std::chrono::seconds(60));
  ASSERT_TRUE(ready) << ready.message();

  // Both rendered jobs find their target through Kubernetes discovery and scrape it.
  const std::string api = "http://" + placement.pod_ip + ":9090/api/v1/";
  auto targets = [&] {
    auto answer = (*net)->http_get(api + "targets?state=active", std::chrono::seconds(5));
    return answer ? Json::parse(answer->body, nullptr, false) : Json();
  };
  auto up = [&](const Json& t, const std::string& job, const std::string& address) {
    // value(), never a const operator[]: a key an answer lacks is then a miss, not undefined behaviour.
    for (const Json& target : t.value("data", Json::object()).value("activeTargets", Json::array()))
      if (target.value("labels", Json::object()).value("job", "") == job &&
          target.value("discoveredLabels", Json::object()).value("__address__", "") != "" &&
          target.value("scrapeUrl", "").find(address) != std::string::npos && target.value("health", "") == "up")
        return true;
    return false;
  };
  const std::string self = placement.pod_ip + ":9090";
  const std::string ksm = ksm_ip + ":" + ksm_annotations.at("prometheus.io/port").get<std::string>();
  const std::string apiserver = control_plane + ":6443";
  Json seen = poll_until(120, targets, [&](const Json& t) {
    return t.is_object() && t.contains("data") && up(t, "pods", self) && up(t, "kube-state-metrics", ksm) &&
           up(t, "kubernetes-apiservers", apiserver);
  });
  ASSERT_TRUE(seen.is_object() && seen.contains("data")) << "no answer from /api/v1/targets; Prometheus' log:\n" << prometheus.log();
  EXPECT_TRUE(up(seen, "pods", self)) << seen.dump(1) << "\nPrometheus' log:\n" << prometheus.log();
  EXPECT_TRUE(up(seen, "kube-state-metrics", ksm)) << seen.dump(1) << "\nstand-in's log:\n" << standin.log();
  // The real API server, found through the kubernetes Service's EndpointSlice and scraped over
  // https with the real token (its ClusterRole's /metrics), its certificate verified by the
  // cluster's CA under the name `kubernetes`.
  EXPECT_TRUE(up(seen, "kubernetes-apiservers", apiserver)) << seen.dump(1) << "\nPrometheus' log:\n" << prometheus.log();
  // Targets per job: one each for the pods job (it drops kube-state-metrics) and kube-state-metrics
  // (it keeps only that); one per Node for the kubelet and cAdvisor (kwok's nodes serve nothing
  // there, so they are discovered, not up); none for Cilium and Hubble (no Cilium here).
  std::map<std::string, std::size_t> per_job;
  for (const Json& target : seen["data"]["activeTargets"]) ++per_job[target["labels"].value("job", "")];
  Json nodes = Json::parse(kubectl(cluster, {"get", "nodes", "-o", "json"}), nullptr, false);
  ASSERT_TRUE(nodes.is_object());
  const std::size_t node_count = nodes["items"].size();
  ASSERT_GT(node_count, 0u);
  EXPECT_EQ(per_job, (std::map<std::string, std::size_t>{{"pods", 1}, {"kube-state-metrics", 1}, {"kubernetes-apiservers", 1},
                                                         {"kubelet", node_count}, {"cadvisor", node_count}}))
      << seen.dump(1);
  for (const Json& target : seen["data"]["activeTargets"]) {
    const std::string job = target["labels"].value("job", "");
    if (job != "kubelet" && job != "cadvisor") continue;
    EXPECT_EQ(target.value("scrapeUrl", "").rfind("https://", 0), 0u) << target.dump(1);
    EXPECT_NE(target.value("scrapeUrl", "").find(job == "kubelet" ? "/metrics" : "/metrics/cadvisor"), std::string::npos);
    EXPECT_NE(target["labels"].value("node", ""), "") << target.dump(1);
  }

  // The relabelling the render states, as stored series show it.
  auto query = [&](const std::string& q) {
    auto answer = (*net)->http_get(api + "query?query=" + q, std::chrono::seconds(5));
    Json j = answer ? Json::parse(answer->body, nullptr, false) : Json();
    return j.is_object() ? j["data"]["result"] : Json::array();
  };
  Json self_up = query("up%7Bjob%3D%22pods%22%7D");  // up{job="pods"}
  ASSERT_EQ(self_up.size(), 1u) << self_up.dump(1);
  EXPECT_EQ(self_up[0]["value"][1], "1");
  const Json& labels = self_up[0]["metric"];
  EXPECT_EQ(labels.value("namespace", ""), "observability");
  EXPECT_EQ(labels.value("pod", ""), "prometheus-0");
  EXPECT_EQ(labels.value("component", ""), "prometheus");
  EXPECT_EQ(labels.value("node", ""), placement.node_name);
  // honor_labels: kube-state-metrics' namespace and pod labels name what it describes.
  Json info = query("kube_pod_info");
  ASSERT_EQ(info.size(), 1u) << info.dump(1);
  EXPECT_EQ(info[0]["metric"].value("namespace", ""), "contract");
  EXPECT_EQ(info[0]["metric"].value("pod", ""), "described-pod");
  EXPECT_EQ(info[0]["metric"].value("component", ""), "kube-state-metrics");
  EXPECT_FALSE(info[0]["metric"].contains("exported_namespace"));
  // The API server's own series, as its /metrics serves them to the service account.
  Json requests = query("apiserver_request_total");
  EXPECT_FALSE(requests.empty()) << "no apiserver_request_total stored";
  for (const Json& series : requests) EXPECT_EQ(series["metric"].value("job", ""), "kubernetes-apiservers");

  EXPECT_TRUE(prometheus.running()) << prometheus.how_it_ended() << "\n" << prometheus.log();
}

}  // namespace
}  // namespace bg::testing
