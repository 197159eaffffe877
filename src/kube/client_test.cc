// The client against the real test server over TLS: client certificates, bearer tokens and an exec
// plugin; every operation; watches that resume and relist; and retries through injected faults.
#include "kube/client.h"

#include <gtest/gtest.h>

// Designated initializers name the options a test sets; GCC 12 warns about the ones left out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "testing/kube_testserver.h"
#include "testing/testserver/pki.h"

namespace bg::kube {
namespace {

using nlohmann::json;

json config_map(const std::string& name, const std::string& value, json labels = json::object()) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", labels}}},
          {"data", {{"key", value}}}};
}

std::unique_ptr<Client> client_for(const std::string& kubeconfig, const std::string& context, ClientOptions o = {}) {
  DiskFileSystem fs;
  auto loaded = load_client_config({.kubeconfig_flag = kubeconfig, .context = context}, fs);
  EXPECT_TRUE(loaded.config) << render_diagnostics(loaded.diagnostics, loaded.sources, false);
  if (!loaded.config) return nullptr;
  auto c = Client::connect(*loaded.config, o);
  EXPECT_TRUE(c) << c.status().message();
  return c ? std::move(*c) : nullptr;
}

void exercise(Client& c) {
  auto created = c.create(config_map("one", "a"));
  ASSERT_TRUE(created) << created.status().message();
  auto got = c.get({"v1", "ConfigMap", "", "one"});
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((**got)["data"]["key"], "a");
  auto applied = c.apply(config_map("one", "b"), {.field_manager = "betelgeuse", .force = true});
  ASSERT_TRUE(applied) << applied.status().message();
  EXPECT_EQ((*applied)["data"]["key"], "b");
  auto listed = c.list("v1", "ConfigMap", "default");
  ASSERT_TRUE(listed);
  EXPECT_EQ((*listed)["items"].size(), 1u);
  EXPECT_EQ(c.remove({"v1", "ConfigMap", "", "one"}).value(), true);
  EXPECT_EQ(c.remove({"v1", "ConfigMap", "", "one"}).value(), false);
  auto gone = c.get({"v1", "ConfigMap", "", "one"});
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
}

TEST(Client, WorksWithAClientCertificate) {
  testing::KubeTestServer server;
  auto c = client_for(server.kubeconfig(), "testserver");
  ASSERT_TRUE(c);
  exercise(*c);
}

TEST(Client, WorksWithABearerToken) {
  testing::KubeTestServer server;
  auto c = client_for(server.kubeconfig(), "testserver-token");
  ASSERT_TRUE(c);
  exercise(*c);
}

TEST(Client, WorksWithAnExecPlugin) {
  testing::KubeTestServer server;
  testing::TempDir dir;
  std::string plugin = dir / "plugin.sh";
  {
    std::ofstream out(plugin);
    out << "#!/bin/sh\necho \"$KUBERNETES_EXEC_INFO\" > " << dir / "info.json" << "\n"
        << "printf '{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{"
           "\"token\":\"" << server.server().token() << "\"}}'\n";
  }
  chmod(plugin.c_str(), 0755);
  std::string kc = testing::read_file(server.kubeconfig());
  kc.replace(kc.find("    token: "), kc.find("\ncontexts:") - kc.find("    token: "),
             "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: " + plugin +
                 "\n      provideClusterInfo: true");
  std::ofstream(dir / "kubeconfig") << kc;
  auto c = client_for(dir / "kubeconfig", "testserver-token");
  ASSERT_TRUE(c);
  exercise(*c);
  json info = json::parse(testing::read_file(dir / "info.json"));
  EXPECT_EQ(info["spec"]["cluster"]["server"], server.server().url());
}

TEST(Client, AWrongTokenIsATerminalUnauthorized) {
  testing::KubeTestServer server;
  DiskFileSystem fs;
  auto loaded = load_client_config({.kubeconfig_flag = server.kubeconfig(), .context = "testserver-token"}, fs);
  ASSERT_TRUE(loaded.config);
  loaded.config->token = "wrong";
  auto c = Client::connect(*loaded.config);
  auto r = (*c)->get({"v1", "ConfigMap", "", "x"});
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.status().is_transient());
  EXPECT_EQ(r.status().message(), "Unauthorized: the kubeconfig's credentials were refused by " + server.server().url());
  EXPECT_EQ(r.status().code(), Status::Code::kUnauthenticated);
}

