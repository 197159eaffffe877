// The fidelity bar: the real kubectl against the test server and, side by side, against the real
// control plane (scripts/real-cluster.sh): each test runs on both (`KubectlFidelity/...
// /TestServer`, `/RealControlPlane`) and asserts what kubectl really does on the real server.
// Where the two disagree, the test server is wrong (or the difference is listed in
// docs/testing.md). Every test fails (never skips) when kubectl is missing or a cluster does not
// start.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <atomic>
#include <sstream>
#include <thread>

#include "testing/kube_testserver.h"
#include "testing/live_cluster.h"

extern char** environ;

namespace bg::testing {
namespace {

using nlohmann::json;

const char* kConfigMap = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: demo
  labels: {app: web, tier: front}
data:
  key: one
)";

const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: "nginx:1.27"}
)";

std::string with_value(std::string yaml, const std::string& value) {
  yaml.replace(yaml.find("key: one"), 8, "key: " + value);
  return yaml;
}

// kubectl's `-o name` lines without the ConfigMap the real controller-manager publishes into every
// namespace (kube-root-ca.crt; the test server has none: docs/testing.md).
std::string without_root_ca(const std::string& names) {
  std::string out;
  std::istringstream lines(names);
  for (std::string line; std::getline(lines, line);)
    if (line != "configmap/kube-root-ca.crt") out += line + "\n";
  return out;
}

