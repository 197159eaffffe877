// Keycloak's and oauth2-proxy's contract (issue 13), on the example's SSO variant (fixtures.h,
// with_sso: Keycloak on, Grafana behind oauth2-proxy).
//
// Keycloak: the real server, its Quarkus distribution at the version the render pins (Maven
// Central's org.keycloak:keycloak-quarkus-dist, scripts/setup-contract-programs.sh), runs as the
// image runs it — /opt/keycloak/bin/kc.sh with the rendered args and env, as uid 1000 in its own
// writable copy of /opt/keycloak, building itself for the rendered build options at start —
// against the real PostgreSQL (Debian's server, with the database and role the
// postgres-init-keycloak Job creates). It must answer its rendered readiness probe (health on the
// management port); a request as ingress-nginx forwards it (the public host, X-Forwarded-Proto
// https, X-Forwarded-For) must get OIDC discovery whose issuer is the public https URL, while a
// request inside the cluster (oauth2-proxy's, the setup Job's) gets the same issuer and in-cluster
// back-channel endpoints; the generated admin credentials must get a token from the master realm
// (admin-cli), and a wrong password must not; the render's realm-setup Job (kcadm.sh from the same
// distribution) must create the realm `platform` and the client `oauth2-proxy` with the generated
// secret and the SSO hosts' redirect URIs, twice without error; with its rendered tracing options
// it must send the spans of a request through the real OpenTelemetry Collector to Tempo's stand-in
// (contract_services.h, start_trace_pipeline); and the server's processes must fit in the
// rendered memory limit.
//
// oauth2-proxy: the real program (its Go module at the pinned release) with the rendered args and
// env of Grafana's proxy, against that Keycloak: it starts, answers its readiness probe, and sends
// a browser's unauthenticated request to Keycloak's public authorization endpoint with the
// rendered client id, redirect URL and PKCE, where Keycloak shows its sign-in page; a user of the
// realm signs in, the proxy redeems the code inside the cluster and accepts the ID token, and the
// session lets the browser through to Grafana's Service (a stand-in page there).
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "common/percent_encode.h"
#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_programs.h"
#include "testing/contract_cluster.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

const char* const kRuntimePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const char* const kKeycloakIp = "10.244.2.60";
const char* const kProxyIp = "10.244.2.70";

const Json& sso_object(const std::string& group, const std::string& kind, const std::string& ns, const std::string& name) {
  return rendered_object(sso_example_render(), group, kind, ns, name);
}
const Json& keycloak_deployment() { return sso_object("apps", "Deployment", "sso", "keycloak"); }
const Json& proxy_deployment() { return sso_object("apps", "Deployment", "sso", "grafana-sso"); }
const Json& first_container(const Json& workload) { return workload["spec"]["template"]["spec"]["containers"][0]; }

// The cache folder the setup script lays out: keycloak/ (the distribution) and bin/java.
Result<std::string> keycloak_home() {
  auto java = contract_program("keycloak", "KEYCLOAK_VERSION", "java");
  if (!java) return java.status();
  return java->substr(0, java->rfind("/bin/"));
}

// quay.io/keycloak/keycloak (keycloak's quarkus/container/Dockerfile): the distribution in
// /opt/keycloak, owned by the image's user 1000 (keycloak, home /opt/keycloak); ENTRYPOINT
// /opt/keycloak/bin/kc.sh, no CMD the render relies on, no WORKDIR; ENV LANG en_US.UTF-8 and
// KC_RUN_IN_CONTAINER true (kc.sh then sizes the heap as 70% of the container's memory); Java 21
// on the default PATH (here the JDK the setup script chose, bin/java, first on PATH). The JVM sizes
// itself from its cgroup's memory limit, which no cgroup sets here: -XX:MaxRAM tells it the
// container's rendered limit instead (JDK_JAVA_OPTIONS, read by the java launcher alone).
ContainerImage keycloak_image(const std::string& home, long long memory_limit) {
  ContainerImage image;
  image.entrypoint = {"/opt/keycloak/bin/kc.sh"};
  image.copied_dirs = {{"/opt/keycloak", home + "/keycloak"}};
  image.user = 1000;
  image.env = {{"PATH", home + "/bin:" + kRuntimePath},
               {"LANG", "en_US.UTF-8"},
               {"KC_RUN_IN_CONTAINER", "true"},
               {"JDK_JAVA_OPTIONS", "-XX:MaxRAM=" + std::to_string(memory_limit)}};
  image.passwd = {"keycloak:x:1000:0:keycloak user:/opt/keycloak:/sbin/nologin"};
  return image;
}