TEST(Client, RefusesAServerItsCaDidNotSign) {
  testing::KubeTestServer server;
  DiskFileSystem fs;
  auto loaded = load_client_config({.kubeconfig_flag = server.kubeconfig()}, fs);
  ASSERT_TRUE(loaded.config);
  auto other = testserver::make_pki();
  ASSERT_TRUE(other);
  loaded.config->ca_pem = other->ca.cert_pem;
  auto c = Client::connect(*loaded.config);
  auto r = (*c)->list("v1", "ConfigMap", "default");
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.status().is_transient()) << r.status().message();
  EXPECT_EQ(r.status().code(), Status::Code::kUntrusted);
  EXPECT_EQ(r.status().message().rfind("the server's certificate is not trusted by the kubeconfig's CA (" +
                                       server.server().url() + ": ", 0), 0u) << r.status().message();
}

TEST(Client, AServerThatRefusesConnectionsIsUnavailableNeverNotFound) {
  testing::KubeTestServer server;
  DiskFileSystem fs;
  auto loaded = load_client_config({.kubeconfig_flag = server.kubeconfig()}, fs);
  ASSERT_TRUE(loaded.config);
  loaded.config->server = "https://127.0.0.1:1";
  ClientOptions o;
  o.request_timeout = std::chrono::milliseconds(300);
  auto c = Client::connect(*loaded.config, o);
  auto served = (*c)->serves("v1", "ConfigMap");
  ASSERT_FALSE(served);
  EXPECT_EQ(served.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(served.status().message().rfind("cannot reach https://127.0.0.1:1: connection refused (", 0), 0u)
      << served.status().message();
  auto got = (*c)->get({"v1", "ConfigMap", "", "x"});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.status().message(), served.status().message());  // at once: the server was just found unreachable
}

TEST(Client, MapsKindsThroughDiscoveryIncludingNewCrds) {
  testing::KubeTestServer server;
  auto c = client_for(server.kubeconfig(), "testserver");
  auto deploy = c->mapping("apps/v1", "Deployment");
  ASSERT_TRUE(deploy);
  EXPECT_EQ(deploy->resource, "deployments");
  EXPECT_TRUE(deploy->namespaced);
  EXPECT_FALSE(c->mapping("v1", "Namespace")->namespaced);
  EXPECT_FALSE(c->mapping("example.com/v1", "Widget"));
  json crd = {{"apiVersion", "apiextensions.k8s.io/v1"},
              {"kind", "CustomResourceDefinition"},
              {"metadata", {{"name", "widgets.example.com"}}},
              {"spec", {{"group", "example.com"}, {"scope", "Cluster"},
                        {"names", {{"plural", "widgets"}, {"kind", "Widget"}}},
                        {"versions", {{{"name", "v1"}, {"served", true}, {"storage", true}}}}}}};
  ASSERT_TRUE(c->apply(crd));
  auto widget = c->mapping("example.com/v1", "Widget");
  ASSERT_TRUE(widget) << widget.status().message();
  EXPECT_FALSE(widget->namespaced);
}

TEST(Client, WritesTheStatusSubresourceOnly) {
  testing::KubeTestServer server;
  auto c = client_for(server.kubeconfig(), "testserver");
  json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "p"}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "busybox"}}}}}}};
  auto created = c->create(pod);
  ASSERT_TRUE(created) << created.status().message();
  json next = *created;
  next["status"] = {{"phase", "Running"}};
  next["spec"]["containers"][0]["image"] = "ignored";
  auto updated = c->update_status(next);
  ASSERT_TRUE(updated) << updated.status().message();
  auto got = c->get({"v1", "Pod", "", "p"});
  EXPECT_EQ((**got)["status"]["phase"], "Running");
  EXPECT_EQ((**got)["spec"]["containers"][0]["image"], "busybox");
}

TEST(Client, DeletesInTheForegroundDependentsFirst) {
  testing::KubeTestServer server;
  auto c = client_for(server.kubeconfig(), "testserver");
  auto owner = c->create(config_map("owner", "o"));
  ASSERT_TRUE(owner) << owner.status().message();
  json dependent = config_map("dependent", "d");
  dependent["metadata"]["ownerReferences"] = {{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "owner"},
                                               {"uid", (*owner)["metadata"]["uid"]}, {"blockOwnerDeletion", true}}};
  dependent["metadata"]["finalizers"] = {"example.com/hold"};
  ASSERT_TRUE(c->apply(dependent, {.field_manager = "holder"}));

  EXPECT_EQ(c->remove({"v1", "ConfigMap", "", "owner"}, "Foreground").value(), true);
  // The owner waits, marked, for the dependent its finalizer holds.
  auto waiting = c->get({"v1", "ConfigMap", "", "owner"});
  ASSERT_TRUE(waiting && *waiting);
  EXPECT_EQ((**waiting)["metadata"]["finalizers"], json::array({"foregroundDeletion"}));
  EXPECT_TRUE((**waiting)["metadata"].contains("deletionTimestamp"));

  dependent["metadata"].erase("finalizers");  // the holder lets go
  ASSERT_TRUE(c->apply(dependent, {.field_manager = "holder"}));
  EXPECT_FALSE(*c->get({"v1", "ConfigMap", "", "dependent"}));
  EXPECT_FALSE(*c->get({"v1", "ConfigMap", "", "owner"}));
}