class KubectlFidelity : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(have_kubectl()) << "kubectl must be on PATH for the fidelity tests";
    // The example's machines as Nodes, so that the real scheduler has somewhere to put pods.
    cluster_ = start_live_cluster(GetParam(), {source_path("examples/betelgeusebytes.yaml"),
                                               {std::chrono::milliseconds(100), false}});
    ASSERT_FALSE(cluster_->kubeconfig().empty()) << cluster_->name() << " did not start";
    auto r = run({"create", "namespace", "demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(r.out, "namespace/demo created\n");
  }
  CommandResult run(const std::vector<std::string>& args, const std::string& in = {}) {
    return kubectl(cluster_->kubeconfig(), args, in);
  }
  json get(const std::vector<std::string>& args) {
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  std::unique_ptr<LiveCluster> cluster_;
};

INSTANTIATE_TEST_SUITE_P(Backends, KubectlFidelity, both_backends(), BackendName());

TEST_P(KubectlFidelity, CreatesGetsAndDeletesAnObject) {
  auto created = run({"create", "-f", "-"}, kConfigMap);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "configmap/web-config created\n");

  auto got = run({"get", "configmap", "web-config", "-n", "demo", "-o", "json"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  json obj = json::parse(got.out);
  EXPECT_EQ(obj["data"]["key"], "one");
  EXPECT_FALSE(obj["metadata"].value("uid", "").empty());
  EXPECT_FALSE(obj["metadata"].value("resourceVersion", "").empty());

  auto table = run({"get", "configmap", "web-config", "-n", "demo"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.substr(0, table.out.find('\n')), "NAME         DATA   AGE");
  EXPECT_EQ(table.out.find("\nweb-config   1      "), table.out.find('\n')) << table.out;

  auto again = run({"create", "-f", "-"}, kConfigMap);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "Error from server (AlreadyExists): error when creating \"STDIN\": configmaps \"web-config\" "
                       "already exists\n");

  auto deleted = run({"delete", "configmap", "web-config", "-n", "demo"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "configmap \"web-config\" deleted\n");

  auto missing = run({"get", "configmap", "web-config", "-n", "demo"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "Error from server (NotFound): configmaps \"web-config\" not found\n");
}

TEST_P(KubectlFidelity, SelectsByLabel) {
  for (const auto& [name, labels] : std::vector<std::pair<std::string, std::string>>{
           {"a", "app=web,tier=front"}, {"b", "app=web,tier=back"}, {"c", "app=db"}}) {
    ASSERT_EQ(run({"create", "configmap", name, "-n", "demo"}).exit_code, 0);
    std::vector<std::string> args = {"label", "configmap", name, "-n", "demo"};
    std::stringstream ss(labels);
    for (std::string l; std::getline(ss, l, ',');) args.push_back(l);
    auto labelled = run(args);
    ASSERT_EQ(labelled.exit_code, 0) << labelled.err;
  }
  EXPECT_EQ(run({"get", "cm", "-n", "demo", "-l", "app=web", "-o", "name"}).out, "configmap/a\nconfigmap/b\n");
  EXPECT_EQ(run({"get", "cm", "-n", "demo", "-l", "tier in (back)", "-o", "name"}).out, "configmap/b\n");
  EXPECT_EQ(run({"get", "cm", "-n", "demo", "-l", "app,!tier", "-o", "name"}).out, "configmap/c\n");
  // An object without the label matches `!=`: kube-root-ca.crt on the real server.
  std::string unlabelled = run({"get", "cm", "-n", "demo", "-l", "app!=web", "-o", "name"}).out;
  EXPECT_EQ(without_root_ca(unlabelled), "configmap/c\n");
  if (GetParam() == Backend::kRealControlPlane) {
    EXPECT_NE(unlabelled.find("configmap/kube-root-ca.crt"), std::string::npos);
  }
  auto none = run({"get", "cm", "-n", "demo", "-l", "app=nothing"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.err, "No resources found in demo namespace.\n");
}

TEST_P(KubectlFidelity, ServerSideApplyConflictsBetweenManagers) {
  auto alice = run({"apply", "--server-side", "--field-manager=alice", "-f", "-"}, kConfigMap);
  ASSERT_EQ(alice.exit_code, 0) << alice.err;
  EXPECT_EQ(alice.out, "configmap/web-config serverside-applied\n");

  auto bob = run({"apply", "--server-side", "--field-manager=bob", "-f", "-"}, with_value(kConfigMap, "two"));
  EXPECT_EQ(bob.exit_code, 1);
  EXPECT_EQ(bob.err.substr(0, bob.err.find('\n')),
            "error: Apply failed with 1 conflict: conflict with \"alice\": .data.key");

  // The same value is no conflict: bob becomes a co-owner.
  auto same = run({"apply", "--server-side", "--field-manager=bob", "-f", "-"}, kConfigMap);
  EXPECT_EQ(same.exit_code, 0) << same.err;

  auto forced = run({"apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", "-"},
                    with_value(kConfigMap, "two"));
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  json obj = json::parse(run({"get", "cm", "web-config", "-n", "demo", "-o", "json"}).out);
  EXPECT_EQ(obj["data"]["key"], "two");
  // kubectl hides managedFields (and 1.20 lacks --show-managed-fields): read the raw object.
  json live = get({"get", "--raw", "/api/v1/namespaces/demo/configmaps/web-config"});
  std::vector<std::string> owners;
  for (const json& m : live["metadata"]["managedFields"])
    if (m["fieldsV1"].contains("f:data")) owners.push_back(m["manager"]);
  EXPECT_EQ(owners, std::vector<std::string>{"bob"});
}

TEST_P(KubectlFidelity, ServerSideApplySharesAListElementByElement) {
  // Container ports are keyed by containerPort and protocol: two managers each own one port.
  std::string alice = kDeployment;
  alice.replace(alice.find("\"nginx:1.27\"}"), 13, "\"nginx:1.27\", ports: [{containerPort: 80}]}");
  std::string bob = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: demo}\nspec:\n"
                    "  template:\n    spec:\n      containers:\n"
                    "      - {name: web, ports: [{containerPort: 9090, name: metrics}]}\n";
  auto a = run({"apply", "--server-side", "--field-manager=alice", "-f", "-"}, alice);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto b = run({"apply", "--server-side", "--field-manager=bob", "-f", "-"}, bob);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  json ports = json::parse(run({"get", "deploy", "web", "-n", "demo", "-o", "json"}).out)["spec"]["template"]["spec"]
                   ["containers"][0]["ports"];
  ASSERT_EQ(ports.size(), 2u) << ports;
  EXPECT_EQ(ports[0]["containerPort"], 80);
  EXPECT_EQ(ports[1]["name"], "metrics");
  std::string clash = bob;
  clash.replace(clash.find("9090, name: metrics"), 19, "80, name: http");
  auto c = run({"apply", "--server-side", "--field-manager=bob", "-f", "-"}, clash);
  EXPECT_EQ(c.exit_code, 0) << c.err;  // alice never set the name of port 80: no conflict
  std::string image = bob;
  image.replace(image.find("- {name: web, "), 14, "- {name: web, image: other, ");
  auto d = run({"apply", "--server-side", "--field-manager=bob", "-f", "-"}, image);
  EXPECT_EQ(d.exit_code, 1) << d.out;
  EXPECT_EQ(d.err.substr(0, d.err.find('\n')),
            "error: Apply failed with 1 conflict: conflict with \"alice\": "
            ".spec.template.spec.containers[name=\"web\"].image");
}

TEST_P(KubectlFidelity, DiffShowsWhatAnApplyWouldChange) {
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, kConfigMap).exit_code, 0);
  auto same = run({"diff", "--server-side", "-f", "-"}, kConfigMap);
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_EQ(same.out, "");
  auto changed = run({"diff", "--server-side", "-f", "-"}, with_value(kConfigMap, "two"));
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  EXPECT_NE(changed.out.find("\n-  key: one\n+  key: two\n"), std::string::npos) << changed.out;
  // A diff is a dry run: nothing changed.
  EXPECT_EQ(json::parse(run({"get", "cm", "web-config", "-n", "demo", "-o", "json"}).out)["data"]["key"], "one");
}

TEST_P(KubectlFidelity, DiffCoversCustomResources) {
  // kubectl 1.20 finds a CRD's kind in the OpenAPI v2 paths as well before it dares a dry run.
  const char* crd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
)";
  std::string widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: demo}\nspec: {size: 1}\n";
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, crd).exit_code, 0);
  // The real server serves the kind once the CRD is Established, a moment later.
  auto established = run({"wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=20s"});
  ASSERT_EQ(established.exit_code, 0) << established.err;
  auto created = run({"apply", "--server-side", "-f", "-"}, widget);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  widget.replace(widget.find("size: 1"), 7, "size: 2");
  auto changed = run({"diff", "--server-side", "-f", "-"}, widget);
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  EXPECT_NE(changed.out.find("\n-  size: 1\n+  size: 2\n"), std::string::npos) << changed.out;
}

