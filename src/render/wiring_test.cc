// Regression tests of the example's wiring (issue 14): flows the NetworkPolicies blocked, and
// settings that broke a component behind the ingress. Each failed before its fix.
#include <gtest/gtest.h>

#include <set>

#include "render/output.h"
#include "testing/example_render.h"
#include "yaml/loader.h"

namespace bg::render {
namespace {

using manifest::Json;

const pipeline::PipelineResult& example() { return testing::example_render(); }
const Json& object(const std::string& group, const std::string& kind, const std::string& ns, const std::string& name) {
  return testing::example_object(group, kind, ns, name);
}

// The ports of the first rule of a policy's `direction` ("ingress" or "egress").
std::set<int> policy_ports(const std::string& ns, const std::string& name, const std::string& direction) {
  std::set<int> out;
  for (const Json& p : object("networking.k8s.io", "NetworkPolicy", ns, name)["spec"][direction][0]["ports"])
    out.insert(p["port"].get<int>());
  return out;
}

// A port that also serves metrics is still a service port: MinIO's S3 API, Tempo's query API and
// vLLM's OpenAI API carry their metrics, and dependents (MinIO's init Jobs too) must reach them.
TEST(Wiring, DependentsReachAPortThatAlsoServesMetrics) {
  using Ports = std::set<int>;
  EXPECT_EQ(policy_ports("ml", "mlflow-to-minio", "egress"), (Ports{9000, 9001}));
  EXPECT_EQ(policy_ports("objectstore", "minio-from-mlflow", "ingress"), (Ports{9000, 9001}));
  EXPECT_EQ(policy_ports("objectstore", "minio-init-mlflow-to-minio", "egress"), (Ports{9000, 9001}));
  EXPECT_EQ(policy_ports("objectstore", "minio-from-minio-init-argo-workflows", "ingress"), (Ports{9000, 9001}));
  EXPECT_EQ(policy_ports("observability", "grafana-to-tempo", "egress"), (Ports{3200, 4317}));
  EXPECT_EQ(policy_ports("observability", "tempo-from-grafana", "ingress"), (Ports{3200, 4317}));
  EXPECT_EQ(policy_ports("ml", "jupyter-to-vllm", "egress"), (Ports{8000}));
  // A port that serves nothing but metrics stays closed to dependents (the scraper alone reaches it).
  EXPECT_EQ(policy_ports("ml", "jupyter-to-embeddings", "egress"), (Ports{8080}));
}

// check's flow rules on the render: every endpoint a component is configured to call is open.
TEST(Wiring, NoConfiguredCallIsBlockedOrUnresolved) {
  ASSERT_TRUE(example().ok());
  for (const check::Finding& f : example().findings)
    EXPECT_TRUE(f.rule != "flow-blocked" && f.rule != "flow-unresolved") << f.rule << ": " << f.message;
}

// The value of env variable `name` of the first container of a workload, or "" when absent.
std::string env_value(const std::string& kind, const std::string& ns, const std::string& name, const std::string& var) {
  for (const Json& e : object("apps", kind, ns, name)["spec"]["template"]["spec"]["containers"][0]["env"])
    if (e["name"] == var && e.contains("value")) return e["value"].get<std::string>();
  return "";
}

// Label Studio behind the TLS ingress: Django refuses a POST whose Origin is not trusted, so the
// login answered 403 until the public origin was listed.
TEST(Wiring, LabelStudioTrustsItsPublicOrigin) {
  EXPECT_EQ(env_value("StatefulSet", "ml", "label-studio", "CSRF_TRUSTED_ORIGINS"), "https://label-studio.betelgeusebytes.io");
}

// Neo4j advertises Bolt to routing clients and to the Browser's discovery: at a name the DNS zone
// has (the apex has no record), and at the public TCP port.
TEST(Wiring, Neo4jAdvertisesBoltAtANameOfTheZone) {
  std::string advertised = env_value("StatefulSet", "graph", "neo4j", "NEO4J_server_bolt_advertised__address");
  EXPECT_EQ(advertised, "tcp.betelgeusebytes.io:7687");
  std::string zone = output_tree(example().platform, example().objects).at("dns/betelgeusebytes.io.zone");
  std::string record = advertised.substr(0, advertised.find(".betelgeusebytes.io"));
  EXPECT_NE(zone.find("\n" + record + " "), std::string::npos) << zone;
}

// kube-state-metrics' series carry the namespace and pod of the object they describe: its scrape
// job must honor them, or Prometheus renames them exported_namespace and exported_pod.
TEST(Wiring, KubeStateMetricsIsScrapedWithItsOwnLabels) {
  std::string config = object("", "ConfigMap", "observability", "prometheus-config")["data"]["prometheus.yml"];
  yaml::LoadResult r = yaml::load(config, "prometheus.yml");
  ASSERT_EQ(r.documents.size(), 1u);
  int ksm_jobs = 0;
  for (const yaml::Node& job : r.documents[0].root.find("scrape_configs")->items) {
    std::string relabel = yaml::to_json(*job.find("relabel_configs")).dump();
    const yaml::Node* honor = job.find("honor_labels");
    bool honors = honor != nullptr && honor->kind == yaml::NodeKind::kBool && honor->bool_value;
    bool keeps_ksm = relabel.find("\"action\":\"keep\",\"regex\":\"true;kube-state-metrics\"") != std::string::npos;
    bool drops_ksm = relabel.find("\"action\":\"drop\",\"regex\":\"kube-state-metrics\"") != std::string::npos;
    if (keeps_ksm) {
      ++ksm_jobs;
      EXPECT_TRUE(honors);
    } else {
      EXPECT_FALSE(honors) << job.find("job_name")->text;
      if (job.find("job_name")->text == "pods") {
        EXPECT_TRUE(drops_ksm) << "kube-state-metrics would be scraped twice";
      }
    }
  }
  EXPECT_EQ(ksm_jobs, 1);
}

}  // namespace
}  // namespace bg::render
