// kube-state-metrics' contract (issue 13): the real kube-state-metrics at the release the render
// pins (Go modules, scripts/setup-contract-programs.sh), run as the kubelet would run its rendered
// container — the image's entrypoint with its fixed args, then exactly the rendered args, the real
// token of its rendered service account, so the real RBAC authorizer judges the rendered
// ClusterRole — against the real control plane (scripts/real-cluster.sh) with the example's nodes
// and its own rendered objects applied. Its job: serve the cluster's state as series on its metrics
// port, every resource it watches by default listed without a refusal.
#include <gtest/gtest.h>

#include "common/process.h"
#include "k8s/json_view.h"
#include "testing/applied_objects.h"
#include "testing/contract_cluster.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"
#include "testing/process_memory.h"

namespace bg::testing {
namespace {

using k8s::JsonView;
using manifest::Json;

constexpr const char* kNamespace = "observability";

const Json& ksm_deployment() { return example_object("apps", "Deployment", kNamespace, "kube-state-metrics"); }
Json ksm_container() { return (*pod_template(ksm_deployment()))["spec"]["containers"][0]; }

Result<std::string> program() {
  return contract_program("kube-state-metrics", "KUBE_STATE_METRICS_VERSION", "kube-state-metrics");
}

// What apply would send for kube-state-metrics: its namespace and its own objects (RBAC, service
// account, Service, Deployment, policies).
Json objects_for_the_cluster(const ClusterFacts& facts) {
  Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
  for (const Json& o : facts.objects) {
    const bool ours = JsonView(o)["metadata"]["labels"]["app.kubernetes.io/name"].str() == "kube-state-metrics";
    if (ours || (o["kind"] == "Namespace" && o["metadata"]["name"] == kNamespace)) list["items"].push_back(o);
  }
  return list;
}

TEST(KubeStateMetricsContract, TheProgramIsTheReleaseTheRenderPins) {
  const std::string pinned = contract_version("KUBE_STATE_METRICS_VERSION");
  EXPECT_EQ(ksm_container()["image"], "registry.k8s.io/kube-state-metrics/kube-state-metrics:" + pinned)
      << "catalog/kube-state-metrics.yaml and testing/contract/versions.env must name the same release";
  auto path = program();
  ASSERT_TRUE(path) << path.status().message();
  auto run = run_process({"go", "version", "-m", *path});
  ASSERT_TRUE(run && run->exit_code == 0);
  EXPECT_NE(run->out.find("k8s.io/kube-state-metrics/v2\t" + pinned), std::string::npos) << run->out;
}

TEST(KubeStateMetricsContract, ItServesTheClusterStateWithItsRenderedRbacOnTheRealControlPlane) {
  auto path = program();
  ASSERT_TRUE(path) << path.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  RealCluster cluster(source_path("examples/betelgeusebytes.yaml"));
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  kubectl(cluster, {"apply", "--server-side", "-f", "-"}, objects_for_the_cluster(*facts).dump());

  // Its pod as the scheduler placed it and kwok runs it (polled: Running with an IP).
  auto pod_of = [&] {
    Json pods = Json::parse(kubectl(cluster, {"-n", kNamespace, "get", "pods", "-l",
                                              "app.kubernetes.io/name=kube-state-metrics", "-o", "json"}),
                            nullptr, false);
    for (JsonView p : JsonView(pods)["items"].items())
      if (p["status"]["phase"].str() == "Running" && !p["status"]["podIP"].str().empty()) return p.copy();
    return Json();
  };
  Json pod = poll_until(120, pod_of, [](const Json& p) { return p.is_object(); });
  ASSERT_TRUE(pod.is_object()) << "no kube-state-metrics pod is Running with an IP after 120 s";
  PodPlacement placement{pod.at("metadata").at("name"), pod.at("status").at("podIP")};
  placement.pod_uid = pod.at("metadata").at("uid");
  placement.node_name = pod.at("spec").at("nodeName");
  placement.host_ip = pod["status"].value("hostIP", "127.0.0.1");

  issue_token(cluster, *facts, kNamespace, JsonView(*pod_template(ksm_deployment()))["spec"]["serviceAccountName"].str());
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  auto api_server = api_server_in(**net, cluster, *facts);
  ASSERT_TRUE(api_server) << api_server.status().message();

  // registry.k8s.io/kube-state-metrics/kube-state-metrics (its Dockerfile): ENTRYPOINT
  // ["/kube-state-metrics", "--port=8080", "--telemetry-port=8081"], USER nobody (65534).
  ContainerImage image;
  image.entrypoint = {*path, "--port=8080", "--telemetry-port=8081"};
  image.user = 65534;
  ContractPod ksm(**net, *facts, ksm_deployment(), placement, "kube-state-metrics", image);
  Status started = ksm.start();
  ASSERT_TRUE(started) << started.message();
  std::vector<std::string> expected = image.entrypoint;
  const Json container = ksm_container();
  for (const Json& a : container["args"]) expected.push_back(a);
  EXPECT_EQ(ksm.argv(), expected) << "the entrypoint's args, then exactly the rendered args";
  Status ready = ksm.wait_ready(std::chrono::seconds(60));
  ASSERT_TRUE(ready) << ready.message() << "\nits log:\n" << ksm.log();

  // The cluster's state on the rendered metrics port: its own pod, Deployment and Service, and
  // every Node of the example's cluster.
  const std::string url = "http://" + placement.pod_ip + ":8080/metrics";
  const std::string own_pod = "kube_pod_info{namespace=\"observability\",pod=\"" + placement.pod_name + "\"";
  auto metrics = [&] {
    auto answer = (*net)->http_get(url, std::chrono::seconds(10));
    return answer && answer->status == 200 ? answer->body : std::string();
  };
  // Polled until every piece is there: its informers fill one kind at a time, so its own pod can
  // be served before its Service is.
  const std::string deployment =
      "kube_deployment_spec_replicas{namespace=\"observability\",deployment=\"kube-state-metrics\"}";
  const std::string service = "kube_service_info{namespace=\"observability\",service=\"kube-state-metrics\"";
  Json nodes = Json::parse(kubectl(cluster, {"get", "nodes", "-o", "json"}), nullptr, false);
  ASSERT_FALSE(JsonView(nodes)["items"].items().empty());
  auto all_there = [&](const std::string& b) {
    bool yes = b.find(own_pod) != std::string::npos && b.find(deployment) != std::string::npos &&
               b.find(service) != std::string::npos;
    for (JsonView n : JsonView(nodes)["items"].items())
      yes = yes && b.find("kube_node_info{node=\"" + n["metadata"]["name"].str() + "\"") != std::string::npos;
    return yes;
  };
  std::string body = poll_until(90, metrics, all_there);
  EXPECT_NE(body.find(own_pod), std::string::npos) << body.substr(0, 2000) << "\nits log:\n" << ksm.log();
  EXPECT_NE(body.find(deployment), std::string::npos);
  EXPECT_NE(body.find(service), std::string::npos);
  for (JsonView n : JsonView(nodes)["items"].items())
    EXPECT_NE(body.find("kube_node_info{node=\"" + n["metadata"]["name"].str() + "\""), std::string::npos)
        << n["metadata"]["name"].str();

  // Every resource it watches by default was listed: the rendered ClusterRole refused none.
  EXPECT_EQ(ksm.log().find("forbidden"), std::string::npos) << ksm.log();

  auto limit = memory_quantity_bytes(container["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = ksm.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "kube-state-metrics holds " << (*in_use >> 20) << " MiB, over the limit of "
                             << (*limit >> 20) << " MiB";
  RecordProperty("memory_mib", std::to_string(*in_use >> 20));
  EXPECT_TRUE(ksm.running()) << ksm.how_it_ended() << "\n" << ksm.log();
}

}  // namespace
}  // namespace bg::testing