TEST_P(KubectlFidelity, WaitsForADeploymentToBecomeAvailable) {
  auto applied = run({"apply", "--server-side", "-f", "-"}, kDeployment);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  auto waited = run({"wait", "--for=condition=Available", "deployment/web", "-n", "demo", "--timeout=20s"});
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
  EXPECT_EQ(waited.out, "deployment.apps/web condition met\n");
  auto table = run({"get", "deploy", "web", "-n", "demo"});
  EXPECT_NE(table.out.find("web    2/2     2            2           "), std::string::npos) << table.out;
}

TEST_P(KubectlFidelity, WaitTimesOutOnADeploymentThatNeverBecomesReady) {
  // Never ready on either server: the test server's annotation says so, and on the real one no
  // node carries the label the pods select, so the scheduler leaves them Pending.
  std::string never = kDeployment;
  never.replace(never.find("  namespace: demo\n"), 0, "  annotations: {testserver.betelgeuse.dev/ready: never}\n");
  never.replace(never.find("      containers:"), 0, "      nodeSelector: {betelgeuse.dev/no-such-node: \"true\"}\n");
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, never).exit_code, 0);
  auto waited = run({"wait", "--for=condition=Available", "deployment/web", "-n", "demo", "--timeout=1s"});
  EXPECT_EQ(waited.exit_code, 1);
  EXPECT_EQ(waited.err, "error: timed out waiting for the condition on deployments/web\n");
}

