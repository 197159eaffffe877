// cert-manager's contract (issue 13): the controller, built from cert-manager's root Go module at
// the release the render pins (the proxy does not serve the module of the release's own main, so
// testing/contract/cert-manager-controller/main.go wires the root module's controllers; docs/
// components.md says what that leaves unproven), run as the kubelet would run its rendered
// container — exactly the rendered args and env and the real token of its rendered service
// account, so the real RBAC authorizer judges the rendered ClusterRole — against the real control
// plane (scripts/real-cluster.sh) with the rendered CRDs and every rendered Ingress.
//
// Let's Encrypt cannot be reached from a test, so each rendered ClusterIssuer is replaced by a CA
// ClusterIssuer of the same name whose CA the test makes (openssl) and stores in the cluster
// resource namespace the render passes. The controller's real job is then checked end to end:
// ingress-shim makes a Certificate for each rendered Ingress that asks for one, and every one
// becomes Ready with a certificate in its Secret that the test's CA signed and whose SANs are
// exactly the Ingress's TLS hosts (openssl verify and x509).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "apply/health.h"
#include "common/process.h"
#include "k8s/json_view.h"
#include "testing/applied_objects.h"
#include "testing/contract_cluster.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"
#include "testing/fixtures.h"
#include "testing/process_memory.h"

