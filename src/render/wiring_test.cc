// Regression tests of the example's wiring (issue 14): flows the NetworkPolicies blocked, and
// settings that broke a component behind the ingress. Each failed before its fix.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>

#include "check/flow_matrix.h"
#include "check/json_node.h"
#include "render/output.h"
#include "testing/example_render.h"
#include "testing/fixtures.h"
#include "yaml/loader.h"

namespace bg::render {
namespace {

using manifest::Json;

using testing::example_object;
using testing::example_render;
using testing::rendered_object;
using testing::sso_example_render;

// The ports of the first rule of a policy's `direction` ("ingress" or "egress").
std::set<int> policy_ports(const std::string& ns, const std::string& name, const std::string& direction) {
  std::set<int> out;
  for (const Json& p : example_object("networking.k8s.io", "NetworkPolicy", ns, name)["spec"][direction][0]["ports"])
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
  ASSERT_TRUE(example_render().ok());
  for (const check::Finding& f : example_render().findings)
    EXPECT_TRUE(f.rule != "flow-blocked" && f.rule != "flow-unresolved") << f.rule << ": " << f.message;
}

// The value of env variable `name` of the first container of a workload, or "" when absent.
std::string env_value(const std::string& kind, const std::string& ns, const std::string& name, const std::string& var) {
  for (const Json& e : example_object("apps", kind, ns, name)["spec"]["template"]["spec"]["containers"][0]["env"])
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
  std::string zone = output_tree(example_render().platform, example_render().objects).at("dns/betelgeusebytes.io.zone");
  std::string record = advertised.substr(0, advertised.find(".betelgeusebytes.io"));
  EXPECT_NE(zone.find("\n" + record + " "), std::string::npos) << zone;
}

// kube-state-metrics' series carry the namespace and pod of the object they describe: its scrape
// job must honor them, or Prometheus renames them exported_namespace and exported_pod.
TEST(Wiring, KubeStateMetricsIsScrapedWithItsOwnLabels) {
  std::string config = example_object("", "ConfigMap", "observability", "prometheus-config")["data"]["prometheus.yml"];
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

// ingress-nginx refuses request bodies over 1m unless told: Gitea pushes and LFS objects, MinIO
// console uploads and the other components' uploads need their own limits, from their blueprints.
TEST(Wiring, UploadsThroughTheIngressFitTheComponent) {
  const std::vector<std::array<std::string, 3>> limits = {{"dev", "gitea", "1g"},        {"objectstore", "minio", "5g"},
                                                           {"ml", "label-studio", "250m"}, {"ml", "jupyter", "100m"},
                                                           {"automation", "n8n", "16m"}};
  const std::string key = "nginx.ingress.kubernetes.io/proxy-body-size";
  for (const auto& [ns, name, size] : limits)
    EXPECT_EQ(example_object("networking.k8s.io", "Ingress", ns, name)["metadata"]["annotations"].value(key, ""), size) << name;
  EXPECT_FALSE(example_object("networking.k8s.io", "Ingress", "observability", "grafana")["metadata"]["annotations"].contains(key));
}

// node-exporter describes the node only from the node's own namespaces: its network (else the
// network figures are the pod's), its processes, and its root filesystem at --path.rootfs (else
// the disk figures are the container's). On the host network Prometheus reaches it at the nodes'
// addresses.
TEST(Wiring, NodeExporterSeesTheHostsNetworkProcessesAndFilesystems) {
  const Json& pod = example_object("apps", "DaemonSet", "node-agents", "node-exporter")["spec"]["template"]["spec"];
  EXPECT_EQ(pod.value("hostNetwork", false), true);
  EXPECT_EQ(pod.value("hostPID", false), true);
  EXPECT_EQ(pod.value("dnsPolicy", ""), "ClusterFirstWithHostNet");
  const Json& container = pod["containers"][0];
  EXPECT_NE(std::find(container["args"].begin(), container["args"].end(), "--path.rootfs=/host/root"), container["args"].end());
  // The disks' udev properties too: the image has no /run/udev/data of its own.
  EXPECT_NE(std::find(container["args"].begin(), container["args"].end(), "--path.udev.data=/host/root/run/udev/data"),
            container["args"].end());
  std::string root_volume;
  for (const Json& m : container["volumeMounts"])
    if (m["mountPath"] == "/host/root") {
      root_volume = m["name"];
      EXPECT_EQ(m.value("readOnly", false), true);
      EXPECT_EQ(m.value("mountPropagation", ""), "HostToContainer");
    }
  bool host_root = false;
  for (const Json& v : pod["volumes"]) host_root |= v["name"] == root_volume && v["hostPath"]["path"] == "/";
  EXPECT_TRUE(host_root);
  bool at_nodes = false;
  for (const Json& rule : example_object("networking.k8s.io", "NetworkPolicy", "observability", "prometheus-to-metrics")["spec"]["egress"])
    for (const Json& to : rule["to"])
      at_nodes |= rule["ports"][0]["port"] == 9100 && to.contains("ipBlock") && to["ipBlock"]["cidr"] == "10.77.0.2/32";
  EXPECT_TRUE(at_nodes);
}

// Neo4j's image turns every NEO4J_… variable into a setting of neo4j.conf, which strict validation
// refuses when it is unknown: its pod gets no service-link variables (the blueprint's
// `enableServiceLinks: false`), and its env no helper variable with that prefix. Other pods keep
// Kubernetes' default (the field is not rendered).
TEST(Wiring, Neo4jGetsNoVariableItsImageWouldTurnIntoAnUnknownSetting) {
  const Json& pod = example_object("apps", "StatefulSet", "graph", "neo4j")["spec"]["template"]["spec"];
  EXPECT_EQ(pod.value("enableServiceLinks", true), false);
  for (const Json& e : pod["containers"][0]["env"]) {
    const std::string name = e["name"];
    if (name.rfind("NEO4J_", 0) != 0) continue;
    EXPECT_TRUE(name == "NEO4J_AUTH" || name.rfind("NEO4J_server_", 0) == 0) << name << " is no setting of Neo4j's";
  }
  EXPECT_FALSE(example_object("apps", "StatefulSet", "db", "postgres")["spec"]["template"]["spec"].contains("enableServiceLinks"));
}

// Kafka's image writes every KAFKA_… variable into server.properties, where the broker ignores an
// unknown one without a word: its pod gets no service-link variables either.
TEST(Wiring, KafkaGetsNoServiceLinkVariables) {
  EXPECT_EQ(example_object("apps", "StatefulSet", "streaming", "kafka")["spec"]["template"]["spec"].value("enableServiceLinks", true),
            false);
}

// The flows a render's NetworkPolicies allow into the OpenTelemetry Collector's OTLP ports (4317
// gRPC, 4318 HTTP), as "ns/caller -> ns/otel-collector:port (name)" lines of the policy matrix.
std::set<std::string> flows_into_otlp(const pipeline::PipelineResult& r) {
  std::vector<yaml::Node> objects;
  for (const manifest::Object& o : r.objects.objects()) objects.push_back(check::node_of(o.body));
  std::set<std::string> out;
  for (const std::string& line : check::flow_matrix(objects))
    if (line.find(" -> observability/otel-collector:431") != std::string::npos) out.insert(line);
  return out;
}

// The value of env variable `var` of a workload's first container in `r`, or "" when absent.
std::string env_in(const pipeline::PipelineResult& r, const std::string& kind, const std::string& ns, const std::string& name,
                   const std::string& var) {
  for (const Json& e : rendered_object(r, "apps", kind, ns, name)["spec"]["template"]["spec"]["containers"][0]["env"])
    if (e["name"] == var && e.contains("value")) return e["value"].get<std::string>();
  return "";
}

// Traces: every component whose upstream documents OTLP trace export sends its traces to the
// collector's Service over OTLP/gRPC (Keycloak's tracing options, Prometheus' `tracing` block,
// Grafana's [tracing.opentelemetry.otlp]), and the NetworkPolicies open exactly those flows:
// each of them to port 4317, nothing else to either OTLP port.
TEST(Wiring, ComponentsThatExportTracesSendThemToTheCollectorAndOnlyThoseFlowsAreOpen) {
  const std::string grpc = "otel-collector.observability.svc:4317";
  const pipeline::PipelineResult& sso = sso_example_render();
  ASSERT_TRUE(sso.ok());
  EXPECT_EQ(env_in(sso, "Deployment", "sso", "keycloak", "KC_TRACING_ENABLED"), "true");
  EXPECT_EQ(env_in(sso, "Deployment", "sso", "keycloak", "KC_TRACING_ENDPOINT"), "http://" + grpc);
  EXPECT_EQ(env_value("StatefulSet", "observability", "grafana", "GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS"), grpc);
  std::string config = example_object("", "ConfigMap", "observability", "prometheus-config")["data"]["prometheus.yml"];
  yaml::LoadResult loaded = yaml::load(config, "prometheus.yml");
  ASSERT_EQ(loaded.documents.size(), 1u);
  Json tracing = yaml::to_json(loaded.documents[0].root).value("tracing", Json::object());
  EXPECT_EQ(tracing.value("endpoint", ""), grpc) << config;
  EXPECT_EQ(tracing.value("client_type", ""), "grpc");
  EXPECT_EQ(tracing.value("insecure", false), true) << "the collector's receiver serves plain gRPC";

  const std::set<std::string> example_flows = {
      "observability/grafana -> observability/otel-collector:4317 (otlp-grpc)",
      "observability/prometheus -> observability/otel-collector:4317 (otlp-grpc)"};
  EXPECT_EQ(flows_into_otlp(example_render()), example_flows);
  std::set<std::string> sso_flows = example_flows;
  sso_flows.insert("sso/keycloak -> observability/otel-collector:4317 (otlp-grpc)");
  EXPECT_EQ(flows_into_otlp(sso), sso_flows);
  for (const check::Finding& f : sso.findings)
    EXPECT_TRUE(f.rule != "flow-blocked" && f.rule != "flow-unresolved") << f.rule << ": " << f.message;
}

// Without the collector nothing is configured to send traces (no exporter retrying a name that
// does not resolve), and no policy names it.
TEST(Wiring, WithoutTheCollectorNothingSendsTraces) {
  std::string spec = testing::example_spec();
  const std::string line = "    otel-collector: {}\n";
  ASSERT_NE(spec.find(line), std::string::npos);
  spec.replace(spec.find(line), line.size(), "    otel-collector: {enabled: false}\n");
  pipeline::PipelineResult r = pipeline::run_text(spec, "examples/betelgeusebytes.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(env_in(r, "StatefulSet", "observability", "grafana", "GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS"), "");
  std::string config = rendered_object(r, "", "ConfigMap", "observability", "prometheus-config")["data"]["prometheus.yml"];
  EXPECT_EQ(config.find("tracing"), std::string::npos) << config;
  EXPECT_EQ(config.find("otel-collector"), std::string::npos) << config;
  EXPECT_TRUE(flows_into_otlp(r).empty());
}

}  // namespace
}  // namespace bg::render