TEST_P(KubectlFidelity, WatchesWithGetW) {
  // kubectl get -w runs until killed: read its output as it comes, and stop it once the last
  // expected event is printed (or after 30 s), so the test takes as long as kubectl needs. It
  // lists, then watches from the list's resourceVersion: once the list (the `marker`) is printed,
  // every later change reaches the watch, on either server.
  ASSERT_EQ(run({"create", "configmap", "marker", "-n", "demo"}).exit_code, 0);
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  std::string kubeconfig = cluster_->kubeconfig();
  std::vector<std::string> args = {"kubectl", "--kubeconfig", kubeconfig, "get", "cm", "-n", "demo", "-w",
                                   "--output-watch-events"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawnp(&pid, "kubectl", &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  std::string printed;  // the reader's alone until it is joined
  std::atomic<bool> done{false}, listed{false};
  std::thread reader([&] {
    char buf[4096];
    for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) {
      printed.append(buf, static_cast<std::size_t>(n));
      if (printed.find("marker") != std::string::npos) listed = true;
      auto at = printed.find("DELETED");  // the whole line, not only its start
      if (at != std::string::npos && printed.find('\n', at) != std::string::npos) break;
    }
    done = true;
  });
  std::thread deadline([pid, &done] {
    for (int i = 0; i < 300 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kill(pid, SIGTERM);
  });
  for (int i = 0; i < 300 && !listed && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(listed) << "kubectl get -w printed no list";
  EXPECT_EQ(run({"create", "-f", "-"}, kConfigMap).exit_code, 0);
  EXPECT_EQ(run({"label", "cm", "web-config", "-n", "demo", "extra=yes"}).exit_code, 0);
  EXPECT_EQ(run({"delete", "cm", "web-config", "-n", "demo"}).exit_code, 0);
  reader.join();
  deadline.join();
  close(out[0]);
  waitpid(pid, nullptr, 0);
  std::vector<std::string> events;
  std::stringstream ss(printed);
  for (std::string line; std::getline(ss, line);) {
    std::stringstream ls(line);
    std::string event, name;
    ls >> event >> name;
    if (name == "web-config") events.push_back(event + " " + name);
  }
  EXPECT_EQ(events, (std::vector<std::string>{"ADDED web-config", "MODIFIED web-config", "DELETED web-config"}))
      << printed;
}

TEST_P(KubectlFidelity, DeletesInTheForeground) {
  ASSERT_EQ(run({"create", "configmap", "owner", "-n", "demo"}).exit_code, 0);
  std::string uid = run({"get", "cm", "owner", "-n", "demo", "-o", "jsonpath={.metadata.uid}"}).out;
  std::string dependent = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dependent\n  namespace: demo\n"
                          "  finalizers: [example.com/hold]\n  ownerReferences: [{apiVersion: v1, kind: ConfigMap, "
                          "name: owner, uid: " + uid + ", blockOwnerDeletion: true}]\n";
  ASSERT_EQ(run({"create", "-f", "-"}, dependent).exit_code, 0);
  auto deleted = run({"delete", "cm", "owner", "-n", "demo", "--cascade=foreground", "--wait=false"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "configmap \"owner\" deleted\n");
  json owner = json::parse(run({"get", "cm", "owner", "-n", "demo", "-o", "json"}).out);
  EXPECT_EQ(owner["metadata"]["finalizers"], json::array({"foregroundDeletion"}));
  auto released = run({"patch", "cm", "dependent", "-n", "demo", "--type=merge", "-p", R"({"metadata":{"finalizers":null}})"});
  ASSERT_EQ(released.exit_code, 0) << released.err;
  // The real garbage collector works in the background: wait for both to go.
  auto gone = run({"wait", "--for=delete", "cm/owner", "cm/dependent", "-n", "demo", "--timeout=20s"});
  EXPECT_EQ(gone.exit_code, 0) << gone.err;
  auto left = run({"get", "cm", "owner", "dependent", "-n", "demo", "-o", "name", "--ignore-not-found"});
  EXPECT_EQ(left.out, "") << left.err;
}

TEST_P(KubectlFidelity, DeletingANamespaceDeletesItsObjects) {
  ASSERT_EQ(run({"create", "-f", "-"}, kConfigMap).exit_code, 0);
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, kDeployment).exit_code, 0);
  auto deleted = run({"delete", "namespace", "demo"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "namespace \"demo\" deleted\n");
  auto ns = run({"get", "namespace", "demo"});
  EXPECT_EQ(ns.err, "Error from server (NotFound): namespaces \"demo\" not found\n");
  auto left = run({"get", "configmaps,deployments", "-A", "--field-selector=metadata.namespace=demo", "-o", "name"});
  EXPECT_EQ(left.exit_code, 0) << left.err;
  EXPECT_EQ(left.out, "");
}

// Found on the real API server: built-in kinds are Go structs whose lists and maps are `omitempty`,
// so an empty one sent is absent when read back (a Role's `rules`, not omitempty, reads as null);
// empty structs (`podSelector: {}`, `emptyDir: {}`) stay. And a NetworkPolicy sent with one is
// written again on every apply.
TEST_P(KubectlFidelity, AnEmptyListOrMapSentToABuiltInKindIsAbsentWhenReadBack) {
  const char* objects = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: demo, labels: {}, annotations: {}}
spec:
  podSelector: {matchLabels: {}}
  policyTypes: [Egress, Ingress]
  ingress: []
  egress:
  - {ports: [], to: []}
  - to: [{namespaceSelector: {}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: empty, namespace: demo}
data: {}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: nothing, namespace: demo}
rules: []
)";
  auto applied = run({"apply", "--server-side", "-f", "-"}, objects);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  json np = get({"get", "networkpolicy", "np", "-n", "demo", "-o", "json"});
  EXPECT_EQ(np["spec"], json::parse(R"({"egress":[{},{"to":[{"namespaceSelector":{}}]}],"podSelector":{},)"
                                    R"("policyTypes":["Egress","Ingress"]})"));
  EXPECT_FALSE(np["metadata"].contains("labels")) << np["metadata"];
  EXPECT_FALSE(np["metadata"].contains("annotations")) << np["metadata"];
  EXPECT_FALSE(get({"get", "cm", "empty", "-n", "demo", "-o", "json"}).contains("data"));
  json role = get({"get", "role", "nothing", "-n", "demo", "-o", "json"});
  ASSERT_TRUE(role.contains("rules")) << role;
  EXPECT_TRUE(role["rules"].is_null()) << role;
  // Applied again unchanged: the ConfigMap and the Role are not written, but the NetworkPolicy is,
  // every time, with a new generation (its strategy compares the spec as decoded, empty lists and
  // all, with the stored one): why Betelgeuse's drift check must never send such a policy again.
  std::string cm_rv = get({"get", "cm", "empty", "-n", "demo", "-o", "json"})["metadata"]["resourceVersion"];
  std::string role_rv = role["metadata"]["resourceVersion"];
  ASSERT_EQ(np["metadata"]["generation"], 1);
  for (int generation : {2, 3}) {
    ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, objects).exit_code, 0);
    EXPECT_EQ(get({"get", "networkpolicy", "np", "-n", "demo", "-o", "json"})["metadata"]["generation"], generation);
  }
  EXPECT_EQ(get({"get", "cm", "empty", "-n", "demo", "-o", "json"})["metadata"]["resourceVersion"], cm_rv);
  EXPECT_EQ(get({"get", "role", "nothing", "-n", "demo", "-o", "json"})["metadata"]["resourceVersion"], role_rv);
  // Without the empty lists, the same policy applied again is no write.
  std::string plain = objects;
  plain.replace(plain.find("  ingress: []\n"), 14, "");
  plain.replace(plain.find("{matchLabels: {}}"), 17, "{}");
  plain.replace(plain.find("{ports: [], to: []}"), 19, "{}");
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, plain).exit_code, 0);
  json settled = get({"get", "networkpolicy", "np", "-n", "demo", "-o", "json"});
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, plain).exit_code, 0);
  EXPECT_EQ(get({"get", "networkpolicy", "np", "-n", "demo", "-o", "json"})["metadata"]["resourceVersion"],
            settled["metadata"]["resourceVersion"]);
}

