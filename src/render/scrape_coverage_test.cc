// What Prometheus scrapes in the example (issue 14, "Prometheus coverage"): beyond the annotated
// pods and kube-state-metrics, the kubelet and cAdvisor of every node, the API server, Cilium's
// agent and operator and Hubble (the node render turns their metrics on, src/nodes/cilium.cc), and
// MLflow. Each job is reachable (the NetworkPolicies open the nodes' addresses on exactly those
// ports) and allowed (the ClusterRole grants what its discovery and scrape need, nothing more).
// testing/prometheus_contract_test.cc runs promtool and the real Prometheus on this configuration.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "testing/example_render.h"
#include "yaml/loader.h"

namespace bg::render {
namespace {

using manifest::Json;
using testing::example_object;

// The rendered prometheus.yml's scrape jobs, by name.
std::map<std::string, Json> scrape_jobs() {
  std::string config = example_object("", "ConfigMap", "observability", "prometheus-config")["data"]["prometheus.yml"];
  yaml::LoadResult r = yaml::load(config, "prometheus.yml");
  std::map<std::string, Json> jobs;
  if (r.documents.size() != 1) return jobs;
  const Json config_json = yaml::to_json(r.documents[0].root);  // named: a temporary's member would dangle
  for (const Json& job : config_json["scrape_configs"]) jobs[job.value("job_name", "")] = job;
  return jobs;
}

// The in-cluster credentials every job that talks to the API server or a kubelet presents: the
// pod's service-account token, and the cluster's CA.
constexpr const char* kToken = "/var/run/secrets/kubernetes.io/serviceaccount/token";
constexpr const char* kCa = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

std::string relabelling(const Json& job) { return job.value("relabel_configs", Json::array()).dump(); }

TEST(ScrapeCoverage, TheKubeletAndCadvisorOfEveryNodeOverHttpsWithTheServiceAccountsToken) {
  std::map<std::string, Json> jobs = scrape_jobs();
  for (const auto& [name, path] : std::vector<std::pair<std::string, std::string>>{{"kubelet", "/metrics"}, {"cadvisor", "/metrics/cadvisor"}}) {
    ASSERT_TRUE(jobs.count(name)) << name;
    const Json& job = jobs[name];
    EXPECT_EQ(job["kubernetes_sd_configs"], Json::parse(R"([{"role":"node"}])")) << name;
    EXPECT_EQ(job.value("scheme", ""), "https") << name;
    EXPECT_EQ(job.value("metrics_path", "/metrics"), path) << name;
    EXPECT_EQ(job["authorization"].value("credentials_file", ""), kToken) << name;
    EXPECT_EQ(job["tls_config"].value("ca_file", ""), kCa) << name;
    // The node's name as `node`, the node's labels kept (role, ingress, gpu).
    EXPECT_NE(relabelling(job).find("__meta_kubernetes_node_name"), std::string::npos) << name;
  }
}

TEST(ScrapeCoverage, TheApiServerThroughTheKubernetesServicesEndpointSlicesWithTheClustersCa) {
  std::map<std::string, Json> jobs = scrape_jobs();
  ASSERT_TRUE(jobs.count("kubernetes-apiservers"));
  const Json& job = jobs["kubernetes-apiservers"];
  EXPECT_EQ(job["kubernetes_sd_configs"], Json::parse(R"([{"role":"endpointslice","namespaces":{"names":["default"]}}])"));
  EXPECT_EQ(job.value("scheme", ""), "https");
  EXPECT_EQ(job["authorization"].value("credentials_file", ""), kToken);
  EXPECT_EQ(job["tls_config"].value("ca_file", ""), kCa);
  EXPECT_FALSE(job["tls_config"].value("insecure_skip_verify", false)) << "the API server's certificate is the cluster CA's";
  EXPECT_NE(relabelling(job).find(R"("regex":"kubernetes;https")"), std::string::npos) << job.dump(1);
}

TEST(ScrapeCoverage, CiliumsAgentOperatorAndHubbleByThePortsTheirChartNames) {
  std::map<std::string, Json> jobs = scrape_jobs();
  for (const auto& [name, port] : std::vector<std::pair<std::string, std::string>>{{"cilium", "prometheus"}, {"hubble", "hubble-metrics"}}) {
    ASSERT_TRUE(jobs.count(name)) << name;
    const Json& job = jobs[name];
    EXPECT_EQ(job["kubernetes_sd_configs"], Json::parse(R"([{"role":"pod","namespaces":{"names":["kube-system"]}}])")) << name;
    EXPECT_NE(relabelling(job).find("\"regex\":\"cilium;" + port + "\""), std::string::npos) << job.dump(1);
  }
  // The chart also annotates the agent's and the operator's pods for annotation-driven discovery:
  // the pods job leaves Cilium's pods to these jobs, or each would be scraped twice.
  ASSERT_TRUE(jobs.count("pods"));
  EXPECT_NE(relabelling(jobs["pods"]).find(R"("action":"drop","regex":"cilium")"), std::string::npos) << jobs["pods"].dump(1);
}

// The nodes' addresses (public and mesh) of the example, as NetworkPolicy peers.
std::set<std::string> node_cidrs() {
  return {"203.0.113.10/32", "10.77.0.1/32", "203.0.113.11/32", "10.77.0.2/32",
          "203.0.113.12/32", "10.77.0.3/32", "203.0.113.13/32", "10.77.0.4/32"};
}

TEST(ScrapeCoverage, PrometheusReachesTheNodesOnTheKubeletAndCiliumPortsOnly) {
  const Json& pol = example_object("networking.k8s.io", "NetworkPolicy", "observability", "prometheus-to-nodes");
  EXPECT_EQ(pol["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"], "prometheus");
  EXPECT_EQ(pol["spec"]["policyTypes"], Json::array({"Egress"}));
  ASSERT_EQ(pol["spec"]["egress"].size(), 1u);
  const Json& rule = pol["spec"]["egress"][0];
  std::set<std::string> to;
  for (const Json& peer : rule["to"]) to.insert(peer["ipBlock"].value("cidr", ""));
  EXPECT_EQ(to, node_cidrs());
  std::set<int> ports;
  for (const Json& p : rule["ports"]) ports.insert(p["port"].get<int>());
  EXPECT_EQ(ports, (std::set<int>{10250, 9962, 9963, 9965}));
  // The API server: the one rule every component with RBAC has, to the control plane's addresses.
  const Json& api = example_object("networking.k8s.io", "NetworkPolicy", "observability", "prometheus-to-apiserver");
  EXPECT_EQ(api["spec"]["egress"][0]["ports"], Json::parse(R"([{"protocol":"TCP","port":443},{"protocol":"TCP","port":6443}])"));
}

TEST(ScrapeCoverage, PrometheusMayDiscoverAndScrapeWhatItsJobsNameAndNothingMore) {
  const Json& role = example_object("rbac.authorization.k8s.io", "ClusterRole", "", "prometheus");
  EXPECT_EQ(role["rules"], Json::parse(R"([
    {"apiGroups": [""], "resources": ["nodes", "services", "pods"], "verbs": ["get", "list", "watch"]},
    {"apiGroups": [""], "resources": ["nodes/metrics"], "verbs": ["get"]},
    {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["get", "list", "watch"]},
    {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}])"));
}

TEST(ScrapeCoverage, MlflowServesPrometheusMetricsFromAWritableDirectoryAndIsAnnotated) {
  const Json& tmpl = example_object("apps", "Deployment", "ml", "mlflow")["spec"]["template"];
  const Json& annotations = tmpl["metadata"]["annotations"];
  EXPECT_EQ(annotations.value("prometheus.io/scrape", ""), "true");
  EXPECT_EQ(annotations.value("prometheus.io/port", ""), "5000");
  EXPECT_EQ(annotations.value("prometheus.io/path", ""), "/metrics");
  const Json& container = tmpl["spec"]["containers"][0];
  const std::string script = container["args"][0];
  EXPECT_NE(script.find("--expose-prometheus /metrics-files"), std::string::npos) << script;
  bool mounted = false;
  for (const Json& m : container["volumeMounts"]) mounted |= m["mountPath"] == "/metrics-files" && !m.value("readOnly", false);
  EXPECT_TRUE(mounted) << "prometheus_flask_exporter writes its multiprocess files there";
  // Prometheus asks for http://<pod IP>:5000/metrics, so that is the Host header; MLflow answers 403
  // to a Host it is not told of, on every path but /health and /version.
  EXPECT_NE(script.find(",$POD_IP:5000\""), std::string::npos) << script;
  bool pod_ip = false;
  for (const Json& e : container["env"])
    pod_ip |= e["name"] == "POD_IP" && e.value("valueFrom", Json::object()).value("fieldRef", Json::object()).value("fieldPath", "") == "status.podIP";
  EXPECT_TRUE(pod_ip);
}

// llama-server serves /metrics (--metrics) behind its API key, which Prometheus does not hold: the
// endpoint is on for whoever holds the key, and the pod is not offered to the pods job, whose
// target would only answer 401.
TEST(ScrapeCoverage, LlamaCppServesMetricsButIsNotAnnotatedWhileItsKeyGuardsThem) {
  const Json& tmpl = example_object("apps", "StatefulSet", "ml", "llama-cpp")["spec"]["template"];
  std::string metrics;
  for (const Json& e : tmpl["spec"]["containers"][0]["env"])
    if (e["name"] == "LLAMA_ARG_ENDPOINT_METRICS") metrics = e.value("value", "");
  EXPECT_EQ(metrics, "1");
  EXPECT_FALSE(tmpl["metadata"].value("annotations", Json::object()).contains("prometheus.io/scrape"));
}

}  // namespace
}  // namespace bg::render
