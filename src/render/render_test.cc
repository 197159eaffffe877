#include "render/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "manifest/tree.h"
#include "pipeline/pipeline.h"
#include "render/context.h"
#include "testing/example_render.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

using manifest::Json;

const pipeline::PipelineResult& example() { return testing::example_render(); }
const Json& object(const std::string& group, const std::string& kind, const std::string& ns, const std::string& name) {
  return testing::example_object(group, kind, ns, name);
}

TEST(Render, TheExampleRendersWithoutFindings) {
  ASSERT_TRUE(example().ok()) << render_diagnostics(example().diagnostics, example().sources, false);
  EXPECT_TRUE(example().findings.empty()) << render_diagnostics(check::to_diagnostics(example().findings), {}, false);
}

TEST(Render, RenderingTwiceGivesIdenticalTrees) {
  pipeline::PipelineResult again = pipeline::run_text(testing::example_spec(), "examples/betelgeusebytes.yaml");
  EXPECT_EQ(manifest::layout_tree(again.objects), manifest::layout_tree(example().objects));
}

TEST(Render, EveryNamespaceHasPodSecurityLabelsAndDefaultDeny) {
  for (const char* ns : {"db", "observability", "ingress-nginx"}) {
    const Json& n = object("", "Namespace", "", ns);
    EXPECT_EQ(n["metadata"]["labels"]["pod-security.kubernetes.io/enforce"], "restricted") << ns;
    const Json& deny = object("networking.k8s.io", "NetworkPolicy", ns, "default-deny");
    EXPECT_EQ(deny["spec"]["podSelector"], Json::object());
    EXPECT_EQ(deny["spec"]["policyTypes"], Json::array({"Ingress", "Egress"}));
  }
}

// A Job that could run for ever would hold its wave until the wave's timeout, and retry after it:
// each one is bounded in retries, in time and in how long it stays once finished, and a failed
// container leaves the tail of its log where apply's explanation reads it.
TEST(Render, EveryJobIsBoundedInRetriesAndTimeAndReportsItsLogWhenItFails) {
  int jobs = 0;
  for (const pipeline::PipelineResult* render : {&example(), &testing::sso_example_render()})
    for (const manifest::Object& o : render->objects.objects()) {
      if (o.body["kind"] != "Job") continue;
      ++jobs;
      SCOPED_TRACE(o.id().str());
      const Json& spec = o.body["spec"];
      EXPECT_GT(spec.value("backoffLimit", 0), 0);
      EXPECT_GT(spec.value("activeDeadlineSeconds", 0), 60);
      EXPECT_LE(spec.value("activeDeadlineSeconds", 0), 3600);
      EXPECT_GE(spec.value("ttlSecondsAfterFinished", 0), 24 * 3600) << "a failure stays long enough to be read";
      for (const Json& c : spec["template"]["spec"]["containers"])
        EXPECT_EQ(c.value("terminationMessagePolicy", ""), "FallbackToLogsOnError");
    }
  EXPECT_GE(jobs, 6) << "the provisioning Jobs and the SSO setup";
}