// Found on the real API server: a resource quantity is stored as a Quantity and read back as its
// canonical string, whatever form (number, "0.5", "1000m", "1.5Gi") was sent.
TEST_P(KubectlFidelity, AResourceQuantityIsReadBackInTheServersCanonicalForm) {
  const char* deployment = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: q, namespace: demo}
spec:
  selector: {matchLabels: {app: q}}
  template:
    metadata: {labels: {app: q}}
    spec:
      volumes: [{name: v, emptyDir: {}}, {name: w, emptyDir: {sizeLimit: 1024Mi}}]
      containers:
      - name: q
        image: nginx
        resources:
          limits: {cpu: 1, memory: 1073741824, nvidia.com/gpu: 1}
          requests: {cpu: "0.5", memory: "1000Mi", ephemeral-storage: "1000m"}
      - name: r
        image: nginx
        resources: {limits: {cpu: 2.5, memory: "2e9"}, requests: {cpu: "1000m", memory: "1.5Gi"}}
      - {name: s, image: nginx, resources: {}}
)";
  auto applied = run({"apply", "--server-side", "-f", "-"}, deployment);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  json spec = get({"get", "deploy", "q", "-n", "demo", "-o", "json"})["spec"]["template"]["spec"];
  EXPECT_EQ(spec["containers"][0]["resources"],
            json::parse(R"({"limits":{"cpu":"1","memory":"1073741824","nvidia.com/gpu":"1"},)"
                        R"("requests":{"cpu":"500m","ephemeral-storage":"1","memory":"1000Mi"}})"));
  EXPECT_EQ(spec["containers"][1]["resources"],
            json::parse(R"({"limits":{"cpu":"2500m","memory":"2e9"},"requests":{"cpu":"1","memory":"1536Mi"}})"));
  EXPECT_EQ(spec["containers"][2]["resources"], json::object());
  EXPECT_EQ(spec["volumes"], json::parse(R"([{"emptyDir":{},"name":"v"},{"emptyDir":{"sizeLimit":"1Gi"},"name":"w"}])"));
}

}  // namespace
}  // namespace bg::testing
