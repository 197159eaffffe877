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

constexpr const char* kNamespace = "cert-manager";
constexpr const char* kIssuerAnnotation = "cert-manager.io/cluster-issuer";
constexpr const char* kCaSecret = "contract-test-ca";

const Json& controller_deployment() { return example_object("apps", "Deployment", kNamespace, "cert-manager"); }
Json controller_container() { return (*pod_template(controller_deployment()))["spec"]["containers"][0]; }

std::string label(const Json& o, const std::string& key) {
  const Json& labels = o["metadata"].value("labels", Json::object());
  return labels.contains(key) ? labels[key].get<std::string>() : "";
}

// The rendered Ingresses that ask cert-manager for a certificate.
std::vector<Json> tls_ingresses(const ClusterFacts& facts) {
  std::vector<Json> out;
  for (const Json& o : facts.objects)
    if (o["kind"] == "Ingress" && o["metadata"].value("annotations", Json::object()).contains(kIssuerAnnotation))
      out.push_back(o);
  return out;
}

// What apply would send for cert-manager (its namespace, CRDs, RBAC, Deployment, Service,
// policies), every Ingress asking for a certificate and the namespaces they live in; each rendered
// ClusterIssuer replaced by a CA ClusterIssuer of its name. The webhook and cainjector are left
// out: they are not built (docs/components.md), and the webhook's configurations (failurePolicy
// Fail) would refuse every cert-manager object while nothing serves them.
Json objects_for_the_cluster(const ClusterFacts& facts, std::set<std::string>* issuers) {
  std::set<std::string> namespaces = {kNamespace};
  for (const Json& ing : tls_ingresses(facts)) namespaces.insert(ing["metadata"]["namespace"].get<std::string>());
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
    } else if (label(o, "app.kubernetes.io/name") == "cert-manager" && (ns.empty() || ns == kNamespace)) {
      list["items"].push_back(o);
    }
  }
  for (const Json& ing : tls_ingresses(facts)) list["items"].push_back(ing);
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

TEST(CertManagerContract, TheProgramIsBuiltFromTheReleaseTheRenderPins) {
  const std::string pinned = contract_version("CERT_MANAGER_VERSION");
  EXPECT_EQ(controller_container()["image"], "quay.io/jetstack/cert-manager-controller:" + pinned)
      << "catalog/cert-manager.yaml and testing/contract/versions.env must name the same release";
  auto program = contract_program("cert-manager", "CERT_MANAGER_VERSION", "controller");
  ASSERT_TRUE(program) << program.status().message();
  auto run = run_process({"go", "version", "-m", *program});
  ASSERT_TRUE(run && run->exit_code == 0);
  EXPECT_NE(run->out.find("github.com/cert-manager/cert-manager\t" + pinned), std::string::npos) << run->out;
}