TEST(Render, PostgresRunsOnALocalVolumePinnedToTheNamedNode) {
  const Json& sts = object("apps", "StatefulSet", "db", "postgres");
  EXPECT_EQ(sts["spec"]["template"]["spec"]["nodeSelector"]["kubernetes.io/hostname"], "worker-1");
  EXPECT_EQ(sts["spec"]["volumeClaimTemplates"][0]["spec"]["storageClassName"], "local-ssd");
  EXPECT_EQ(sts["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0]["mountPath"], "/var/lib/postgresql");
  const Json& pv = object("", "PersistentVolume", "", "db-postgres-data");
  EXPECT_EQ(pv["spec"]["local"]["path"], "/mnt/ssd/db/postgres");
  EXPECT_EQ(pv["spec"]["capacity"]["storage"], "50Gi");
  EXPECT_EQ(pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0]["values"][0], "worker-1");
  EXPECT_EQ(pv["spec"]["claimRef"]["name"], "data-postgres-0");
  EXPECT_EQ(pv["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  const Json& sc = object("storage.k8s.io", "StorageClass", "", "local-ssd");
  EXPECT_EQ(sc["provisioner"], "kubernetes.io/no-provisioner");
  EXPECT_EQ(sc["volumeBindingMode"], "WaitForFirstConsumer");
}

// Issue 14: Postgres answered on its public TCP port without TLS.
TEST(Render, PostgresServesTlsOnItsTcpEntryWithACertificateOfThePlatformsIssuer) {
  const Json& cert = object("cert-manager.io", "Certificate", "db", "postgres-tls");
  EXPECT_EQ(cert["spec"]["secretName"], "postgres-tls");
  EXPECT_EQ(cert["spec"]["dnsNames"], Json::array({"tcp.betelgeusebytes.io"}));
  EXPECT_EQ(cert["spec"]["issuerRef"]["name"], "letsencrypt-production");
  const Json& pod = object("apps", "StatefulSet", "db", "postgres")["spec"]["template"]["spec"];
  EXPECT_EQ(pod["securityContext"]["fsGroup"], 999);
  const Json& k = pod["containers"][0];
  EXPECT_EQ(k["args"], Json::array({"postgres", "-c", "hba_file=/etc/postgresql/pg_hba.conf", "-c", "ssl=on", "-c",
                                    "ssl_cert_file=/etc/postgresql/tls/tls.crt", "-c", "ssl_key_file=/etc/postgresql/tls/tls.key",
                                    "-c", "ssl_ca_file=/etc/postgresql/client-ca/ca.crt"}));
  Json tls_mount;
  for (const Json& m : k["volumeMounts"])
    if (m["name"] == "tls") tls_mount = m;
  EXPECT_EQ(tls_mount, (Json{{"name", "tls"}, {"mountPath", "/etc/postgresql/tls"}, {"readOnly", true}}));
  Json tls_volume;
  for (const Json& v : pod["volumes"])
    if (v["name"] == "tls") tls_volume = v;
  // 0640: with the fsGroup the kubelet makes the files root:999 with group read; PostgreSQL takes a
  // root-owned key only with no more than that.
  EXPECT_EQ(tls_volume["secret"]["secretName"], "postgres-tls");
  EXPECT_EQ(tls_volume["secret"]["defaultMode"], 0640);
  // cert-manager's HTTP-01 solver for tcp.<domain> runs in db and is reached through the ingress.
  const Json& solver = object("networking.k8s.io", "NetworkPolicy", "db", "acme-http01-solver");
  EXPECT_EQ(solver["spec"]["ingress"][0]["ports"][0]["port"], 8089);
  bool controller_reaches_solver = false;
  for (const Json& rule : object("networking.k8s.io", "NetworkPolicy", "ingress-nginx", "ingress-nginx-to-backends")["spec"]["egress"])
    controller_reaches_solver |= rule["to"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] == "db" &&
                                 rule["to"][0]["podSelector"]["matchLabels"].contains("acme.cert-manager.io/http01-solver");
  EXPECT_TRUE(controller_reaches_solver);
}

std::vector<std::string> hba_rules(const Json& config_map) {
  std::vector<std::string> rules;
  std::istringstream lines(config_map["data"]["pg_hba.conf"].get<std::string>());
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string word, rule;
    while (words >> word) rule += (rule.empty() ? "" : " ") + word;
    rules.push_back(rule);
  }
  return rules;
}

const std::vector<std::string> kLocalTrust = {"local all all trust", "host all all 127.0.0.1/32 trust", "host all all ::1/128 trust",
                                              "local replication all trust", "host replication all 127.0.0.1/32 trust",
                                              "host replication all ::1/128 trust"};

// Issue 14: the superuser answered from anywhere, and the public entry's proxy connects from the
// pod network: exposed, the superuser over TCP only with the client certificate.
TEST(Render, PostgresHbaAdmitsTheSuperuserOverTcpOnlyByClientCertificateWhileExposed) {
  std::vector<std::string> expected = kLocalTrust;
  for (const char* rule : {"hostssl all postgres all cert", "host all postgres all reject",
                           "host all all 10.244.0.0/16 scram-sha-256",  // the example's podCIDR
                           "host all postgres all reject", "hostssl all all all scram-sha-256"})
    expected.push_back(rule);
  EXPECT_EQ(hba_rules(object("", "ConfigMap", "db", "postgres-config")), expected);
}

TEST(Render, PostgresNotExposedKeepsThePodNetworksPasswordsForTheSuperuserAndHasNoClientCa) {
  std::string text = testing::example_spec();
  const std::string at = "      expose:\n        tcp: true\n        tcpPort: 5432\n";
  ASSERT_NE(text.find(at), std::string::npos);
  text.replace(text.find(at), at.size(), "      expose:\n        tcp: false\n");
  pipeline::PipelineResult run = pipeline::run_text(text, "p.yaml");
  ASSERT_TRUE(run.ok()) << render_diagnostics(run.diagnostics, run.sources, false);
  std::vector<std::string> expected = kLocalTrust;
  for (const char* rule : {"host all all 10.244.0.0/16 scram-sha-256", "host all postgres all reject", "hostssl all all all scram-sha-256"})
    expected.push_back(rule);
  for (const manifest::Object& o : run.objects.objects()) {
    if (o.kind() == "ConfigMap" && o.name() == "postgres-config") {
      EXPECT_EQ(hba_rules(o.body), expected);
    }
    EXPECT_FALSE(o.kind() == "Issuer" || o.name() == "postgres-admin-client") << o.kind() << " " << o.name();
    if (o.kind() == "Job" && o.name() == "postgres-init-gitea") {
      EXPECT_FALSE(o.body["spec"]["template"]["spec"].contains("volumes"));
      EXPECT_FALSE(o.body["spec"]["template"]["spec"]["securityContext"].contains("fsGroup"));
    }
  }
}

TEST(Render, PostgresOwnClientCaSignsTheSuperusersCertificateWhichOnlyTheInitJobsMount) {
  const Json& root = object("cert-manager.io", "Issuer", "db", "postgres-client-ca-root");
  EXPECT_EQ(root["spec"], (Json{{"selfSigned", Json::object()}}));
  const Json& ca = object("cert-manager.io", "Certificate", "db", "postgres-client-ca");
  EXPECT_EQ(ca["spec"]["isCA"], true);
  EXPECT_EQ(ca["spec"]["issuerRef"]["name"], "postgres-client-ca-root");
  EXPECT_EQ(ca["spec"]["issuerRef"]["kind"], "Issuer");
  EXPECT_EQ(object("cert-manager.io", "Issuer", "db", "postgres-client-ca")["spec"]["ca"]["secretName"], "postgres-client-ca");
  const Json& client = object("cert-manager.io", "Certificate", "db", "postgres-admin-client");
  EXPECT_EQ(client["spec"]["commonName"], "postgres");
  EXPECT_EQ(client["spec"]["issuerRef"]["name"], "postgres-client-ca");
  EXPECT_EQ(client["spec"]["usages"], Json::array({"client auth", "digital signature"}));

  // The server trusts the CA's certificate, never holding its key.
  const Json& pod = object("apps", "StatefulSet", "db", "postgres")["spec"]["template"]["spec"];
  Json ca_volume;
  for (const Json& v : pod["volumes"])
    if (v["name"] == "client-ca") ca_volume = v;
  EXPECT_EQ(ca_volume["secret"]["secretName"], "postgres-client-ca");
  EXPECT_EQ(ca_volume["secret"]["items"], Json::array({{{"key", "ca.crt"}, {"path", "ca.crt"}}}));

  // Each init Job mounts the client certificate and points libpq at it.
  const Json& job = object("batch", "Job", "db", "postgres-init-gitea")["spec"]["template"]["spec"];
  EXPECT_EQ(job["securityContext"]["fsGroup"], 999);
  EXPECT_EQ(job["volumes"][0]["secret"]["secretName"], "postgres-admin-client");
  EXPECT_EQ(job["volumes"][0]["secret"]["defaultMode"], 0640);
  EXPECT_EQ(job["containers"][0]["volumeMounts"][0]["mountPath"], "/etc/postgresql/client");
  std::map<std::string, std::string> env;
  for (const Json& e : job["containers"][0]["env"])
    if (e.contains("value")) env[e["name"]] = e["value"];
  EXPECT_EQ(env["PGSSLMODE"], "require");
  EXPECT_EQ(env["PGSSLCERT"], "/etc/postgresql/client/tls.crt");
  EXPECT_EQ(env["PGSSLKEY"], "/etc/postgresql/client/tls.key");
  // No dependent mounts it.
  for (const manifest::Object& o : example().objects.objects())
    if (o.body.contains("spec") && o.body["spec"].contains("template") && o.name().rfind("postgres-init-", 0) != 0) {
      EXPECT_EQ(o.body.dump().find("postgres-admin-client"), std::string::npos) << o.name();
    }
}

// Issue 14: a spec field restricting the clients of every raw TCP port.
TEST(Render, SourceRangesLetOnlyThoseClientsReachTheControllersPublicTcpPort) {
  std::string text = testing::example_spec();
  const std::string at = "        tcpPort: 5432\n";
  ASSERT_NE(text.find(at), std::string::npos);
  text.replace(text.find(at), at.size(), at + "        sourceRanges: [203.0.113.0/24, 198.51.100.7/32]\n");
  pipeline::PipelineResult run = pipeline::run_text(text, "p.yaml");
  ASSERT_TRUE(run.ok()) << render_diagnostics(run.diagnostics, run.sources, false);
  const manifest::Object* world = nullptr;
  for (const manifest::Object& o : run.objects.objects())
    if (o.kind() == "NetworkPolicy" && o.name() == "ingress-nginx-from-world") world = &o;
  ASSERT_NE(world, nullptr);
  const Json& rules = world->body["spec"]["ingress"];
  ASSERT_EQ(rules.size(), 2u) << rules.dump();
  std::vector<int> open;
  for (const Json& p : rules[0]["ports"]) open.push_back(p["port"].get<int>());
  EXPECT_EQ(std::count(open.begin(), open.end(), 5432), 0) << "5432 is no longer open to every address";
  EXPECT_FALSE(rules[0].contains("from"));
  EXPECT_EQ(rules[1], (Json{{"from", Json::array({{{"ipBlock", {{"cidr", "203.0.113.0/24"}}}},
                                                    {{"ipBlock", {{"cidr", "198.51.100.7/32"}}}}})},
                             {"ports", Json::array({{{"protocol", "TCP"}, {"port", 5432}}})}}));
}

TEST(Render, PostgresTcpIsWiredThroughAllThreeIngressNginxPieces) {
  const Json& tcp = object("", "ConfigMap", "ingress-nginx", "tcp-services");
  EXPECT_EQ(tcp["data"]["5432"], "db/postgres:5432");
  const Json& svc = object("", "Service", "ingress-nginx", "ingress-nginx-controller");
  bool has_port = false;
  for (const Json& p : svc["spec"]["ports"]) has_port |= p["port"] == 5432 && p["name"] == "proxied-tcp-5432";
  EXPECT_TRUE(has_port);
  EXPECT_EQ(svc["spec"]["externalIPs"], Json::array({"203.0.113.10"}));
  const Json& args = object("apps", "Deployment", "ingress-nginx", "ingress-nginx")["spec"]["template"]["spec"]["containers"][0]["args"];
  EXPECT_NE(std::find(args.begin(), args.end(), "--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services"), args.end());
}

TEST(Render, TheUiGetsTlsFromTheClusterIssuerAndBasicAuth) {
  const Json& ing = object("networking.k8s.io", "Ingress", "observability", "grafana");
  const Json& a = ing["metadata"]["annotations"];
  EXPECT_EQ(a["cert-manager.io/cluster-issuer"], "letsencrypt-production");
  EXPECT_EQ(a["nginx.ingress.kubernetes.io/auth-type"], "basic");
  EXPECT_EQ(a["nginx.ingress.kubernetes.io/auth-secret"], "grafana-basic-auth");
  EXPECT_EQ(ing["spec"]["tls"][0]["hosts"][0], "grafana.betelgeusebytes.io");
  EXPECT_EQ(ing["spec"]["tls"][0]["secretName"], "grafana-tls");
  EXPECT_EQ(ing["spec"]["ingressClassName"], "nginx");
  const Json& issuer = object("cert-manager.io", "ClusterIssuer", "", "letsencrypt-production");
  EXPECT_EQ(issuer["spec"]["acme"]["email"], "ops@betelgeusebytes.io");
  EXPECT_EQ(issuer["spec"]["acme"]["solvers"][0]["http01"]["ingress"]["ingressClassName"], "nginx");
}

TEST(Render, NoSecretIsRenderedAndSecretsAreReferencedByName) {
  for (const manifest::Object& o : example().objects.objects()) EXPECT_NE(o.kind(), "Secret") << o.id().str();
  const Json& env = object("apps", "StatefulSet", "db", "postgres")["spec"]["template"]["spec"]["containers"][0]["env"];
  bool found = false;
  for (const Json& e : env)
    if (e["name"] == "POSTGRES_PASSWORD") {
      found = true;
      EXPECT_EQ(e["valueFrom"]["secretKeyRef"]["name"], "postgres-admin");
      EXPECT_FALSE(e.contains("value"));
    }
  EXPECT_TRUE(found);
}

TEST(Render, EveryContainerRunsNonRootWithoutPrivilegeEscalation) {
  // Exceptions, each listed in docs/components.md: node agents that must read or write root-owned
  // host files run as root (still without escalation and with every capability dropped).
  const std::set<std::string> root_agents = {"fluent-bit", "nvidia-device-plugin"};
  for (const manifest::Object& o : example().objects.objects()) {
    if (!o.body.contains("spec") || !o.body["spec"].contains("template")) continue;
    bool root_agent = o.kind() == "DaemonSet" && root_agents.count(o.body["metadata"]["name"]);
    for (const Json& c : o.body["spec"]["template"]["spec"]["containers"]) {
      EXPECT_EQ(c["securityContext"]["allowPrivilegeEscalation"], false) << o.id().str();
      EXPECT_EQ(c["securityContext"]["runAsNonRoot"], !root_agent) << o.id().str();
      EXPECT_EQ(c["securityContext"]["capabilities"]["drop"], Json::array({"ALL"})) << o.id().str();
      EXPECT_TRUE(c.contains("resources")) << o.id().str();
      // Jobs run to completion (no probes); the device plugin serves no port (suppressed, with why).
      if (o.kind() == "Job" || o.body["metadata"]["name"] == "nvidia-device-plugin") continue;
      EXPECT_TRUE(c.contains("livenessProbe") && c.contains("readinessProbe")) << o.id().str();
    }
  }
}

TEST(Render, OnlyTheIngressControllerMayReachExposedPorts) {
  const Json& pol = object("networking.k8s.io", "NetworkPolicy", "db", "postgres-from-ingress");
  EXPECT_EQ(pol["spec"]["ingress"][0]["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"], "ingress-nginx");
  EXPECT_EQ(pol["spec"]["ingress"][0]["ports"][0]["port"], 5432);
}

// Every component the example enables, switched off together with what requires it: the render
// still validates with no finding, and nothing of it remains — no object, no policy peer, no
// reference to its Service or Secrets.
TEST(Render, SwitchingAnyComponentOffRemovesAllItsObjectsAndEdges) {
  const platform::Platform& full = example().platform;
  for (const platform::Component& off : full.components) {
    if (off.provides("ingress-controller") || off.provides("cert-issuer")) continue;  // the front door stays
    std::set<std::string> disabled = {off.name};
    for (bool grew = true; grew;) {  // and everything that requires it, transitively
      grew = false;
      for (const platform::Component& c : full.components)
        for (const catalog::DependencyDef& d : c.blueprint->depends_on)
          if (!d.optional && disabled.count(d.component) && disabled.insert(c.name).second) grew = true;
    }
    std::string text = testing::with_disabled(testing::example_spec(), disabled);
    pipeline::PipelineResult r = pipeline::run_text(text, "p.yaml");
    ASSERT_TRUE(r.ok()) << off.name << "\n" << render_diagnostics(r.diagnostics, r.sources, false);
    EXPECT_TRUE(r.findings.empty()) << off.name << "\n" << render_diagnostics(check::to_diagnostics(r.findings), {}, false);
    for (const manifest::Object& o : r.objects.objects()) {
      for (const std::string& name : disabled) {
        EXPECT_NE(o.from.component, name) << o.id().str();
        std::string body = o.body.dump();
        EXPECT_EQ(body.find("\"app.kubernetes.io/name\":\"" + name + "\""), std::string::npos) << name << " in " << o.id().str();
        EXPECT_EQ(body.find(name + "." + full.find(name)->ns + ".svc"), std::string::npos) << name << " in " << o.id().str();
        EXPECT_EQ(body.find("-init-" + name), std::string::npos) << name << " in " << o.id().str();
        EXPECT_EQ(body.find("\"" + name + "-"), std::string::npos) << name << " in " << o.id().str();
      }
    }
  }
}

TEST(Render, ADependencyEdgeProvisionsItsDatabaseThroughAJobAtTheProvider) {
  const Json& job = object("batch", "Job", "db", "postgres-init-mlflow");
  const Json& pod = job["spec"]["template"];
  EXPECT_EQ(pod["metadata"]["labels"]["app.kubernetes.io/name"], "postgres-init-mlflow");
  Json names = Json::array();
  for (const Json& e : pod["spec"]["containers"][0]["env"])
    names.push_back(e["name"].get<std::string>() + "<-" +
                    (e.contains("valueFrom") ? e["valueFrom"]["secretKeyRef"]["name"].get<std::string>() : "literal"));
  EXPECT_EQ(names, Json::array({"PGUSER<-postgres-admin", "PGPASSWORD<-postgres-admin", "PGHOST<-literal",
                                "DEP_USERNAME<-mlflow-postgres", "DEP_PASSWORD<-mlflow-postgres", "DEP_DATABASE<-mlflow-postgres",
                                // Postgres is exposed over TCP: the superuser's client certificate
                                "PGSSLMODE<-literal", "PGSSLCERT<-literal", "PGSSLKEY<-literal"}));
  const Json& out = object("networking.k8s.io", "NetworkPolicy", "db", "postgres-init-mlflow-to-postgres");
  EXPECT_EQ(out["spec"]["egress"][0]["ports"][0]["port"], 5432);
  object("networking.k8s.io", "NetworkPolicy", "db", "postgres-from-postgres-init-mlflow");
  // The dependent reads the same Secret in its own namespace, and may reach the provider.
  const Json& env = object("apps", "Deployment", "ml", "mlflow")["spec"]["template"]["spec"]["containers"][0]["env"];
  bool reads = false;
  for (const Json& e : env) reads |= e["name"] == "DB_PASSWORD" && e["valueFrom"]["secretKeyRef"]["name"] == "mlflow-postgres";
  EXPECT_TRUE(reads);
  object("networking.k8s.io", "NetworkPolicy", "ml", "mlflow-to-postgres");
  object("networking.k8s.io", "NetworkPolicy", "db", "postgres-from-mlflow");
  object("batch", "Job", "objectstore", "minio-init-mlflow");
}

TEST(Render, PrometheusReachesExactlyTheMetricsPorts) {
  const Json& out = object("networking.k8s.io", "NetworkPolicy", "observability", "prometheus-to-metrics");
  bool node_exporter = false;
  for (const Json& rule : out["spec"]["egress"])
    node_exporter |= rule["to"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == "node-exporter" &&
                     rule["ports"][0]["port"] == 9100;
  EXPECT_TRUE(node_exporter);
  const Json& in = object("networking.k8s.io", "NetworkPolicy", "objectstore", "minio-from-prometheus");
  EXPECT_EQ(in["spec"]["ingress"][0]["ports"], Json::array({{{"protocol", "TCP"}, {"port", 9000}}}));
  const Json& cm = object("", "ConfigMap", "observability", "prometheus-config");
  EXPECT_NE(cm["data"]["prometheus.yml"].get<std::string>().find("__meta_kubernetes_pod_annotation_prometheus_io_scrape"), std::string::npos);
}

TEST(Render, KafkaAdvertisesTheIngressAddressAndThePublicTcpPort) {
  const Json& env = object("apps", "StatefulSet", "streaming", "kafka")["spec"]["template"]["spec"]["containers"][0]["env"];
  std::string advertised;
  for (const Json& e : env)
    if (e["name"] == "KAFKA_ADVERTISED_LISTENERS") advertised = e["value"];
  EXPECT_EQ(advertised, "PLAINTEXT://kafka.streaming.svc:9092,EXTERNAL://203.0.113.10:9094");
  EXPECT_EQ(object("", "ConfigMap", "ingress-nginx", "tcp-services")["data"]["9094"], "streaming/kafka:9094");
}

TEST(Render, VllmRunsOnTheGpuNodeWithAGpuAndTheTaintTolerated) {
  const Json& pod = object("apps", "StatefulSet", "ml", "vllm")["spec"]["template"]["spec"];
  EXPECT_EQ(pod["containers"][0]["resources"]["limits"]["nvidia.com/gpu"], 1);
  EXPECT_EQ(pod["runtimeClassName"], "nvidia");
  EXPECT_EQ(pod["nodeSelector"]["kubernetes.io/hostname"], "gpu-1");
  EXPECT_EQ(pod["nodeSelector"]["nvidia.com/gpu.present"], "true");
  EXPECT_EQ(pod["tolerations"][0]["key"], "nvidia.com/gpu");
  const Json& plugin = object("apps", "DaemonSet", "node-agents", "nvidia-device-plugin")["spec"]["template"]["spec"];
  EXPECT_EQ(plugin["nodeSelector"]["nvidia.com/gpu.present"], "true");
}

TEST(Render, TheSpecTunesALiteralSettingOfAComponent) {
  std::string text = testing::example_spec();
  text.replace(text.find("    vllm:\n"), 10, "    vllm:\n      env: {MODEL: Qwen/Qwen3-8B}\n");
  pipeline::PipelineResult r = pipeline::run_text(text, "p.yaml");
  ASSERT_TRUE(r.ok()) << render_diagnostics(r.diagnostics, r.sources, false);
  const manifest::Object* sts = r.objects.find({"apps", "StatefulSet"}, "ml", "vllm");
  ASSERT_NE(sts, nullptr);
  bool found = false;
  for (const Json& e : sts->body["spec"]["template"]["spec"]["containers"][0]["env"])
    found |= e["name"] == "MODEL" && e["value"] == "Qwen/Qwen3-8B";
  EXPECT_TRUE(found);
}

TEST(Render, BlueprintVariablesExpandAndForeignOnesAreLeftAlone) {
  const platform::Platform& p = example().platform;
  const platform::Component& neo4j = *p.find("neo4j");
  EXPECT_EQ(expand("${svc:postgres}:5432", p, neo4j), "postgres.db.svc:5432");
  EXPECT_EQ(expand("${ingressAddress}:${tcpPort:bolt}", p, neo4j), "203.0.113.10:7687");
  EXPECT_EQ(expand("${tcpPort:http}", p, neo4j), "7474");  // not raw TCP: the container's own port
  EXPECT_EQ(expand("https://${host}/ ${ES_PASSWORD} ${svc:nope}", p, neo4j),
            "https://neo4j.betelgeusebytes.io/ ${ES_PASSWORD} ${svc:nope}");
}

TEST(Render, ProxyHopsCountTheAccessLayerAndTheAuthProxyInFrontOfAUi) {
  const platform::Platform& p = example().platform;
  EXPECT_EQ(expand("${proxyHops}", p, *p.find("n8n")), "1");          // ingress-nginx checks the password itself
  EXPECT_EQ(expand("${proxyHops}", p, *p.find("postgres")), "0");     // no UI
  pipeline::PipelineResult gateway = pipeline::run_text(testing::gateway_example_spec(), "p.yaml");
  ASSERT_TRUE(gateway.ok()) << render_diagnostics(gateway.diagnostics, gateway.sources, false);
  EXPECT_EQ(expand("${proxyHops}", gateway.platform, *gateway.platform.find("n8n")), "2");  // the gateway, then nginx's auth proxy
}

TEST(Render, GrafanaDatasourcesFollowTheEnabledBackends) {
  const Json& data = object("", "ConfigMap", "observability", "grafana-config")["data"];
  EXPECT_TRUE(data.contains("prometheus.yaml") && data.contains("elasticsearch.yaml") && data.contains("tempo.yaml"));
  std::string text = testing::example_spec();
  text.replace(text.find("    tempo:\n      node: worker-2\n"), 31, "    tempo: {enabled: false}\n");
  text.replace(text.find("    otel-collector: {}"), 22, "    otel-collector: {enabled: false}");
  pipeline::PipelineResult r = pipeline::run_text(text, "p.yaml");
  ASSERT_TRUE(r.ok()) << render_diagnostics(r.diagnostics, r.sources, false);
  const manifest::Object* cm = r.objects.find({"", "ConfigMap"}, "observability", "grafana-config");
  ASSERT_NE(cm, nullptr);
  EXPECT_FALSE(cm->body["data"].contains("tempo.yaml"));
}

}  // namespace
}  // namespace bg::render
