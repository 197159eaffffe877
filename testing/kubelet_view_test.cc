#include "testing/kubelet_view.h"

#include <gtest/gtest.h>

#include "common/base64.h"
#include "testing/applied_objects.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

Json service(const std::string& ns, const std::string& name, Json ports, bool headless = false) {
  Json s = {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", name}, {"namespace", ns}}},
            {"spec", {{"ports", std::move(ports)}}}};
  if (headless) s["spec"]["clusterIP"] = "None";
  return s;
}

Json deployment(const std::string& ns, Json pod_spec) {
  return {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "app"}, {"namespace", ns}}},
          {"spec", {{"template", {{"metadata", {{"labels", {{"app", "x"}}}, {"annotations", {{"note", "hi"}}}}},
                                  {"spec", std::move(pod_spec)}}}}}};
}

ClusterFacts facts_with(std::vector<Json> objects) {
  ClusterFacts f;
  f.objects = std::move(objects);
  f.service_ips = allocate_service_ips(f.objects);
  return f;
}

const PodPlacement kPlacement{"app-0", "10.244.1.5"};

TEST(KubeletView, ServiceLinksNameEveryServiceOfTheNamespaceWithAClusterIPAndTheApiServer) {
  ClusterFacts f = facts_with({service("db", "postgres", Json::array({{{"name", "tcp-pg"}, {"port", 5432}, {"protocol", "TCP"}}})),
                               service("db", "postgres-headless", Json::array({{{"port", 5432}}}), true),
                               service("other", "grafana", Json::array({{{"port", 3000}}}))});
  Json d = deployment("db", {{"automountServiceAccountToken", false}, {"containers", Json::array({{{"name", "c"}}})}});
  auto v = kubelet_view(f, d, kPlacement, "c");
  ASSERT_TRUE(v) << v.status().message();
  const std::string ip = f.service_ips.at("db/postgres");
  EXPECT_EQ(ip, "10.96.1.1");
  std::map<std::string, std::string> env(v->env.begin(), v->env.end());
  std::map<std::string, std::string> expected = {
      {"POSTGRES_SERVICE_HOST", ip},
      {"POSTGRES_SERVICE_PORT", "5432"},
      {"POSTGRES_SERVICE_PORT_TCP_PG", "5432"},
      {"POSTGRES_PORT", "tcp://" + ip + ":5432"},
      {"POSTGRES_PORT_5432_TCP", "tcp://" + ip + ":5432"},
      {"POSTGRES_PORT_5432_TCP_PROTO", "tcp"},
      {"POSTGRES_PORT_5432_TCP_PORT", "5432"},
      {"POSTGRES_PORT_5432_TCP_ADDR", ip},
      {"KUBERNETES_SERVICE_HOST", "10.96.0.1"},
      {"KUBERNETES_SERVICE_PORT", "443"},
      {"KUBERNETES_SERVICE_PORT_HTTPS", "443"},
      {"KUBERNETES_PORT", "tcp://10.96.0.1:443"},
      {"KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"},
      {"KUBERNETES_PORT_443_TCP_PROTO", "tcp"},
      {"KUBERNETES_PORT_443_TCP_PORT", "443"},
      {"KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"},
  };
  EXPECT_EQ(env, expected);

  d["spec"]["template"]["spec"]["enableServiceLinks"] = false;
  v = kubelet_view(f, d, kPlacement, "c");
  ASSERT_TRUE(v);
  for (auto& [k, _] : v->env) EXPECT_EQ(k.rfind("KUBERNETES_", 0), 0u) << k;
}

TEST(KubeletView, EnvValuesExpandEarlierVariablesAndFieldRefsReadThePod) {
  Json c = Json::parse(R"json({"name": "c", "command": ["run", "--as=$(WHO)", "$$(WHO)", "$(UNKNOWN)"], "env": [
    {"name": "WHO", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
    {"name": "NS", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
    {"name": "IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
    {"name": "NOTE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['note']"}}},
    {"name": "GREETING", "value": "hello $(WHO) in $(NS)"}]})json");
  auto v = kubelet_view(facts_with({}), deployment("ml", {{"automountServiceAccountToken", false}, {"containers", {c}}}), kPlacement, "c");
  ASSERT_TRUE(v) << v.status().message();
  EXPECT_EQ(v->env_value("WHO"), "app-0");
  EXPECT_EQ(v->env_value("NS"), "ml");
  EXPECT_EQ(v->env_value("IP"), "10.244.1.5");
  EXPECT_EQ(v->env_value("NOTE"), "hi");
  EXPECT_EQ(v->env_value("GREETING"), "hello app-0 in ml");
  EXPECT_EQ(v->command, (std::vector<std::string>{"run", "--as=app-0", "$(WHO)", "$(UNKNOWN)"}));
}

