// The OpenTelemetry Collector's contract (issue 13): a collector built from the modules of the
// release the render pins (go.opentelemetry.io/collector and the contrib health_check extension,
// scripts/setup-contract-programs.sh) with exactly the components the rendered configuration uses
// validates that configuration at its mount path, starts with exactly the rendered args in the
// container's sandbox (the image's uid, no account: the image is built FROM scratch), answers its
// readiness probe from the health_check extension, and forwards spans that reach its Service over
// both rendered OTLP protocols (HTTP/JSON on 4318, gRPC on 4317) to where the rendered exporter
// points: Tempo's Service name and OTLP port, where a stand-in OTLP/gRPC receiver
// (testing/contract/otlp_sink.go) writes down what arrives. The spans arrive with their resource,
// names, ids and attributes intact; the collector's own metrics answer where Prometheus scrapes
// them; its log holds no warning about the configuration; it fits in its memory limit.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_cluster.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"
#include "yaml/loader.h"

namespace bg::testing {
namespace {

using manifest::Json;

const Json& collector_deployment() { return example_object("apps", "Deployment", "observability", "otel-collector"); }
Json rendered_container() { return (*pod_template(collector_deployment()))["spec"]["containers"][0]; }
std::vector<std::string> rendered_args() { return rendered_container().value("args", std::vector<std::string>{}); }

// The rendered configuration (the ConfigMap the container mounts at /etc/otelcol/config.yaml).
Json rendered_config() {
  const Json& map = example_object("", "ConfigMap", "observability", "otel-collector-config");
  auto loaded = yaml::load(map["data"].value("config.yaml", ""), "config.yaml");
  return loaded.documents.size() == 1 ? yaml::to_json(loaded.documents[0].root) : Json();
}

Result<std::string> collector_program() { return contract_program("otel-collector", "OTEL_COLLECTOR_VERSION", "otelcol-contrib"); }

// `kind: {type[/name]: ...}` of the rendered configuration → the component types it names.
std::set<std::string> rendered_types(const Json& config, const std::string& kind) {
  std::set<std::string> types;
  const Json named = config.value(kind, Json::object());
  for (auto& [id, _] : named.items()) types.insert(id.substr(0, id.find('/')));
  return types;
}

// The `components` subcommand's answer (YAML) → the component types built in, per kind.
std::set<std::string> built_types(const Json& components, const std::string& kind) {
  std::set<std::string> types;
  const Json built = components.value(kind, Json::array());
  for (const Json& c : built) types.insert(c.value("name", ""));
  return types;
}

TEST(OtelCollectorContract, TheProgramIsTheReleaseTheRenderPinsWithExactlyTheRenderedComponents) {
  const std::string pinned = contract_version("OTEL_COLLECTOR_VERSION");
  EXPECT_EQ(rendered_container()["image"], "docker.io/otel/opentelemetry-collector-contrib:" + pinned.substr(1))
      << "catalog/otel-collector.yaml and testing/contract/versions.env must name the same release";
  auto program = collector_program();
  ASSERT_TRUE(program) << program.status().message();
  auto version = run_process({*program, "--version"});
  ASSERT_TRUE(version && version->exit_code == 0);
  EXPECT_EQ(version->out, "otelcol-contrib version " + pinned.substr(1) + "\n") << version->err;

  auto listed = run_process({*program, "components"});
  ASSERT_TRUE(listed && listed->exit_code == 0);
  auto loaded = yaml::load(listed->out, "components");
  ASSERT_EQ(loaded.documents.size(), 1u) << listed->out;
  const Json components = yaml::to_json(loaded.documents[0].root);
  const Json config = rendered_config();
  ASSERT_TRUE(config.is_object());
  // Every kind the configuration names, by the name the release gives it (a deprecated alias is
  // not among them), and nothing else built in.
  for (const std::string kind : {"receivers", "processors", "exporters", "extensions", "connectors"})
    EXPECT_EQ(rendered_types(config, kind), built_types(components, kind)) << kind << "\n" << listed->out;
}

TEST(OtelCollectorContract, ValidatesTheRenderedConfigurationAtItsMountPath) {
  auto program = collector_program();
  ASSERT_TRUE(program) << program.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  // `validate` with the rendered args, in the container's sandbox, where the file is mounted.
  ContainerImage image = collector_image(*program);
  image.entrypoint = {"sleep", "infinity"};
  ContractPod pod(**net, *facts, collector_deployment(), {"otel-collector-0", "10.244.4.20"}, "otel-collector", image);
  Status started = pod.start();
  ASSERT_TRUE(started) << started.message();
  std::vector<std::string> validate = {*program, "validate"};
  for (const std::string& a : rendered_args()) validate.push_back(a);
  auto check = pod.exec(validate, std::chrono::seconds(30));
  ASSERT_TRUE(check) << check.status().message();
  EXPECT_EQ(check->exit_code, 0) << check->out << check->err;
  // And it is a validation: a configuration whose pipeline names an exporter it lacks is refused.
  auto refused = pod.exec({*program, "validate", "--config=/etc/otelcol/config.yaml",
                           "--set=service::pipelines::traces::exporters=[otlp_grpc/elsewhere]"},
                          std::chrono::seconds(30));
  ASSERT_TRUE(refused) << refused.status().message();
  EXPECT_NE(refused->exit_code, 0) << refused->out << refused->err;
  EXPECT_NE((refused->out + refused->err).find("references exporter \"otlp_grpc/elsewhere\" which is not configured"),
            std::string::npos)
      << refused->out << refused->err;
}

// The OTLP/JSON trace the test sends: one span of a service, with attributes of each kind.
Json test_trace(const std::string& service, const std::string& trace_id, const std::string& span_id) {
  auto attr = [](const std::string& key, const Json& value) { return Json{{"key", key}, {"value", value}}; };
  Json span = {{"traceId", trace_id},
               {"spanId", span_id},
               {"name", "contract " + service},
               {"kind", 2},
               {"startTimeUnixNano", "1765000000000000000"},
               {"endTimeUnixNano", "1765000000250000000"},
               {"attributes", Json::array({attr("http.request.method", {{"stringValue", "POST"}}),
                                           attr("http.response.status_code", {{"intValue", "201"}}),
                                           attr("contract.ratio", {{"doubleValue", 0.25}}),
                                           attr("contract.sampled", {{"boolValue", true}})})},
               {"status", {{"code", 1}}}};
  Json resource = {{"attributes", Json::array({attr("service.name", {{"stringValue", service}})})}};
  return {{"resourceSpans",
           Json::array({{{"resource", resource},
                         {"scopeSpans", Json::array({{{"scope", {{"name", "betelgeuse.contract"}}}, {"spans", Json::array({span})}}})}}})}};
}

TEST(OtelCollectorContract, StartsWithTheRenderedArgsAndForwardsSpansToTempo) {
  auto program = collector_program();
  auto sink = contract_program("otel-collector", "OTEL_COLLECTOR_VERSION", "otlp-sink");
  ASSERT_TRUE(program && sink) << program.status().message() << sink.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  // Tempo's stand-in where the rendered exporter points (start_trace_pipeline, contract_services.h):
  // the exporter of the traces pipeline names Tempo's Service, which the pod's hosts file resolves
  // to the Service's ClusterIP, mapped to the stand-in as kube-proxy maps a Service's port to its
  // pod's targetPort. Without the mapping the collector would export to its own receiver; the spans
  // must reach the stand-in.
  const Json config = rendered_config();
  ASSERT_TRUE(config.is_object());
  const Json exporters = config["service"]["pipelines"]["traces"].value("exporters", Json::array());
  ASSERT_EQ(exporters.size(), 1u) << config["service"].dump();
  const std::string exporter = exporters[0];
  EXPECT_EQ(config["exporters"][exporter].value("endpoint", ""), "tempo.observability.svc:4317") << config["exporters"].dump();
  EXPECT_EQ(config["exporters"][exporter]["tls"].value("insecure", false), true) << "Tempo's receiver serves plain gRPC";
  auto pipeline = start_trace_pipeline(**net, *facts);
  ASSERT_TRUE(pipeline) << pipeline.status().message();
  BackgroundProcess& tempo_standin = (*pipeline)->tempo_standin;
  ContractPod& collector = *(*pipeline)->collector;
  TempDir& dir = (*pipeline)->dir;
  // Exactly the rendered args after the entrypoint: nothing added, nothing rewritten.
  std::vector<std::string> expected = {*program};
  for (const std::string& a : rendered_args()) expected.push_back(a);
  EXPECT_EQ(collector.argv(), expected);

  // Two instrumented services send a span each to the collector's Service: over OTLP/HTTP (JSON,
  // port otlp-http) and over OTLP/gRPC (port otlp-grpc), as an SDK configured with
  // OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector.observability.svc:<port> would.
  const std::string collector_ip = facts->service_ips.at("observability/otel-collector");
  const std::string http_trace = "5b8efff798038103d269b633813fc60c", grpc_trace = "5b8efff798038103d269b633813fc60d";
  std::ofstream(dir / "http.json") << test_trace("http-client", http_trace, "eee19b7ec3c1b174").dump();
  std::ofstream(dir / "grpc.json") << test_trace("grpc-client", grpc_trace, "eee19b7ec3c1b175").dump();
  std::vector<std::string> post = (*net)->enter();
  for (const std::string& a : {std::string("curl"), std::string("-sS"), std::string("-o"), std::string("/dev/stdout"), std::string("-w"),
                               std::string("\n%{http_code}"), std::string("-H"), std::string("Content-Type: application/json"),
                               std::string("--data-binary"), "@" + (dir / "http.json"), "http://" + collector_ip + ":4318/v1/traces"})
    post.push_back(a);
  auto posted = run_process(post);
  ASSERT_TRUE(posted) << posted.status().message();
  EXPECT_EQ(posted->exit_code, 0) << posted->err;
  EXPECT_EQ(posted->out.substr(posted->out.rfind('\n') + 1), "200") << posted->out << "\n" << collector.log();
  std::vector<std::string> send = (*net)->enter();
  for (const std::string& a : {*sink, std::string("send"), collector_ip + ":4317", dir / "grpc.json"}) send.push_back(a);
  auto sent = run_process(send);
  ASSERT_TRUE(sent) << sent.status().message();
  EXPECT_EQ(sent->exit_code, 0) << sent->out << sent->err;
  EXPECT_EQ(sent->out, "accepted 1 spans, rejected 0\n") << sent->err;

  // Both arrive at Tempo's stand-in, through the memory_limiter and batch processors and the
  // OTLP/gRPC exporter, as they were sent.
  auto arrived = poll_until(30, [&] { return (*pipeline)->spans(); },
                            [&](const std::map<std::string, Json>& s) { return s.count(http_trace) && s.count(grpc_trace); });
  for (const auto& [trace, service] : {std::pair{http_trace, "http-client"}, std::pair{grpc_trace, "grpc-client"}}) {
    ASSERT_TRUE(arrived.count(trace)) << service << "'s span did not reach Tempo's stand-in within 30 s; its log:\n"
                                      << tempo_standin.log() << "\nthe collector's log:\n" << collector.log();
    Json span = arrived[trace];
    const Json sent_span = test_trace(service, trace, span.value("spanId", ""))["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
    EXPECT_EQ(span.value("resource.service.name", ""), service);
    EXPECT_EQ(span.value("scope.name", ""), "betelgeuse.contract");
    EXPECT_EQ(span.value("spanId", ""), trace == http_trace ? "eee19b7ec3c1b174" : "eee19b7ec3c1b175");
    for (const char* key : {"name", "kind", "startTimeUnixNano", "endTimeUnixNano", "attributes", "status"})
      EXPECT_EQ(span.value(key, Json()), sent_span[key]) << service << ": " << key << "\n" << span.dump(1);
  }

  // Its own metrics answer where the render's scrape annotations point Prometheus, and count the
  // two spans as sent to Tempo.
  const Json annotations = (*pod_template(collector_deployment()))["metadata"]["annotations"];
  const std::string metrics_url = "http://" + collector.placement().pod_ip + ":" +
                                  annotations.value("prometheus.io/port", "") + annotations.value("prometheus.io/path", "");
  auto metrics = (*net)->http_get(metrics_url, std::chrono::seconds(5));
  ASSERT_TRUE(metrics) << metrics.status().message();
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("otelcol_exporter_sent_spans"), std::string::npos) << metrics->body.substr(0, 2000);
  EXPECT_NE(metrics->body.find("exporter=\"" + exporter + "\""), std::string::npos) << metrics->body.substr(0, 2000);

  // The release takes the rendered configuration as it is: no warning (a deprecated name, an
  // unknown key left alone) in its log.
  std::istringstream log(collector.log());
  for (std::string line; std::getline(log, line);)
    if (line.find("\twarn\t") != std::string::npos)
      ADD_FAILURE() << "the collector warns about the rendered configuration: " << line;

  // The collector fits in the container's memory limit, which the kubelet's cgroup would enforce.
  auto limit = memory_quantity_bytes(rendered_container()["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = collector.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "the collector holds " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20) << " MiB";
  std::cerr << "otel-collector: " << (*in_use >> 20) << " MiB in use, limit " << (*limit >> 20) << " MiB\n";

  EXPECT_TRUE(collector.running()) << collector.how_it_ended() << "\n" << collector.log();
}

}  // namespace
}  // namespace bg::testing