TEST(CertManagerContract, EveryRenderedIngressGetsAReadyCertificateForItsHostsOnTheRealControlPlane) {
  auto program = contract_program("cert-manager", "CERT_MANAGER_VERSION", "controller");
  ASSERT_TRUE(program) << program.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  const std::vector<Json> ingresses = tls_ingresses(*facts);
  ASSERT_FALSE(ingresses.empty()) << "the example renders no Ingress asking cert-manager for a certificate";

  RealCluster cluster(source_path("examples/betelgeusebytes.yaml"));
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  std::set<std::string> issuers;
  // The CRDs first, as apply's first wave, until Established; then the rest.
  Json objects = objects_for_the_cluster(*facts, &issuers);
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

  // The CA the ClusterIssuers sign with, in the namespace the controller reads for cluster issuers
  // (--cluster-resource-namespace, the pod's own).
  TempDir ca_dir;
  const std::string ca_key = ca_dir / "ca.key", ca_crt = ca_dir / "ca.crt";
  run_ok({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", ca_key,
          "-out", ca_crt, "-days", "2", "-subj", "/CN=Betelgeuse contract test CA", "-addext",
          "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
  kubectl(cluster, {"-n", kNamespace, "create", "secret", "tls", kCaSecret, "--cert=" + ca_crt, "--key=" + ca_key});

  // The controller's pod as the scheduler placed it and kwok runs it (Running with an IP).
  auto pod_of = [&] {
    Json pods = Json::parse(kubectl(cluster, {"-n", kNamespace, "get", "pods", "-l", "app.kubernetes.io/name=cert-manager",
                                              "-o", "json"}),
                            nullptr, false);
    for (const Json& p : items(JsonView(pods)["items"]))
      if (JsonView(p)["status"]["phase"].str() == "Running" && !JsonView(p)["status"]["podIP"].str().empty()) return p;
    return Json();
  };
  Json pod = poll_until(120, pod_of, [](const Json& p) { return p.is_object(); });
  ASSERT_TRUE(pod.is_object()) << "no cert-manager pod is Running with an IP after 120 s";
  PodPlacement placement{pod.at("metadata").at("name"), pod.at("status").at("podIP")};
  placement.pod_uid = pod.at("metadata").at("uid");
  placement.node_name = pod.at("spec").at("nodeName");
  placement.host_ip = pod["status"].value("hostIP", "127.0.0.1");

  issue_token(cluster, *facts, kNamespace, JsonView(*pod_template(controller_deployment()))["spec"]["serviceAccountName"].str());
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();
  auto api_server = api_server_in(**net, cluster, *facts);
  ASSERT_TRUE(api_server) << api_server.status().message();

  // quay.io/jetstack/cert-manager-controller (hack/containers/Containerfile.controller): ENTRYPOINT
  // /app/cmd/controller/controller on distroless static, no CMD; the render sets the user.
  ContainerImage image;
  image.entrypoint = {*program};
  ContractPod controller(**net, *facts, controller_deployment(), placement, "cert-manager", image);
  Status started = controller.start();
  ASSERT_TRUE(started) << started.message();
  std::vector<std::string> expected = {*program};
  const Json container = controller_container();
  for (const Json& a : container["args"]) {
    std::string arg = a;
    const std::string var = "$(POD_NAMESPACE)";
    if (auto at = arg.find(var); at != std::string::npos) arg.replace(at, var.size(), kNamespace);
    expected.push_back(arg);
  }
  EXPECT_EQ(controller.argv(), expected) << "exactly the rendered args after the entrypoint";
  Status ready = controller.wait_ready(std::chrono::seconds(90));
  ASSERT_TRUE(ready) << ready.message() << "\nits log:\n" << controller.log();

  auto get = [&](const std::vector<std::string>& what) {
    std::vector<std::string> args = what;
    args.insert(args.end(), {"-o", "json"});
    return Json::parse(kubectl(cluster, args), nullptr, false);
  };
  // Each ClusterIssuer Ready: the controller read the CA Secret with its own rights.
  Json ready_issuers = poll_until(60, [&] { return get({"get", "clusterissuers"}); }, [&](const Json& list) {
    size_t n = 0;
    for (const Json& i : items(JsonView(list)["items"])) n += has_condition(i, "Ready");
    return n == issuers.size();
  });
  for (const Json& i : items(JsonView(ready_issuers)["items"]))
    EXPECT_TRUE(has_condition(i, "Ready")) << i.dump() << "\nthe controller's log:\n" << controller.log();

  // ingress-shim's Certificate for each Ingress (named by its TLS secret), Ready.
  auto all_ready = [&](const Json& list) {
    std::set<std::string> done;
    for (const Json& c : items(JsonView(list)["items"]))
      if (has_condition(c, "Ready")) done.insert(JsonView(c)["metadata"]["namespace"].str() + "/" + JsonView(c)["metadata"]["name"].str());
    for (const Json& ing : ingresses)
      for (const Json& tls : ing["spec"]["tls"])
        if (!done.count(ing["metadata"]["namespace"].get<std::string>() + "/" + tls["secretName"].get<std::string>()))
          return false;
    return true;
  };
  Json certs = poll_until(120, [&] { return get({"get", "certificates", "-A"}); }, all_ready);
  EXPECT_TRUE(all_ready(certs)) << certs.dump(1) << "\nthe controller's log:\n" << controller.log();

  for (const Json& ing : ingresses) {
    const std::string ns = ing["metadata"]["namespace"];
    for (const Json& tls : ing["spec"]["tls"]) {
      const std::string secret = tls["secretName"];
      SCOPED_TRACE(ns + "/" + secret);
      Json s = get({"-n", ns, "get", "secret", secret, "--ignore-not-found"});
      const std::string b64 = JsonView(s)["data"]["tls.crt"].str();
      ASSERT_FALSE(b64.empty()) << "no tls.crt in Secret " << ns << "/" << secret;
      const std::string crt = ca_dir / (ns + "-" + secret + ".crt");
      std::ofstream(crt) << run_ok({"base64", "-d"}, b64);
      std::string verified = run_ok({"openssl", "verify", "-CAfile", ca_crt, crt});
      EXPECT_NE(verified.find(": OK"), std::string::npos) << verified;
      std::vector<std::string> hosts;
      for (const Json& h : tls["hosts"]) hosts.push_back(h);
      std::sort(hosts.begin(), hosts.end());
      EXPECT_EQ(dns_sans(crt), hosts) << "the certificate's DNS names are the Ingress's TLS hosts";
    }
  }

  // Leader election took the rendered Lease with the rendered RBAC, in --leader-election-namespace.
  Json lease = get({"-n", kNamespace, "get", "lease", "cert-manager-controller", "--ignore-not-found"});
  EXPECT_NE(JsonView(lease)["spec"]["holderIdentity"].str(), "") << lease.dump();

  // Its processes fit in the rendered memory limit.
  auto limit = memory_quantity_bytes(container["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = controller.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "the controller holds " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20) << " MiB";
  RecordProperty("memory_mib", std::to_string(*in_use >> 20));
  EXPECT_TRUE(controller.running()) << controller.how_it_ended() << "\n" << controller.log();
}

}  // namespace
}  // namespace bg::testing