TEST(Client, ListsEveryPageWithSelectors) {
  testing::KubeTestServer server;
  auto c = client_for(server.kubeconfig(), "testserver");
  for (int i = 0; i < 7; ++i) {
    auto made = c->create(config_map("cm-" + std::to_string(i), "v", {{"n", i % 2 ? "odd" : "even"}}));
    ASSERT_TRUE(made) << made.status().message();
  }
  auto odd = c->list("v1", "ConfigMap", "default", {.label_selector = "n=odd", .page_size = 2});
  ASSERT_TRUE(odd);
  EXPECT_EQ((*odd)["items"].size(), 3u);
  auto all = c->list("v1", "ConfigMap", "*", {.page_size = 3});
  EXPECT_EQ((*all)["items"].size(), 7u);
}

TEST(Client, WatchSurvivesDisconnectsAndRelistsAfterGone) {
  testing::KubeTestServer server;
  auto c = client_for(server.kubeconfig(), "testserver");
  ASSERT_TRUE(c->create(config_map("before", "0")));
  // Every watch stream is cut after 150 ms; the client must resume without losing events.
  testserver::Faults f;
  f.watch_max_duration = std::chrono::milliseconds(150);
  server.server().faults().set(f);
  std::vector<std::string> seen;
  std::thread writer([&] {
    for (int i = 0; i < 5; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(80));
      auto made = c->create(config_map("cm-" + std::to_string(i), "v"));
      EXPECT_TRUE(made) << made.status().message();
    }
  });
  Status st = c->watch("v1", "ConfigMap", "default", {}, [&](const WatchEvent& e) {
    seen.push_back(e.type + " " + e.object["metadata"].value("name", ""));
    return seen.size() < 6;
  });
  writer.join();
  EXPECT_TRUE(st) << st.message();
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED before", "ADDED cm-0", "ADDED cm-1", "ADDED cm-2", "ADDED cm-3",
                                            "ADDED cm-4"}));

  // A resourceVersion the server has compacted away: 410, then a fresh list.
  server.server().faults().set({});
  server.server().store().set_event_capacity(2);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(c->apply(config_map("before", std::to_string(i)), {.force = true}));
  std::vector<std::string> types;
  st = c->watch("v1", "ConfigMap", "default", {.resource_version = "1001"}, [&](const WatchEvent& e) {
    types.push_back(e.type);
    if (e.type == "RELIST") {
      EXPECT_EQ(e.object["items"].size(), 6u);
    }
    return false;
  });
  EXPECT_TRUE(st) << st.message();
  EXPECT_EQ(types, std::vector<std::string>{"RELIST"});
}

TEST(Client, CompletesEveryIdempotentCallThroughTenPercentFaults) {
  testserver::ServerOptions so;
  so.faults = {.rate_429 = 0.025, .rate_500 = 0.025, .rate_503 = 0.025, .rate_drop = 0.025,
               .retry_after_seconds = 0, .seed = 7};
  testing::KubeTestServer server(so);
  ClientOptions o;
  o.retry = {10, std::chrono::milliseconds(2), std::chrono::milliseconds(20)};
  auto c = client_for(server.kubeconfig(), "testserver", o);
  ASSERT_TRUE(c);
  for (int i = 0; i < 60; ++i) {
    std::string name = "cm-" + std::to_string(i % 10);
    auto applied = c->apply(config_map(name, std::to_string(i)));
    ASSERT_TRUE(applied) << i << ": " << applied.status().message();
    auto got = c->get({"v1", "ConfigMap", "", name});
    ASSERT_TRUE(got && *got) << i << ": " << (got ? "missing" : got.status().message());
    EXPECT_EQ((**got)["data"]["key"], std::to_string(i));
  }
  auto listed = c->list("v1", "ConfigMap", "default", {.page_size = 3});
  ASSERT_TRUE(listed) << listed.status().message();
  EXPECT_EQ((*listed)["items"].size(), 10u);
  EXPECT_GT(server.server().faults().injected(), 5);  // ~10% of ~125 requests
}

}  // namespace
}  // namespace bg::kube