namespace bg::testing {
namespace {

using k8s::JsonView;
using manifest::Json;

constexpr const char* kNamespace = "cert-manager";
constexpr const char* kIssuerAnnotation = "cert-manager.io/cluster-issuer";
constexpr const char* kCaSecret = "contract-test-ca";


std::string label(const Json& o, const std::string& key) {
  const Json& labels = o["metadata"].value("labels", Json::object());
  return labels.contains(key) ? labels[key].get<std::string>() : "";
}

// A certificate the render asks cert-manager for: a Certificate `ns/name` that must become Ready
// with a certificate in Secret `ns/secret` for exactly `hosts`.
struct WantedCertificate {
  std::string ns, name, secret;
  std::vector<std::string> hosts;  // sorted
  bool own_issuer = false;         // a namespaced Issuer's (a component's own CA), not the ClusterIssuer's
};

// What a render asks for, and the objects that ask (put in `askers`): ingress-shim's Certificate
// for each TLS entry of an Ingress annotated with a cluster issuer (named by its Secret, as
// ingress-shim names it), and each rendered Certificate (the Gateway API backend renders them).
std::vector<WantedCertificate> wanted_certificates(const ClusterFacts& facts, std::vector<Json>* askers) {
  std::vector<WantedCertificate> wanted;
  for (const Json& o : facts.objects) {
    const std::string ns = o["metadata"].value("namespace", "");
    if (o["kind"] == "Ingress" && o["metadata"].value("annotations", Json::object()).contains(kIssuerAnnotation)) {
      askers->push_back(o);
      for (const Json& tls : o["spec"]["tls"]) {
        WantedCertificate w{ns, tls["secretName"], tls["secretName"], {}};
        for (const Json& h : tls["hosts"]) w.hosts.push_back(h);
        wanted.push_back(w);
      }
    } else if (o["kind"] == "Certificate") {
      askers->push_back(o);
      WantedCertificate w{ns, o["metadata"]["name"], o["spec"]["secretName"], {}};
      for (const Json& h : o["spec"].value("dnsNames", Json::array())) w.hosts.push_back(h);  // a client certificate has none
      w.own_issuer = o["spec"].value("issuerRef", Json::object()).value("kind", "Issuer") == "Issuer";
      wanted.push_back(w);
    }
  }
  for (WantedCertificate& w : wanted) std::sort(w.hosts.begin(), w.hosts.end());
  return wanted;
}

// What apply would send for cert-manager (its namespace, CRDs, RBAC, Deployment, Service,
// policies), the objects asking for certificates and the namespaces they live in; each rendered
// ClusterIssuer replaced by a CA ClusterIssuer of its name. The webhook and cainjector run in a
// test of their own: here their configurations (failurePolicy Fail) would refuse every
// cert-manager object while nothing serves them.
Json objects_for_the_cluster(const ClusterFacts& facts, const std::vector<Json>& askers, std::set<std::string>* issuers) {
  std::set<std::string> namespaces = {kNamespace};
  for (const Json& o : askers) namespaces.insert(o["metadata"]["namespace"].get<std::string>());
  Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
  for (const Json& o : facts.objects) {
    const std::string ns = o["metadata"].value("namespace", "");
    if (o["kind"] == "Namespace" && namespaces.count(o["metadata"]["name"])) {
      list["items"].push_back(o);
    } else if (o["kind"] == "ClusterIssuer") {
      issuers->insert(o["metadata"]["name"].get<std::string>());
      Json ca = o;
      ca["spec"] = {{"ca", {{"secretName", kCaSecret}}}};
      list["items"].push_back(ca);
    } else if (o["kind"] == "Issuer") {  // a component's own CA (Postgres' client CA): issued as rendered
      list["items"].push_back(o);
    } else if (label(o, "app.kubernetes.io/name") == "cert-manager" && (ns.empty() || ns == kNamespace)) {
      list["items"].push_back(o);
    }
  }
  for (const Json& o : askers) list["items"].push_back(o);
  return list;
}

// The elements of an array member (none when it is absent).
std::vector<Json> items(JsonView array) {
  std::vector<Json> out;
  for (JsonView v : array.items()) out.push_back(v.copy());
  return out;
}

bool has_condition(const Json& o, const std::string& type) {
  for (const Json& c : items(JsonView(o)["status"]["conditions"]))
    if (c.value("type", "") == type && c.value("status", "") == "True") return true;
  return false;
}

const Json& deployment(const std::string& name) { return example_object("apps", "Deployment", kNamespace, name); }
Json rendered_container(const std::string& name) { return (*pod_template(deployment(name)))["spec"]["containers"][0]; }

// A component's Deployment in the render `facts` come from (null when it has none).
Json deployment_in(const ClusterFacts& facts, const std::string& name) {
  const Json* d = facts.find("Deployment", kNamespace, name);
  return d ? *d : Json();
}

// The pod the real controllers made for a rendered Deployment, Running with an IP under kwok
// (polled: `kubectl wait -l` answers at once while no pod exists yet); null after 120 s.
Json running_pod(const RealCluster& cluster, const std::string& name) {
  auto pod_of = [&] {
    Json pods = Json::parse(kubectl(cluster, {"-n", kNamespace, "get", "pods", "-l", "app.kubernetes.io/name=" + name,
                                              "-o", "json"}),
                            nullptr, false);
    for (const Json& p : items(JsonView(pods)["items"]))
      if (JsonView(p)["status"]["phase"].str() == "Running" && !JsonView(p)["status"]["podIP"].str().empty()) return p;
    return Json();
  };
  return poll_until(120, pod_of, [](const Json& p) { return p.is_object(); });
}

// One component's container as a pod of `net`, with its service account's real token, started
// with exactly what is rendered (`program` standing for the image's entrypoint,
// /app/cmd/<program>/<program> on distroless static with no CMD, as hack/containers/Containerfile.*
// build quay.io/jetstack/cert-manager-<program>; the render sets the user) and ready by its own
// probe; null, and a test failure, when it does not get there.
std::unique_ptr<ContractPod> start_ready(const RealCluster& cluster, ClusterFacts& facts, PodNetwork& net,
                                         const std::string& component, const std::string& program) {
  auto path = contract_program("cert-manager", "CERT_MANAGER_VERSION", program);
  if (!path) {
    ADD_FAILURE() << path.status().message();
    return nullptr;
  }
  Json pod = running_pod(cluster, component);
  if (!pod.is_object()) {
    ADD_FAILURE() << "no " << component << " pod is Running with an IP after 120 s";
    return nullptr;
  }
  PodPlacement placement{pod.at("metadata").at("name"), pod.at("status").at("podIP")};
  placement.pod_uid = pod.at("metadata").at("uid");
  placement.node_name = pod.at("spec").at("nodeName");
  placement.host_ip = pod["status"].value("hostIP", "127.0.0.1");
  const Json workload = deployment_in(facts, component);
  const Json tmpl = *pod_template(workload);
  issue_token(cluster, facts, kNamespace, JsonView(tmpl)["spec"]["serviceAccountName"].str());
  ContainerImage image;
  image.entrypoint = {*path};
  auto started = std::make_unique<ContractPod>(net, facts, workload, placement, component, image);
  Status s = started->start();
  if (!s) {
    ADD_FAILURE() << component << ": " << s.message();
    return nullptr;
  }
  std::vector<std::string> expected = {*path};
  for (const Json& a : tmpl["spec"]["containers"][0]["args"]) {
    std::string arg = a;
    const std::string var = "$(POD_NAMESPACE)";
    for (auto at = arg.find(var); at != std::string::npos; at = arg.find(var)) arg.replace(at, var.size(), kNamespace);
    expected.push_back(arg);
  }
  EXPECT_EQ(started->argv(), expected) << component << ": exactly the rendered args after the entrypoint";
  Status ready = started->wait_ready(std::chrono::seconds(90));
  if (!ready) {
    ADD_FAILURE() << component << ": " << ready.message() << "\nits log:\n" << started->log();
    return nullptr;
  }
  return started;
}

// A component started by start_ready() in a pod network of its own, with the API server in it.
struct RunningComponent {
  std::unique_ptr<PodNetwork> net;
  std::unique_ptr<Forwarder> api;
  std::unique_ptr<ContractPod> pod;
};
RunningComponent start_in_own_network(const RealCluster& cluster, ClusterFacts& facts, const std::string& component,
                                      const std::string& program) {
  RunningComponent c;
  auto net = PodNetwork::create();
  if (!net) {
    ADD_FAILURE() << net.status().message();
    return c;
  }
  c.net = std::move(*net);
  auto api = api_server_in(*c.net, cluster, facts);
  if (!api) {
    ADD_FAILURE() << api.status().message();
    return c;
  }
  c.api = std::move(*api);
  c.pod = start_ready(cluster, facts, *c.net, component, program);
  return c;
}

// `kubectl <what> -o json --ignore-not-found`, parsed (null when nothing answers).
Json get_json(const RealCluster& cluster, std::vector<std::string> what) {
  what.insert(what.end(), {"-o", "json", "--ignore-not-found"});
  return Json::parse(kubectl(cluster, what), nullptr, false);
}

// Still running, and its processes fit in the rendered memory limit (the kubelet's cgroup).
void expect_running_within_its_memory_limit(ContractPod& pod, const ClusterFacts& facts, const std::string& component) {
  const Json container = (*pod_template(deployment_in(facts, component)))["spec"]["containers"][0];
  auto limit = memory_quantity_bytes(container["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = pod.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << component << " holds " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20)
                             << " MiB";
  ::testing::Test::RecordProperty(component + "_memory_mib", std::to_string(*in_use >> 20));
  EXPECT_TRUE(pod.running()) << component << ": " << pod.how_it_ended() << "\n" << pod.log();
}

std::string run_ok(const std::vector<std::string>& argv, const std::string& in = {}) {
  auto r = run_process(argv, in);
  if (!r || r->exit_code != 0) {
    ADD_FAILURE() << argv[0] << " " << (argv.size() > 1 ? argv[1] : "") << ": " << (r ? r->err : r.status().message());
    return "";
  }
  return r->out;
}

// The DNS names of a certificate's subjectAltName extension, sorted.
std::vector<std::string> dns_sans(const std::string& cert_file) {
  std::string text = run_ok({"openssl", "x509", "-in", cert_file, "-noout", "-ext", "subjectAltName"});
  std::vector<std::string> names;
  for (size_t at = text.find("DNS:"); at != std::string::npos; at = text.find("DNS:", at)) {
    at += 4;
    size_t end = text.find_first_of(", \n", at);
    names.push_back(text.substr(at, end == std::string::npos ? std::string::npos : end - at));
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(CertManagerContract, TheProgramsAreBuiltFromTheReleaseTheRenderPins) {
  const std::string pinned = contract_version("CERT_MANAGER_VERSION");
  for (auto [component, program] : {std::pair<std::string, std::string>{"cert-manager", "controller"},
                                    {"cert-manager-webhook", "webhook"}, {"cert-manager-cainjector", "cainjector"}}) {
    EXPECT_EQ(rendered_container(component)["image"], "quay.io/jetstack/cert-manager-" + program + ":" + pinned)
        << "catalog/" << component << ".yaml and testing/contract/versions.env must name the same release";
    auto path = contract_program("cert-manager", "CERT_MANAGER_VERSION", program);
    ASSERT_TRUE(path) << path.status().message();
    auto run = run_process({"go", "version", "-m", *path});
    ASSERT_TRUE(run && run->exit_code == 0) << *path;
    EXPECT_NE(run->out.find("github.com/cert-manager/cert-manager\t" + pinned), std::string::npos) << run->out;
  }
}

// The controller's job for one render of the example (`spec_file` its platform file): every
// certificate the render asks for Ready, signed by the CA of the ClusterIssuer standing for Let's
// Encrypt, for exactly the hosts asked.
void expect_every_certificate_ready(const std::string& spec_file, const pipeline::PipelineResult& render) {
  auto program = contract_program("cert-manager", "CERT_MANAGER_VERSION", "controller");
  ASSERT_TRUE(program) << program.status().message();
  auto facts = render_facts(render);
  ASSERT_TRUE(facts) << facts.status().message();
  std::vector<Json> askers;
  const std::vector<WantedCertificate> wanted = wanted_certificates(*facts, &askers);
  ASSERT_FALSE(wanted.empty()) << "the render asks cert-manager for no certificate";

  RealCluster cluster(spec_file, RealCluster::StandIns::kOff);  // the real cert-manager runs
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  std::set<std::string> issuers;
  // The CRDs first, as apply's first wave, until Established; then the rest.
  Json objects = objects_for_the_cluster(*facts, askers, &issuers);
  Json crds = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
  for (const Json& o : objects["items"])
    if (o["kind"] == "CustomResourceDefinition") crds["items"].push_back(o);
  ASSERT_EQ(crds["items"].size(), 6u) << "the six CRDs rendered with cert-manager";
  kubectl(cluster, {"apply", "--server-side", "-f", "-"}, crds.dump());
  // Polled, not `kubectl wait`: kubectl fails at once on a CRD that has no conditions yet.
  auto established = [&] {
    Json list = Json::parse(kubectl(cluster, {"get", "crd", "-l", "app.kubernetes.io/name=cert-manager", "-o", "json"}),
                            nullptr, false);
    size_t n = 0;
    for (const Json& crd : items(JsonView(list)["items"])) n += has_condition(crd, "Established");
    return n;
  };
  ASSERT_EQ(poll_until(60, established, [](size_t n) { return n == 6; }), 6u) << "cert-manager's CRDs not Established";
  kubectl(cluster, {"apply", "--server-side", "-f", "-"}, objects.dump());
  ASSERT_FALSE(issuers.empty()) << "the render has no ClusterIssuer";
  // Before cert-manager runs, apply's health rules must not call its objects ready.
  for (const Json& c : items(JsonView(get_json(cluster, {"get", "certificates,issuers,clusterissuers", "-A"}))["items"]))
    EXPECT_EQ(apply::health_of(c).health, apply::Health::kInProgress) << c.dump();

  // The CA the ClusterIssuers sign with, in the namespace the controller reads for cluster issuers
  // (--cluster-resource-namespace, the pod's own).
  TempDir ca_dir;
  const std::string ca_key = ca_dir / "ca.key", ca_crt = ca_dir / "ca.crt";
  run_ok({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", ca_key,
          "-out", ca_crt, "-days", "2", "-subj", "/CN=Betelgeuse contract test CA", "-addext",
          "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
  kubectl(cluster, {"-n", kNamespace, "create", "secret", "tls", kCaSecret, "--cert=" + ca_crt, "--key=" + ca_key});

  RunningComponent running = start_in_own_network(cluster, *facts, "cert-manager", "controller");
  ASSERT_TRUE(running.pod);
  ContractPod* controller = running.pod.get();
  auto get = [&](const std::vector<std::string>& what) { return get_json(cluster, what); };
  // Each ClusterIssuer Ready: the controller read the CA Secret with its own rights.
  Json ready_issuers = poll_until(60, [&] { return get({"get", "clusterissuers"}); }, [&](const Json& list) {
    size_t n = 0;
    for (const Json& i : items(JsonView(list)["items"])) n += has_condition(i, "Ready");
    return n == issuers.size();
  });
  for (const Json& i : items(JsonView(ready_issuers)["items"]))
    EXPECT_TRUE(has_condition(i, "Ready")) << i.dump() << "\nthe controller's log:\n" << controller->log();

  // Every Certificate asked for (ingress-shim's or rendered), Ready.
  auto all_ready = [&](const Json& list) {
    std::set<std::string> done;
    for (const Json& c : items(JsonView(list)["items"]))
      if (has_condition(c, "Ready")) done.insert(JsonView(c)["metadata"]["namespace"].str() + "/" + JsonView(c)["metadata"]["name"].str());
    for (const WantedCertificate& w : wanted)
      if (!done.count(w.ns + "/" + w.name)) return false;
    return true;
  };
  Json certs = poll_until(120, [&] { return get({"get", "certificates", "-A"}); }, all_ready);
  EXPECT_TRUE(all_ready(certs)) << certs.dump(1) << "\nthe controller's log:\n" << controller->log();
  // What the real cert-manager wrote is what apply's health rules call Current.
  for (const Json& o : items(JsonView(get({"get", "certificates,issuers,clusterissuers", "-A"}))["items"])) {
    apply::HealthReport h = apply::health_of(o);
    EXPECT_EQ(h.health, apply::Health::kCurrent) << h.message << "\n" << o.dump();
  }

  for (const WantedCertificate& w : wanted) {
    SCOPED_TRACE(w.ns + "/" + w.name);
    Json s = get({"-n", w.ns, "get", "secret", w.secret});
    const std::string b64 = JsonView(s)["data"]["tls.crt"].str();
    ASSERT_FALSE(b64.empty()) << "no tls.crt in Secret " << w.ns << "/" << w.secret;
    const std::string crt = ca_dir / (w.ns + "-" + w.secret + ".crt");
    std::ofstream(crt) << run_ok({"base64", "-d"}, b64);
    // A component's own CA (its Issuers, issued as rendered): the chain cert-manager wrote with it.
    std::string own_ca = ca_dir / (w.ns + "-" + w.secret + "-ca.crt");
    if (w.own_issuer) std::ofstream(own_ca) << run_ok({"base64", "-d"}, JsonView(s)["data"]["ca.crt"].str());
    std::string verified = run_ok({"openssl", "verify", "-CAfile", w.own_issuer ? own_ca : ca_crt, crt});
    EXPECT_NE(verified.find(": OK"), std::string::npos) << verified;
    EXPECT_EQ(dns_sans(crt), w.hosts) << "the certificate's DNS names are exactly the hosts asked for";
  }

  // Leader election took the rendered Lease with the rendered RBAC, in --leader-election-namespace.
  Json lease = get({"-n", kNamespace, "get", "lease", "cert-manager-controller"});
  EXPECT_NE(JsonView(lease)["spec"]["holderIdentity"].str(), "") << lease.dump();

  expect_running_within_its_memory_limit(*controller, *facts, "cert-manager");
}

TEST(CertManagerContract, EveryRenderedIngressGetsAReadyCertificateForItsHostsOnTheRealControlPlane) {
  expect_every_certificate_ready(source_path("examples/betelgeusebytes.yaml"), example_render());
}

// On the Gateway API backend the render states the Certificates itself (in the Gateway's
// namespace) and the controller runs with --enable-gateway-api, so Gateway API's CRDs must be
// there (the cluster installs them, as `betelgeuse nodes apply` does for that backend).
TEST(CertManagerContract, EveryRenderedCertificateOfTheGatewayBackendBecomesReadyOnTheRealControlPlane) {
  TempDir dir;
  const std::string spec = dir / "platform.yaml";
  std::ofstream(spec) << gateway_example_spec();
  static const pipeline::PipelineResult render = pipeline::run_text(gateway_example_spec(), "examples/betelgeusebytes.yaml");
  expect_every_certificate_ready(spec, render);
}

// The webhook and cainjector together, as the render wires them: the webhook makes its serving CA
// in the rendered Secret (with its own RBAC), the cainjector copies that CA into the rendered
// webhook configurations (with its own), and a client that trusts only the injected caBundle — as
// the API server does — reaches the webhook at the Service's DNS name and port from the rendered
// configuration, and gets its verdicts: a valid Certificate admitted, an invalid one refused. The
// API server's own call is not made: it cannot reach into the test's pod network.
TEST(CertManagerContract, TheWebhookServesWithTheCaTheCainjectorInjectsOnTheRealControlPlane) {
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  RealCluster cluster(source_path("examples/betelgeusebytes.yaml"), RealCluster::StandIns::kOff);  // the real cainjector runs
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
  for (const Json& o : facts->objects) {
    const std::string name = label(o, "app.kubernetes.io/name");
    if ((o["kind"] == "Namespace" && o["metadata"]["name"] == kNamespace) || name == "cert-manager-webhook" ||
        name == "cert-manager-cainjector")
      list["items"].push_back(o);
  }
  kubectl(cluster, {"apply", "--server-side", "-f", "-"}, list.dump());

  // Each in a network of its own: both listen on 9402 for metrics.
  RunningComponent webhook_run = start_in_own_network(cluster, *facts, "cert-manager-webhook", "webhook");
  ASSERT_TRUE(webhook_run.pod);
  RunningComponent injector_run = start_in_own_network(cluster, *facts, "cert-manager-cainjector", "cainjector");
  ASSERT_TRUE(injector_run.pod);
  ContractPod* webhook = webhook_run.pod.get();
  ContractPod* cainjector = injector_run.pod.get();
  auto get = [&](const std::vector<std::string>& what) { return get_json(cluster, what); };
  const Json& validating = example_object("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "", "cert-manager-webhook");
  const std::string ca_from = validating["metadata"]["annotations"]["cert-manager.io/inject-ca-from-secret"];
  const std::string ca_secret = ca_from.substr(ca_from.find('/') + 1);
  Json secret = poll_until(60, [&] { return get({"-n", kNamespace, "get", "secret", ca_secret}); },
                           [](const Json& s) { return !JsonView(s)["data"]["ca.crt"].str().empty(); });
  const std::string ca_b64 = JsonView(secret)["data"]["ca.crt"].str();
  ASSERT_FALSE(ca_b64.empty()) << "the webhook made no CA in " << ca_from << "\nits log:\n" << webhook->log();

  // The cainjector's job: the CA in every webhook of both rendered configurations.
  for (const char* kind : {"validatingwebhookconfiguration", "mutatingwebhookconfiguration"}) {
    auto injected = [&](const Json& c) {
      for (const Json& w : items(JsonView(c)["webhooks"]))
        if (JsonView(w)["clientConfig"]["caBundle"].str() != ca_b64) return false;
      return !items(JsonView(c)["webhooks"]).empty();
    };
    Json config = poll_until(60, [&] { return get({"get", kind, "cert-manager-webhook"}); }, injected);
    EXPECT_TRUE(injected(config)) << kind << ": " << config.dump() << "\nthe cainjector's log:\n" << cainjector->log();
    // Apply's gate waits for exactly this: the rendered configuration is InProgress until injected.
    EXPECT_EQ(apply::health_of(config).health, apply::Health::kCurrent) << config.dump();
    Json rendered = example_object("admissionregistration.k8s.io", kind == std::string("validatingwebhookconfiguration")
                                       ? "ValidatingWebhookConfiguration" : "MutatingWebhookConfiguration", "", "cert-manager-webhook");
    EXPECT_EQ(apply::health_of(rendered).health, apply::Health::kInProgress) << rendered.dump();
  }

  // What the API server sends, to where the rendered configuration points, trusting only the
  // injected CA (curl in the webhook's network, the Service's name resolved to its ClusterIP).
  TempDir dir;
  std::ofstream(dir / "ca.crt") << run_ok({"base64", "-d"}, ca_b64);
  const JsonView service = JsonView(validating)["webhooks"][0]["clientConfig"]["service"];
  const std::string host = service["name"].str() + "." + service["namespace"].str() + ".svc";
  const std::string port = std::to_string(service["port"].integer());
  const std::string cluster_ip = facts->service_ips.at(service["namespace"].str() + "/" + service["name"].str());
  auto review = [&](const Json& spec) {
    Json certificate = {{"apiVersion", "cert-manager.io/v1"},
                        {"kind", "Certificate"},
                        {"metadata", {{"name", "contract"}, {"namespace", "automation"}}},
                        {"spec", spec}};
    Json request = {{"apiVersion", "admission.k8s.io/v1"},
                    {"kind", "AdmissionReview"},
                    {"request",
                     {{"uid", "contract-review"},
                      {"kind", {{"group", "cert-manager.io"}, {"version", "v1"}, {"kind", "Certificate"}}},
                      {"resource", {{"group", "cert-manager.io"}, {"version", "v1"}, {"resource", "certificates"}}},
                      {"requestKind", {{"group", "cert-manager.io"}, {"version", "v1"}, {"kind", "Certificate"}}},
                      {"requestResource", {{"group", "cert-manager.io"}, {"version", "v1"}, {"resource", "certificates"}}},
                      {"name", "contract"},
                      {"namespace", "automation"},
                      {"operation", "CREATE"},
                      {"userInfo", {{"username", "contract-test"}}},
                      {"object", certificate},
                      {"dryRun", false}}}};
    std::ofstream(dir / "review.json") << request.dump();
    std::vector<std::string> argv = webhook_run.net->enter();
    const std::vector<std::string> curl = {"curl", "-sS", "--fail-with-body", "--max-time", "20", "--cacert", dir / "ca.crt",
                                           "--resolve", host + ":" + port + ":" + cluster_ip, "-H",
                                           "Content-Type: application/json", "--data-binary", "@" + dir / "review.json",
                                           "https://" + host + ":" + port + service["path"].str()};
    argv.insert(argv.end(), curl.begin(), curl.end());
    auto r = run_process(argv);
    if (!r || r->exit_code != 0) {
      ADD_FAILURE() << "curl: " << (r ? r->out + r->err : r.status().message()) << "\nthe webhook's log:\n" << webhook->log();
      return Json();
    }
    return Json::parse(r->out, nullptr, false);
  };
  const Json issuer = {{"name", "letsencrypt-production"}, {"kind", "ClusterIssuer"}, {"group", "cert-manager.io"}};
  Json valid = review({{"secretName", "contract-tls"}, {"dnsNames", {"contract.example.org"}}, {"issuerRef", issuer}});
  EXPECT_TRUE(JsonView(valid)["response"]["allowed"].boolean()) << valid.dump();
  EXPECT_EQ(JsonView(valid)["response"]["uid"].str(), "contract-review") << valid.dump();
  Json invalid = review({{"secretName", "contract-tls"}, {"issuerRef", issuer}});  // no name to certify
  EXPECT_FALSE(JsonView(invalid)["response"]["allowed"].boolean(true)) << invalid.dump();
  EXPECT_NE(JsonView(invalid)["response"]["status"]["message"].str().find("dnsNames"), std::string::npos) << invalid.dump();

  expect_running_within_its_memory_limit(*webhook, *facts, "cert-manager-webhook");
  expect_running_within_its_memory_limit(*cainjector, *facts, "cert-manager-cainjector");
}

}  // namespace
}  // namespace bg::testing