TEST(KubeletView, ConfigMapAndSecretVolumesAreTheirKeysReadOnly) {
  Json cm = {{"kind", "ConfigMap"}, {"metadata", {{"name", "conf"}, {"namespace", "ml"}}}, {"data", {{"a.yml", "x: 1"}, {"b", "2"}}}};
  Json secret = {{"kind", "Secret"}, {"metadata", {{"name", "creds"}, {"namespace", "ml"}}},
                 {"data", {{"password", base64_encode("s3cret")}}}};
  Json pod = {{"automountServiceAccountToken", false},
              {"volumes", Json::array({{{"name", "conf"}, {"configMap", {{"name", "conf"}}}},
                                       {{"name", "creds"}, {"secret", {{"secretName", "creds"}, {"defaultMode", 0400}}}}})},
              {"containers", Json::array({{{"name", "c"},
                                           {"volumeMounts", Json::array({{{"name", "conf"}, {"mountPath", "/etc/a.yml"}, {"subPath", "a.yml"}},
                                                                         {{"name", "creds"}, {"mountPath", "/run/creds"}},
                                                                         {{"name", "data"}, {"mountPath", "/data"}}})}}})}};
  auto v = kubelet_view(facts_with({cm, secret}), deployment("ml", pod), kPlacement, "c");
  ASSERT_TRUE(v) << v.status().message();
  ASSERT_EQ(v->mounts.size(), 3u);
  EXPECT_EQ(v->mounts[0].files.size(), 1u);
  EXPECT_EQ(v->mounts[0].files.at("").content, "x: 1");
  EXPECT_TRUE(v->mounts[0].read_only);
  EXPECT_EQ(v->mounts[1].files.at("password").content, "s3cret");
  EXPECT_EQ(v->mounts[1].files.at("password").mode, 0400);
  EXPECT_EQ(v->mounts[2].kind, Mount::Kind::kStorage);  // a claim template's volume
  EXPECT_FALSE(v->mounts[2].read_only);
}

TEST(KubeletView, AHostPathVolumeIsTheNodesPathWithTheMountsReadOnlyAndPropagation) {
  Json pod = {{"automountServiceAccountToken", false},
              {"volumes", Json::array({{{"name", "root"}, {"hostPath", {{"path", "/"}, {"type", "Directory"}}}},
                                       {{"name", "logs"}, {"hostPath", {{"path", "/var/log"}}}}})},
              {"containers", Json::array({{{"name", "c"},
                                           {"volumeMounts", Json::array({{{"name", "root"}, {"mountPath", "/host/root"}, {"readOnly", true},
                                                                          {"mountPropagation", "HostToContainer"}},
                                                                         {{"name", "logs"}, {"mountPath", "/logs"}, {"subPath", "pods"}}})}}})}};
  auto v = kubelet_view(facts_with({}), deployment("node-agents", pod), kPlacement, "c");
  ASSERT_TRUE(v) << v.status().message();
  ASSERT_EQ(v->mounts.size(), 2u);
  EXPECT_EQ(v->mounts[0].kind, Mount::Kind::kHostPath);
  EXPECT_EQ(v->mounts[0].host_path, "/");
  EXPECT_EQ(v->mounts[0].host_path_type, "Directory");
  EXPECT_EQ(v->mounts[0].path, "/host/root");
  EXPECT_TRUE(v->mounts[0].read_only);
  EXPECT_EQ(v->mounts[0].propagation, "HostToContainer");
  // As the kubelet gives it: writable unless the mount says readOnly (the sandbox refuses that one).
  EXPECT_EQ(v->mounts[1].host_path, "/var/log/pods");
  EXPECT_FALSE(v->mounts[1].read_only);
}

TEST(KubeletView, AMissingSecretOrTokenIsAnErrorNamingIt) {
  Json c = Json::parse(R"json({"name": "c", "env": [{"name": "P", "valueFrom": {"secretKeyRef": {"name": "nope", "key": "k"}}}]})json");
  auto v = kubelet_view(facts_with({}), deployment("ml", {{"automountServiceAccountToken", false}, {"containers", {c}}}), kPlacement, "c");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.status().message(), "env P: Secret ml/nope does not exist");
  Json plain = {{"name", "c"}};
  v = kubelet_view(facts_with({}), deployment("ml", {{"serviceAccountName", "app"}, {"containers", {plain}}}), kPlacement, "c");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.status().message(),
            "the pod mounts the token of service account ml/app, and the harness was given none (take one from a real API server)");
}

// Every container of the example reads only what apply would send: each secretKeyRef, ConfigMap
// and Secret it names exists with that key; the node agents' hostPath volumes are named as such.
TEST(KubeletView, EveryContainerOfTheExampleGetsWhatItReferences) {
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  for (const Json& o : facts->objects)
    if (o["kind"] == "ServiceAccount") facts->service_accounts[o["metadata"]["namespace"].get<std::string>() + "/" + o["metadata"]["name"].get<std::string>()] = {"t", "ca"};
  int views = 0;
  for (const Json& o : facts->objects) {
    auto tmpl = pod_template(o);
    if (!tmpl) continue;
    for (const char* list : {"initContainers", "containers"}) {
      for (const Json& c : (*tmpl)["spec"].value(list, Json::array())) {
        const std::string what = o["kind"].get<std::string>() + " " + o["metadata"]["namespace"].get<std::string>() + "/" +
                                 o["metadata"]["name"].get<std::string>() + " " + c["name"].get<std::string>();
        auto v = kubelet_view(*facts, o, {"pod-0", "10.244.0.9"}, c["name"], std::string(list) == "initContainers");
        ASSERT_TRUE(v) << what << ": " << v.status().message();
        ++views;
        for (const Json& e : c.value("env", Json::array()))
          if (e.contains("valueFrom") && e["valueFrom"].contains("secretKeyRef")) {
            EXPECT_FALSE(v->env_value(e["name"]).empty()) << what << " " << e["name"];
          }
      }
    }
  }
  EXPECT_GT(views, 30);
}

}  // namespace
}  // namespace bg::testing