// quay.io/oauth2-proxy/oauth2-proxy: ENTRYPOINT /bin/oauth2-proxy on distroless static:nonroot
// (USER 65532, WORKDIR /home/nonroot); the program built from the module stands for /bin/oauth2-proxy.
ContainerImage oauth2_proxy_image(const std::string& program) {
  ContainerImage image;
  image.entrypoint = {program};
  image.user = 65532;
  image.workdir = "/";
  image.passwd = {"nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin"};
  image.group = {"nonroot:x:65532:"};
  return image;
}

Result<long long> memory_limit(const Json& container) {
  return memory_quantity_bytes(container["resources"]["limits"].value("memory", ""));
}

std::string value_of(const Result<std::string>& r) {
  if (!r) ADD_FAILURE() << r.status().message();
  return r ? *r : "";
}

Json json_of(const HttpAnswer& answer) {
  Json j = Json::parse(answer.body, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

// The headers ingress-nginx sends upstream for a request to https://`host`/ (its nginx.tmpl:
// the original Host, X-Request-ID, X-Real-IP, X-Forwarded-For/-Host/-Port/-Proto/-Scheme).
std::vector<std::string> forwarded_by_ingress_nginx(const std::string& host) {
  return {"Host: " + host,
          "X-Request-ID: 5f1c0a6e2b9d4c3e8a7f6b5c4d3e2f1a",
          "X-Real-IP: 198.51.100.23",
          "X-Forwarded-For: 198.51.100.23",
          "X-Forwarded-Host: " + host,
          "X-Forwarded-Port: 443",
          "X-Forwarded-Proto: https",
          "X-Forwarded-Scheme: https"};
}

// The `action` of the HTML form with id `id`, its entities (&amp;) decoded; "" when there is none.
std::string form_action(const std::string& html, const std::string& id) {
  std::size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  at = html.find("action=\"", at);
  if (at == std::string::npos) return {};
  at += 8;
  std::string action = html.substr(at, html.find('"', at) - at);
  for (std::size_t amp; (amp = action.find("&amp;")) != std::string::npos;) action.replace(amp, 5, "&");
  return action;
}

// A Cookie header's value from "name=value" pairs.
std::string cookie_header(const std::vector<std::string>& cookies) {
  std::string out;
  for (const std::string& c : cookies) out += (out.empty() ? "" : "; ") + c;
  return out;
}

// The upstream answer's status line and headers that ingress-nginx can take for an Ingress: its
// proxy_buffer_size, the Ingress's proxy-buffer-size annotation or else ingress-nginx's default
// (4k); a bigger header is "upstream sent too big header", a 502 to the browser.
long ingress_header_buffer(const ClusterFacts& facts, const std::string& ns, const std::string& name) {
  const Json* ingress = facts.find("Ingress", ns, name);
  std::string size = "4k";
  if (ingress && (*ingress)["metadata"].contains("annotations"))
    size = (*ingress)["metadata"]["annotations"].value("nginx.ingress.kubernetes.io/proxy-buffer-size", size);
  const long n = std::stol(size);
  return size.back() == 'k' ? n * 1024 : size.back() == 'm' ? n * 1024 * 1024 : n;
}

const char* const kUpstreamPage = "Grafana stand-in behind oauth2-proxy";

// Everything Keycloak's contract stands on, started once per test binary and shared by the tests
// of this file (Keycloak takes most of a minute to build itself and start).
struct SsoRun {
  Status status = Status::ok();
  ClusterFacts facts;
  std::unique_ptr<PodNetwork> net;
  TempDir pg_data;
  std::unique_ptr<ContractPod> postgres;
  std::unique_ptr<ContractPod> keycloak;
  // The trace path Keycloak's rendered tracing endpoint names: the real collector, Tempo's stand-in
  // behind it. Started before Keycloak; a failure here fails only the trace test.
  Result<std::unique_ptr<TracePipeline>> traces = Status::terminal("not started");
  std::string public_host;  // the Keycloak Ingress's host
  std::string setup_log;    // the realm-setup Job's runs, or why they failed
  int setup_exit = -1;      // the exit code of the last realm-setup run
  double start_seconds = 0;      // from the container's start to its readiness
  double start_cpu_seconds = 0;  // the CPU time its processes used until then
};

Status run_realm_setup(SsoRun& run, const std::string& home) {
  const Json* job = nullptr;
  for (const Json& o : run.facts.objects)
    if (o.value("kind", "") == "Job" && o["metadata"].value("namespace", "") == "sso" &&
        o["metadata"].value("name", "").rfind("keycloak-realm-setup-", 0) == 0)
      job = &o;
  if (!job) return Status::terminal("the SSO render has no Job sso/keycloak-realm-setup-*");
  auto limit = memory_limit(first_container(*job));
  if (!limit) return limit.status();
  const std::string name = (*job)["metadata"].value("name", "");
  // Twice: a re-apply that runs it again (after the Job was deleted, or a retry) must succeed too.
  for (int attempt = 1; attempt <= 2; ++attempt) {
    ContractPod pod(*run.net, run.facts, *job, {name + "-" + std::to_string(attempt), "10.244.2.6" + std::to_string(attempt)},
                    "setup", keycloak_image(home, *limit));
    if (Status s = pod.start(); !s) return s;
    auto code = pod.wait_exit(std::chrono::seconds(150));
    if (!code) return code.status();
    run.setup_exit = *code;
    run.setup_log += "run " + std::to_string(attempt) + ":\n" + pod.log();
    if (*code != 0) return Status::terminal(name + " run " + std::to_string(attempt) + " exited " + std::to_string(*code));
  }
  return Status::ok();
}

// The master realm's token endpoint (admin-cli) with the generated admin's name and `password`, as
// asked through ingress-nginx.
Result<HttpAnswer> admin_token(const SsoRun& run, const std::string& password) {
  auto user = secret_value(run.facts, "sso", "keycloak-admin", "username");
  if (!user) return user.status();
  HttpRequest login{"POST", "grant_type=password&client_id=admin-cli&username=" + percent_encode(*user) + "&password=" + percent_encode(password),
                    forwarded_by_ingress_nginx(run.public_host), true};
  login.headers.push_back("Content-Type: application/x-www-form-urlencoded");
  return run.net->http(std::string("http://") + kKeycloakIp + ":8080/realms/master/protocol/openid-connect/token", login,
                       std::chrono::seconds(20));
}

// "Authorization: Bearer …" of the generated admin.
Result<std::string> admin_bearer(const SsoRun& run) {
  auto password = secret_value(run.facts, "sso", "keycloak-admin", "password");
  if (!password) return password.status();
  auto token = admin_token(run, *password);
  if (!token) return token.status();
  const std::string access = json_of(*token).value("access_token", "");
  if (token->status != 200 || access.empty())
    return Status::terminal("the admin's token: HTTP " + std::to_string(token->status) + ": " + token->body.substr(0, 300));
  return "Authorization: Bearer " + access;
}

SsoRun& sso_run() {
  // Destroyed at exit, which stops its processes and removes its folders.
  static std::unique_ptr<SsoRun> run = [] {
    auto r = std::make_unique<SsoRun>();
    auto fail = [&](const Status& s) {
      r->status = s;
      return std::move(r);
    };
    auto home = keycloak_home();
    if (!home) return fail(home.status());
    auto limit = memory_limit(first_container(keycloak_deployment()));
    if (!limit) return fail(limit.status());
    auto facts = render_facts(sso_example_render());
    if (!facts) return fail(facts.status());
    r->facts = std::move(*facts);
    const Json* ingress = r->facts.find("Ingress", "sso", "keycloak");
    if (!ingress) return fail(Status::terminal("the SSO render has no Ingress sso/keycloak"));
    r->public_host = (*ingress)["spec"]["rules"][0].value("host", "");
    auto net = PodNetwork::create();
    if (!net) return fail(net.status());
    r->net = std::move(*net);
    auto postgres = start_provisioned_postgres(*r->net, r->facts, r->pg_data.path());
    if (!postgres) return fail(postgres.status());
    r->postgres = std::move(*postgres);
    r->traces = start_trace_pipeline(*r->net, r->facts);
    r->keycloak = std::make_unique<ContractPod>(*r->net, r->facts, keycloak_deployment(),
                                                PodPlacement{"keycloak-7d9c5b8f6-k2x7p", kKeycloakIp}, "keycloak",
                                                keycloak_image(*home, *limit));
    const auto started = std::chrono::steady_clock::now();
    if (Status s = r->keycloak->start(); !s) return fail(s);
    if (Status s = r->keycloak->wait_ready(std::chrono::seconds(300)); !s) return fail(s);
    r->start_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (auto cpu = r->keycloak->cpu_seconds_used(); cpu) r->start_cpu_seconds = *cpu;
    if (Status s = run_realm_setup(*r, *home); !s)
      return fail(Status::terminal(s.message() + "; its log:\n" + r->setup_log + "\nKeycloak's log:\n" + r->keycloak->log()));
    return r;
  }();
  return *run;
}

TEST(KeycloakContract, TheProgramsAreTheVersionsTheRenderPins) {
  const std::string keycloak = contract_version("KEYCLOAK_VERSION");
  EXPECT_EQ(first_container(keycloak_deployment())["image"], "quay.io/keycloak/keycloak:" + keycloak)
      << "catalog/keycloak.yaml and testing/contract/versions.env must name the same release";
  auto home = keycloak_home();
  ASSERT_TRUE(home) << home.status().message();
  EXPECT_EQ(read_file(*home + "/keycloak/version.txt"), "Keycloak - Version " + keycloak + "\n");
  auto java = run_process({*home + "/bin/java", "-version"});
  ASSERT_TRUE(java) << java.status().message();
  EXPECT_NE(java->err.find("version \"2"), std::string::npos) << "Keycloak 26 needs Java 21 or newer: " << java->err;

  const std::string proxy = contract_version("OAUTH2_PROXY_VERSION");
  EXPECT_EQ(first_container(proxy_deployment())["image"], "quay.io/oauth2-proxy/oauth2-proxy:" + proxy)
      << "render/auth_proxy.h and testing/contract/versions.env must name the same release";
  auto program = contract_program("oauth2-proxy", "OAUTH2_PROXY_VERSION", "oauth2-proxy");
  ASSERT_TRUE(program) << program.status().message();
  auto version = run_process({*program, "--version"});
  ASSERT_TRUE(version) << version.status().message();
  EXPECT_EQ(version->out.rfind("oauth2-proxy " + proxy + " ", 0), 0u) << version->out << version->err;
}

TEST(KeycloakContract, StartsOnPostgresAndAnswersBehindIngressNginxWithThePublicIssuerAndTheGeneratedAdmin) {
  SsoRun& run = sso_run();
  ASSERT_TRUE(run.status) << run.status.message();
  ContractPod& keycloak = *run.keycloak;
  EXPECT_EQ(keycloak.argv(), (std::vector<std::string>{"/opt/keycloak/bin/kc.sh", "start"}));
  ASSERT_EQ(run.public_host, "auth.betelgeusebytes.io");
  const std::string direct = std::string("http://") + kKeycloakIp + ":8080";

  // Discovery as the browser gets it, through ingress-nginx: the public https URL throughout.
  auto discovery = run.net->http_get(direct + "/realms/master/.well-known/openid-configuration", std::chrono::seconds(20),
                                     forwarded_by_ingress_nginx(run.public_host));
  ASSERT_TRUE(discovery) << discovery.status().message();
  ASSERT_EQ(discovery->status, 200) << discovery->body.substr(0, 500);
  Json doc = json_of(*discovery);
  const std::string issuer = "https://" + run.public_host + "/realms/master";
  EXPECT_EQ(doc.value("issuer", ""), issuer);
  EXPECT_EQ(doc.value("authorization_endpoint", ""), issuer + "/protocol/openid-connect/auth");
  EXPECT_EQ(doc.value("token_endpoint", ""), issuer + "/protocol/openid-connect/token");

  // Inside the cluster (the Service's name, no forwarded headers), as oauth2-proxy and the setup Job
  // reach it: the same issuer, and back-channel endpoints they can reach.
  const std::string service = "keycloak.sso.svc.cluster.local:8080";
  auto inside = run.net->http_get("http://" + run.facts.service_ips.at("sso/keycloak") + ":8080/realms/master/.well-known/openid-configuration",
                                  std::chrono::seconds(20), {"Host: " + service});
  ASSERT_TRUE(inside) << inside.status().message();
  ASSERT_EQ(inside->status, 200) << inside->body.substr(0, 500);
  Json in_doc = json_of(*inside);
  EXPECT_EQ(in_doc.value("issuer", ""), issuer);
  EXPECT_EQ(in_doc.value("token_endpoint", ""), "http://" + service + "/realms/master/protocol/openid-connect/token");
  EXPECT_EQ(in_doc.value("jwks_uri", ""), "http://" + service + "/realms/master/protocol/openid-connect/certs");

  // The generated admin credentials log in (master realm, admin-cli); a wrong password does not.
  const std::string password = value_of(secret_value(run.facts, "sso", "keycloak-admin", "password"));
  ASSERT_FALSE(password.empty());
  auto token = [&](const std::string& pw) { return admin_token(run, pw); };
  auto good = token(password);
  ASSERT_TRUE(good) << good.status().message();
  EXPECT_EQ(good->status, 200) << good->body.substr(0, 500);
  EXPECT_FALSE(json_of(*good).value("access_token", "").empty()) << good->body.substr(0, 500);
  auto bad = token(password + "x");
  ASSERT_TRUE(bad) << bad.status().message();
  EXPECT_EQ(bad->status, 401) << bad->body.substr(0, 500);

  // Its liveness probe passes too.
  const Json& liveness = keycloak.view().liveness_probe;
  Status live = keycloak.probe_once(liveness);
  EXPECT_TRUE(live) << live.message();

  // Given only its CPU request (what a busy node guarantees it), its start — the CPU time its
  // processes used until ready, the build for the rendered options included — fits the time its
  // probes allow before the kubelet restarts it: the startup probe's window when it has one
  // (liveness waits for it), else the liveness probe's (initialDelaySeconds, then failureThreshold
  // failures periodSeconds apart).
  const Json& startup = keycloak.view().startup_probe;
  const Json& guard = startup.is_object() ? startup : liveness;
  const int window = guard.value("initialDelaySeconds", 0) + (guard.value("failureThreshold", 3) - 1) * guard.value("periodSeconds", 10);
  const std::string request = first_container(keycloak_deployment())["resources"]["requests"].value("cpu", "");
  const double cores = request.back() == 'm' ? std::stod(request) / 1000 : std::stod(request);
  const double at_request = run.start_cpu_seconds / cores;
  std::cout << "[ start    ] Keycloak ready after " << static_cast<int>(run.start_seconds) << " s here, "
            << static_cast<int>(run.start_cpu_seconds) << " CPU-seconds: " << static_cast<int>(at_request) << " s at its request of "
            << request << " CPU; its " << (startup.is_object() ? "startup" : "liveness") << " probe allows " << window << " s\n";
  EXPECT_LE(at_request, window) << "a Keycloak that gets only its CPU request (" << request << ") is restarted by its "
                                << (startup.is_object() ? "startup" : "liveness") << " probe before it has started";
  if (startup.is_object()) {
    Status started = keycloak.probe_once(startup);
    EXPECT_TRUE(started) << started.message();
  }

  // The server (kc.sh and its JVM) fits in the container's memory limit.
  auto limit = memory_limit(first_container(keycloak_deployment()));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = keycloak.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "Keycloak's processes hold " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20)
                             << " MiB";
  std::cout << "[ memory   ] Keycloak holds " << (*in_use >> 20) << " MiB of its " << (*limit >> 20) << " MiB limit\n";
  EXPECT_TRUE(keycloak.running()) << keycloak.how_it_ended() << "\n" << keycloak.log();
}

// Keycloak's traces: with the rendered tracing options it exports the spans of the requests it
// serves over OTLP/gRPC to the collector's Service, and the real collector forwards them to Tempo
// (its stand-in). A request carrying a W3C traceparent joins that trace, so its spans are found
// by the trace id the test chose.
TEST(KeycloakContract, SendsTheSpansOfItsRequestsThroughTheCollectorToTempo) {
  SsoRun& run = sso_run();
  ASSERT_TRUE(run.status) << run.status.message();
  ASSERT_TRUE(run.traces) << run.traces.status().message();
  TracePipeline& traces = **run.traces;
  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  std::vector<std::string> headers = forwarded_by_ingress_nginx(run.public_host);
  headers.push_back("traceparent: 00-" + trace + "-00f067aa0ba902b7-01");
  auto answer = run.net->http_get(std::string("http://") + kKeycloakIp + ":8080/realms/master/.well-known/openid-configuration",
                                  std::chrono::seconds(20), headers);
  ASSERT_TRUE(answer) << answer.status().message();
  EXPECT_EQ(answer->status, 200);
  // Keycloak's batch span processor exports every few seconds, the collector's batch at once.
  auto arrived = poll_until(60, [&] { return traces.spans(); }, [&](const std::map<std::string, Json>& s) { return s.count(trace) > 0; });
  ASSERT_TRUE(arrived.count(trace)) << "no span of the request reached Tempo's stand-in within 60 s; its log:\n"
                                    << traces.tempo_standin.log() << "\nthe collector's log:\n" << traces.collector->log()
                                    << "\nKeycloak's log:\n" << run.keycloak->log();
  EXPECT_EQ(arrived[trace].value("resource.service.name", ""), "keycloak") << arrived[trace].dump(1);
  EXPECT_FALSE(arrived[trace].value("name", "").empty()) << arrived[trace].dump(1);
  EXPECT_TRUE(traces.collector->running()) << traces.collector->how_it_ended() << "\n" << traces.collector->log();
}

TEST(KeycloakContract, TheRealmSetupJobMakesThePlatformRealmAndTheOauth2ProxyClientWithTheGeneratedSecret) {
  SsoRun& run = sso_run();
  ASSERT_TRUE(run.status) << run.status.message();
  EXPECT_EQ(run.setup_exit, 0) << run.setup_log;
  const std::string direct = std::string("http://") + kKeycloakIp + ":8080";

  auto discovery = run.net->http_get(direct + "/realms/platform/.well-known/openid-configuration", std::chrono::seconds(20),
                                     forwarded_by_ingress_nginx(run.public_host));
  ASSERT_TRUE(discovery) << discovery.status().message();
  ASSERT_EQ(discovery->status, 200) << discovery->body.substr(0, 500);
  EXPECT_EQ(json_of(*discovery).value("issuer", ""), "https://" + run.public_host + "/realms/platform");

  // The client as the admin API shows it: confidential, the code flow only, the secret that
  // apply generates into keycloak-oauth2-proxy, and every SSO host's callback.
  auto bearer_header = admin_bearer(run);
  ASSERT_TRUE(bearer_header) << bearer_header.status().message();
  const std::string& bearer = *bearer_header;
  auto clients = run.net->http_get(direct + "/admin/realms/platform/clients?clientId=oauth2-proxy", std::chrono::seconds(20), {bearer});
  ASSERT_TRUE(clients) << clients.status().message();
  ASSERT_EQ(clients->status, 200) << clients->body.substr(0, 500);
  Json list = json_of(*clients);
  ASSERT_TRUE(list.is_array() && list.size() == 1) << clients->body.substr(0, 500);
  const Json& client = list[0];
  EXPECT_EQ(client.value("enabled", false), true);
  EXPECT_EQ(client.value("publicClient", true), false);
  EXPECT_EQ(client.value("standardFlowEnabled", false), true);
  EXPECT_EQ(client.value("directAccessGrantsEnabled", true), false);
  EXPECT_EQ(client.value("redirectUris", Json::array()), Json::array({"https://grafana.betelgeusebytes.io/oauth2/callback"}));
  auto secret = run.net->http_get(direct + "/admin/realms/platform/clients/" + client.value("id", "") + "/client-secret",
                                  std::chrono::seconds(20), {bearer});
  ASSERT_TRUE(secret && secret->status == 200) << (secret ? secret->body : secret.status().message());
  const std::string generated = value_of(secret_value(run.facts, "sso", "keycloak-oauth2-proxy", "client-secret"));
  ASSERT_FALSE(generated.empty());
  EXPECT_EQ(json_of(*secret).value("value", ""), generated);
}

// A stand-in for the UI the proxy fronts: Python's http.server on the address and port of the
// rendered --upstream (a Service's name, at its ClusterIP), serving one page.
struct UpstreamStandin {
  TempDir dir;
  BackgroundProcess server;
};
Result<std::unique_ptr<UpstreamStandin>> start_upstream_standin(const SsoRun& run, const Json& proxy_container) {
  std::string upstream;
  for (const Json& a : proxy_container["args"])
    if (a.get<std::string>().rfind("--upstream=http://", 0) == 0) upstream = a.get<std::string>().substr(18);
  const std::size_t dot = upstream.find('.'), dot2 = upstream.find('.', dot + 1), colon = upstream.find(':');
  if (upstream.empty() || dot2 == std::string::npos || colon == std::string::npos)
    return Status::terminal("no --upstream=http://NAME.NS.svc…:PORT/ among the proxy's args");
  const std::string key = upstream.substr(dot + 1, dot2 - dot - 1) + "/" + upstream.substr(0, dot);
  const std::string port = upstream.substr(colon + 1, upstream.find('/', colon) - colon - 1);
  if (!run.facts.service_ips.count(key)) return Status::terminal("no Service " + key + " for the upstream " + upstream);
  const std::string ip = run.facts.service_ips.at(key);
  auto standin = std::make_unique<UpstreamStandin>();
  std::ofstream(standin->dir / "index.html") << "<html><body>" << kUpstreamPage << "</body></html>\n";
  std::vector<std::string> argv = run.net->enter();
  for (const std::string& a : {std::string("python3"), std::string("-m"), std::string("http.server"), port, std::string("--bind"), ip,
                               std::string("--directory"), standin->dir.path()})
    argv.push_back(a);
  if (Status s = standin->server.start(argv, standin->dir / "server.log"); !s) return s;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < end) {
    if (auto fd = run.net->connect(ip, std::stoi(port), std::chrono::seconds(1)); fd) {
      close(*fd);
      return standin;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Status::terminal("the upstream stand-in does not listen on " + ip + ":" + port + ": " + standin->server.log());
}

TEST(KeycloakContract, Oauth2ProxyStartsWithTheRenderedArgsAndSendsABrowserToKeycloakToSignIn) {
  auto program = contract_program("oauth2-proxy", "OAUTH2_PROXY_VERSION", "oauth2-proxy");
  ASSERT_TRUE(program) << program.status().message();
  SsoRun& run = sso_run();
  ASSERT_TRUE(run.status) << run.status.message();

  ContractPod proxy(*run.net, run.facts, proxy_deployment(), {"grafana-sso-5c8d7f9b4-q8z2m", kProxyIp}, "oauth2-proxy",
                    oauth2_proxy_image(*program));
  Status started = proxy.start();
  ASSERT_TRUE(started) << started.message();
  std::vector<std::string> rendered = {*program};
  for (const Json& a : first_container(proxy_deployment())["args"]) rendered.push_back(a.get<std::string>());
  EXPECT_EQ(proxy.argv(), rendered);
  Status ready = proxy.wait_ready(std::chrono::seconds(60));
  ASSERT_TRUE(ready) << ready.message();

  // A browser's first request for Grafana, as ingress-nginx forwards it: sent to Keycloak's public
  // authorization endpoint of the realm, for the rendered client and callback, with PKCE.
  const std::string grafana = "grafana.betelgeusebytes.io";
  std::vector<std::string> headers = forwarded_by_ingress_nginx(grafana);
  headers.push_back("Accept: text/html,application/xhtml+xml");
  auto answer = run.net->http(std::string("http://") + kProxyIp + ":4180/", HttpRequest{"GET", "", headers, false},
                              std::chrono::seconds(20));
  ASSERT_TRUE(answer) << answer.status().message();
  EXPECT_EQ(answer->status, 302) << answer->body.substr(0, 500) << "\n" << proxy.log();
  const std::string auth = "https://" + run.public_host + "/realms/platform/protocol/openid-connect/auth?";
  ASSERT_EQ(answer->location.rfind(auth, 0), 0u) << answer->location;
  const std::string query = "&" + answer->location.substr(auth.size()) + "&";
  EXPECT_NE(query.find("&client_id=oauth2-proxy&"), std::string::npos) << answer->location;
  EXPECT_NE(query.find("&redirect_uri=" + percent_encode("https://" + grafana + "/oauth2/callback") + "&"), std::string::npos)
      << answer->location;
  EXPECT_NE(query.find("&response_type=code&"), std::string::npos) << answer->location;
  EXPECT_NE(query.find("&code_challenge_method=S256&"), std::string::npos) << answer->location;

  // That URL, as the browser then asks Keycloak through ingress-nginx, is Keycloak's sign-in page
  // for the client: the realm, the client and the redirect URI are all accepted.
  std::vector<std::string> to_keycloak = forwarded_by_ingress_nginx(run.public_host);
  to_keycloak.push_back("Accept: text/html");
  auto page = run.net->http(std::string("http://") + kKeycloakIp + ":8080" + answer->location.substr(("https://" + run.public_host).size()),
                            HttpRequest{"GET", "", to_keycloak, false}, std::chrono::seconds(20));
  ASSERT_TRUE(page) << page.status().message();
  EXPECT_EQ(page->status, 200) << page->body.substr(0, 800);
  const std::string action = form_action(page->body, "kc-form-login");
  ASSERT_EQ(action.rfind("https://" + run.public_host + "/realms/platform/login-actions/authenticate?", 0), 0u)
      << page->body.substr(0, 800);

  // A user of the realm signs in on that page; Keycloak sends the browser back to the rendered
  // callback with a code, which the proxy redeems inside the cluster (the rendered redeem URL, the
  // generated client secret, PKCE), checking the ID token against the rendered issuer and keys;
  // the session it then sets lets the browser's next request through to Grafana's Service (a
  // stand-in answering there).
  auto bearer = admin_bearer(run);
  ASSERT_TRUE(bearer) << bearer.status().message();
  const std::string user_password = "contract-Test-pw-1";
  Json user = {{"username", "ada"}, {"enabled", true}, {"email", "ada@example.org"}, {"emailVerified", true},
               {"firstName", "Ada"}, {"lastName", "Lovelace"},
               {"credentials", Json::array({{{"type", "password"}, {"value", user_password}, {"temporary", false}}})}};
  auto made = run.net->http(std::string("http://") + kKeycloakIp + ":8080/admin/realms/platform/users",
                            HttpRequest{"POST", user.dump(), {*bearer, "Content-Type: application/json"}, true}, std::chrono::seconds(20));
  ASSERT_TRUE(made) << made.status().message();
  ASSERT_EQ(made->status, 201) << made->body.substr(0, 500);

  auto upstream = start_upstream_standin(run, first_container(proxy_deployment()));
  ASSERT_TRUE(upstream) << upstream.status().message();

  std::vector<std::string> post = to_keycloak;
  post.push_back("Cookie: " + cookie_header(page->cookies));
  post.push_back("Content-Type: application/x-www-form-urlencoded");
  auto signed_in = run.net->http(std::string("http://") + kKeycloakIp + ":8080" + action.substr(("https://" + run.public_host).size()),
                                 HttpRequest{"POST", "username=ada&password=" + percent_encode(user_password) + "&credentialId=", post, false},
                                 std::chrono::seconds(20));
  ASSERT_TRUE(signed_in) << signed_in.status().message();
  ASSERT_EQ(signed_in->status, 302) << signed_in->body.substr(0, 800);
  // What Keycloak answers the browser, and the proxy too, fits the buffer ingress-nginx has for
  // each one's Ingress.
  const long keycloak_buffer = ingress_header_buffer(run.facts, "sso", "keycloak");
  EXPECT_LE(page->header_bytes, keycloak_buffer) << "Keycloak's sign-in page";
  EXPECT_LE(signed_in->header_bytes, keycloak_buffer) << "Keycloak's answer to the sign-in (its session cookies)";
  const std::string callback = "https://" + grafana + "/oauth2/callback?";
  ASSERT_EQ(signed_in->location.rfind(callback, 0), 0u) << signed_in->location;

  std::vector<std::string> back = headers;
  back.push_back("Cookie: " + cookie_header(answer->cookies));
  auto session = run.net->http(std::string("http://") + kProxyIp + ":4180" + signed_in->location.substr(("https://" + grafana).size()),
                               HttpRequest{"GET", "", back, false}, std::chrono::seconds(20));
  ASSERT_TRUE(session) << session.status().message();
  ASSERT_EQ(session->status, 302) << session->body.substr(0, 500) << "\nthe proxy's log:\n" << proxy.log();
  const long proxy_buffer = ingress_header_buffer(run.facts, "sso", "grafana");
  EXPECT_LE(answer->header_bytes, proxy_buffer) << "the proxy's redirect to Keycloak";
  EXPECT_LE(session->header_bytes, proxy_buffer) << "the proxy's answer to the callback (its session cookie)";
  std::cout << "[ headers  ] Keycloak's answers " << page->header_bytes << " and " << signed_in->header_bytes << " bytes (Ingress buffer "
            << keycloak_buffer << "); the proxy's " << answer->header_bytes << " and " << session->header_bytes << " (buffer "
            << proxy_buffer << ")\n";
  EXPECT_NE(cookie_header(session->cookies).find("_oauth2_grafana="), std::string::npos) << cookie_header(session->cookies);

  std::vector<std::string> again = headers;
  again.push_back("Cookie: " + cookie_header(session->cookies));
  auto through = run.net->http(std::string("http://") + kProxyIp + ":4180/", HttpRequest{"GET", "", again, false}, std::chrono::seconds(20));
  ASSERT_TRUE(through) << through.status().message();
  EXPECT_EQ(through->status, 200) << through->body.substr(0, 500) << "\nthe proxy's log:\n" << proxy.log();
  EXPECT_NE(through->body.find(kUpstreamPage), std::string::npos) << through->body.substr(0, 500);
  EXPECT_TRUE(proxy.running()) << proxy.how_it_ended() << "\n" << proxy.log();
}

}  // namespace
}  // namespace bg::testing
