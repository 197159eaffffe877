// The fidelity bar: the real kubectl against the test server. Every test fails (never skips) when
// kubectl is missing. Where kubectl and the test server disagree, the test server is wrong.
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

class KubectlFidelity : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(have_kubectl()) << "kubectl must be on PATH for the fidelity tests";
    auto r = run({"create", "namespace", "demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(r.out, "namespace/demo created\n");
  }
  CommandResult run(const std::vector<std::string>& args, const std::string& in = {}) {
    return kubectl(server_.kubeconfig(), args, in);
  }
  KubeTestServer server_{{}, {std::chrono::milliseconds(100), false}};
};

TEST_F(KubectlFidelity, CreatesGetsAndDeletesAnObject) {
  auto created = run({"create", "-f", "-"}, kConfigMap);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "configmap/web-config created\n");

  auto got = run({"get", "configmap", "web-config", "-n", "demo", "-o", "json"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  json obj = json::parse(got.out);
  EXPECT_EQ(obj["data"]["key"], "one");
  EXPECT_FALSE(obj["metadata"].value("uid", "").empty());
  EXPECT_FALSE(obj["metadata"].value("resourceVersion", "").empty());

  auto table = run({"get", "configmaps", "-n", "demo"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.substr(0, table.out.find('\n')), "NAME         DATA   AGE");
  EXPECT_NE(table.out.find("web-config   1      "), std::string::npos) << table.out;

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

TEST_F(KubectlFidelity, SelectsByLabel) {
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
  EXPECT_EQ(run({"get", "cm", "-n", "demo", "-l", "app!=web", "-o", "name"}).out, "configmap/c\n");
  auto none = run({"get", "cm", "-n", "demo", "-l", "app=nothing"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.err, "No resources found in demo namespace.\n");
}

TEST_F(KubectlFidelity, ServerSideApplyConflictsBetweenManagers) {
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
  // kubectl hides managedFields (and 1.20 lacks --show-managed-fields): read them on the server.
  json live;
  {
    auto& cluster = server_.server().cluster();
    std::lock_guard lock(cluster.mu);
    live = *cluster.get_locked(*cluster.registry.find("", "v1", "configmaps"), "demo", "web-config");
  }
  std::vector<std::string> owners;
  for (const json& m : live["metadata"]["managedFields"])
    if (m["fieldsV1"].contains("f:data")) owners.push_back(m["manager"]);
  EXPECT_EQ(owners, std::vector<std::string>{"bob"});
}

TEST_F(KubectlFidelity, ServerSideApplySharesAListElementByElement) {
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

TEST_F(KubectlFidelity, DiffShowsWhatAnApplyWouldChange) {
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

TEST_F(KubectlFidelity, DiffCoversCustomResources) {
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
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, widget).exit_code, 0);
  widget.replace(widget.find("size: 1"), 7, "size: 2");
  auto changed = run({"diff", "--server-side", "-f", "-"}, widget);
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  EXPECT_NE(changed.out.find("\n-  size: 1\n+  size: 2\n"), std::string::npos) << changed.out;
}

TEST_F(KubectlFidelity, WaitsForADeploymentToBecomeAvailable) {
  auto applied = run({"apply", "--server-side", "-f", "-"}, kDeployment);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  auto waited = run({"wait", "--for=condition=Available", "deployment/web", "-n", "demo", "--timeout=20s"});
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
  EXPECT_EQ(waited.out, "deployment.apps/web condition met\n");
  auto table = run({"get", "deploy", "web", "-n", "demo"});
  EXPECT_NE(table.out.find("web    2/2     2            2           "), std::string::npos) << table.out;
}

TEST_F(KubectlFidelity, WaitTimesOutOnADeploymentThatNeverBecomesReady) {
  std::string never = kDeployment;
  never.replace(never.find("  namespace: demo\n"), 0, "  annotations: {testserver.betelgeuse.dev/ready: never}\n");
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, never).exit_code, 0);
  auto waited = run({"wait", "--for=condition=Available", "deployment/web", "-n", "demo", "--timeout=1s"});
  EXPECT_EQ(waited.exit_code, 1);
  EXPECT_EQ(waited.err, "error: timed out waiting for the condition on deployments/web\n");
}

TEST_F(KubectlFidelity, WatchesWithGetW) {
  // kubectl get -w runs until killed: read its output as it comes, and stop it once the last
  // expected event is printed (or after 30 s), so the test takes as long as kubectl needs.
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  std::string kubeconfig = server_.kubeconfig();
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
  std::string printed;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    char buf[4096];
    for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) {
      printed.append(buf, static_cast<std::size_t>(n));
      auto at = printed.find("DELETED");  // the whole line, not only its start
      if (at != std::string::npos && printed.find('\n', at) != std::string::npos) break;
    }
    done = true;
  });
  std::thread deadline([pid, &done] {
    for (int i = 0; i < 300 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kill(pid, SIGTERM);
  });
  EXPECT_TRUE(server_.wait_for_watches(1));
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
    if (event != "EVENT") events.push_back(event + " " + name);
  }
  EXPECT_EQ(events, (std::vector<std::string>{"ADDED web-config", "MODIFIED web-config", "DELETED web-config"}))
      << printed;
}

TEST_F(KubectlFidelity, DeletesInTheForeground) {
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
  auto left = run({"get", "cm", "-n", "demo", "-o", "name"});
  EXPECT_EQ(left.out, "") << left.err;  // both gone
}

TEST_F(KubectlFidelity, DeletingANamespaceDeletesItsObjects) {
  ASSERT_EQ(run({"create", "-f", "-"}, kConfigMap).exit_code, 0);
  ASSERT_EQ(run({"apply", "--server-side", "-f", "-"}, kDeployment).exit_code, 0);
  auto deleted = run({"delete", "namespace", "demo"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "namespace \"demo\" deleted\n");
  auto ns = run({"get", "namespace", "demo"});
  EXPECT_EQ(ns.err, "Error from server (NotFound): namespaces \"demo\" not found\n");
  auto left = run({"get", "configmaps,deployments", "-A", "-o", "name"});
  EXPECT_EQ(left.exit_code, 0) << left.err;
  EXPECT_EQ(left.out, "");
}

}  // namespace
}  // namespace bg::testing
