#include "check/schema.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "check/schema_graph.h"
#include "common/embedded.h"

namespace bg::check {
namespace {

using nlohmann::json;

json deployment() {
  return json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "apps", "labels": {"app": "web"}},
    "spec": {
      "replicas": 2,
      "selector": {"matchLabels": {"app": "web"}},
      "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
      "template": {
        "metadata": {"labels": {"app": "web"}},
        "spec": {
          "containers": [{
            "name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
            "env": [{"name": "MODE", "value": "prod"}],
            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": 268435456}},
            "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 5},
            "securityContext": {"runAsNonRoot": true, "allowPrivilegeEscalation": false,
                                "seccompProfile": {"type": "RuntimeDefault"},
                                "capabilities": {"drop": ["ALL"]}}
          }],
          "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [
              {"key": "kubernetes.io/hostname", "operator": "In", "values": ["node-1"]}]}]}}},
          "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"}],
          "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}}]
        }
      }
    }
  })");
}

json cronjob() {
  json pod = deployment()["spec"]["template"];
  json cj = {{"apiVersion", "batch/v1"},
             {"kind", "CronJob"},
             {"metadata", {{"name", "backup"}}},
             {"spec", {{"schedule", "0 3 * * *"}, {"concurrencyPolicy", "Forbid"}, {"jobTemplate", {{"spec", {}}}}}}};
  pod["spec"]["restartPolicy"] = "OnFailure";
  cj["spec"]["jobTemplate"]["spec"]["template"] = pod;
  return cj;
}

json service() {
  return json::parse(R"({
    "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
    "spec": {"type": "ClusterIP", "selector": {"app": "web"},
             "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}
  })");
}

json cluster_issuer() {
  return json::parse(R"({
    "apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "letsencrypt"},
    "spec": {"acme": {
      "server": "https://acme-v02.api.letsencrypt.org/directory", "email": "ops@example.org",
      "privateKeySecretRef": {"name": "letsencrypt-account"},
      "solvers": [{"http01": {"ingress": {"ingressClassName": "nginx"}}}]}}
  })");
}

json workflow() {
  return json::parse(R"({
    "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"generateName": "hello-"},
    "spec": {"entrypoint": "main",
             "templates": [{"name": "main", "container": {"image": "busybox", "command": ["echo", "hi"]}}]}
  })");
}

json http_route() {
  return json::parse(R"({
    "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
    "metadata": {"name": "web", "namespace": "apps"},
    "spec": {"parentRefs": [{"name": "edge", "namespace": "gateway"}], "hostnames": ["web.example.org"],
             "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                        "backendRefs": [{"name": "web", "port": 80}]}]}
  })");
}

json tcp_route() {
  return json::parse(R"({
    "apiVersion": "gateway.networking.k8s.io/v1alpha2", "kind": "TCPRoute", "metadata": {"name": "pg"},
    "spec": {"parentRefs": [{"name": "edge", "sectionName": "postgres"}],
             "rules": [{"backendRefs": [{"name": "postgres", "port": 5432}]}]}
  })");
}

json with(json j, const std::string& pointer, json value) {
  j[json::json_pointer(pointer)] = std::move(value);
  return j;
}

json without(json j, const std::string& pointer) {
  json::json_pointer p(pointer);
  j[p.parent_pointer()].erase(p.back());
  return j;
}

// More everyday objects, as the renderer and users write them; all must pass.
std::vector<std::pair<const char*, json>> everyday_objects() {
  return {
      {"Secret", json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque",
          "data":{"password":"c2VjcmV0","cert":"TUlJQ\nkNDQQ=="},"stringData":{"user":"admin"}})")},
      {"StatefulSet", json::parse(R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"pg"},
          "spec":{"serviceName":"pg","replicas":1,"podManagementPolicy":"OrderedReady",
            "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
            "selector":{"matchLabels":{"app":"pg"}},
            "template":{"metadata":{"labels":{"app":"pg"}},"spec":{
              "securityContext":{"fsGroup":999,"fsGroupChangePolicy":"OnRootMismatch"},
              "containers":[{"name":"pg","image":"postgres:17","ports":[{"containerPort":5432}],
                "volumeMounts":[{"name":"data","mountPath":"/var/lib/postgresql/data"}],
                "livenessProbe":{"exec":{"command":["pg_isready"]},"initialDelaySeconds":10}}]}},
            "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
              "storageClassName":"local-ssd","resources":{"requests":{"storage":"20Gi"}}}}]}})")},
      {"PersistentVolume", json::parse(R"({"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv"},
          "spec":{"capacity":{"storage":"20Gi"},"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem",
            "persistentVolumeReclaimPolicy":"Retain","storageClassName":"local-ssd","local":{"path":"/mnt/ssd/pg"},
            "nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[
              {"key":"kubernetes.io/hostname","operator":"In","values":["node-1"]}]}]}}}})")},
      {"StorageClass", json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass",
          "metadata":{"name":"local-ssd"},"provisioner":"kubernetes.io/no-provisioner",
          "volumeBindingMode":"WaitForFirstConsumer","reclaimPolicy":"Retain"})")},
      {"NetworkPolicy", json::parse(R"({"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
          "metadata":{"name":"default-deny","namespace":"db"},
          "spec":{"podSelector":{},"policyTypes":["Ingress","Egress"],
            "ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"apps"}}}],
                        "ports":[{"protocol":"TCP","port":5432}]}]}})")},
      {"Ingress", json::parse(R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web",
          "annotations":{"cert-manager.io/cluster-issuer":"letsencrypt"}},
          "spec":{"ingressClassName":"nginx","tls":[{"hosts":["web.example.org"],"secretName":"web-tls"}],
            "rules":[{"host":"web.example.org","http":{"paths":[{"path":"/","pathType":"Prefix",
              "backend":{"service":{"name":"web","port":{"name":"http"}}}}]}}]}})")},
      {"Certificate", json::parse(R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate",
          "metadata":{"name":"web","namespace":"apps"},
          "spec":{"secretName":"web-tls","dnsNames":["web.example.org"],"duration":"2160h",
            "issuerRef":{"name":"letsencrypt","kind":"ClusterIssuer","group":"cert-manager.io"}}})")},
      {"ServiceMonitor", json::parse(R"({"apiVersion":"monitoring.coreos.com/v1","kind":"ServiceMonitor",
          "metadata":{"name":"pg","labels":{"release":"prom"}},
          "spec":{"selector":{"matchLabels":{"app":"pg"}},"namespaceSelector":{"matchNames":["db"]},
            "endpoints":[{"port":"metrics","interval":"30s","path":"/metrics","scheme":"http"}]}})")},
      {"Gateway", json::parse(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway",
          "metadata":{"name":"edge"},"spec":{"gatewayClassName":"cilium","listeners":[
            {"name":"https","protocol":"HTTPS","port":443,"hostname":"*.example.org",
             "tls":{"mode":"Terminate","certificateRefs":[{"name":"wildcard-tls"}]},
             "allowedRoutes":{"namespaces":{"from":"All"}}}]}})")},
      {"CronWorkflow", json::parse(R"J({"apiVersion":"argoproj.io/v1alpha1","kind":"CronWorkflow",
          "metadata":{"name":"nightly"},"spec":{"schedules":["0 2 * * *"],"concurrencyPolicy":"Forbid",
            "workflowSpec":{"entrypoint":"main","arguments":{"parameters":[{"name":"day","value":"mon"}]},
              "templates":[
                {"name":"main","steps":[[{"name":"a","template":"echo","arguments":{"parameters":[
                  {"name":"msg","value":"{{workflow.parameters.day}}"}]}}]]},
                {"name":"echo","inputs":{"parameters":[{"name":"msg"}]},
                 "script":{"image":"python:3.12","command":["python"],"source":"print('hi')",
                           "resources":{"limits":{"memory":"64Mi"}}},
                 "retryStrategy":{"limit":"2","retryPolicy":"OnFailure"}}]}}})J")},
      {"GatewayWithDefaultedAddressType", json::parse(R"({"apiVersion":"gateway.networking.k8s.io/v1",
          "kind":"Gateway","metadata":{"name":"edge"},"spec":{"gatewayClassName":"cilium",
            "addresses":[{"value":"192.0.2.10"},{"type":"Hostname","value":"edge.example.org"}],
            "listeners":[{"name":"http","protocol":"HTTP","port":80}]}})")},
      {"CiliumNetworkPolicy", json::parse(R"({"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy",
          "metadata":{"name":"allow-dns"},"spec":{"endpointSelector":{"matchLabels":{"app":"web"}},
            "egress":[{"toEndpoints":[{"matchLabels":{"k8s:io.kubernetes.pod.namespace":"kube-system"}}],
                       "toPorts":[{"ports":[{"port":"53","protocol":"UDP"}]}]}]}})")},
  };
}

TEST(SchemaEverydayTest, CommonObjectsPass) {
  for (const auto& [name, object] : everyday_objects()) {
    std::vector<SchemaViolation> got;
    EXPECT_EQ(SchemaSet::builtin().validate(object, &got), SchemaVerdict::kValid) << name;
    for (const SchemaViolation& v : got) {
      std::string path;
      for (const std::string& p : v.path) path += "/" + p;
      ADD_FAILURE() << name << ": " << path << ": " << v.message;
    }
  }
}

struct Expected {
  std::vector<std::string> path;
  bool path_is_key;
  std::string message;
  std::string hint;
};

struct Case {
  const char* name;
  json object;
  SchemaVerdict verdict;
  std::vector<Expected> violations;  // exact, in order; empty for valid objects
};

std::vector<std::string> split(const std::string& dotted) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : dotted) {
    if (c == '.') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::vector<Case> cases() {
  const std::string pod = "/spec/template/spec";
  const std::string cj_pod = "/spec/jobTemplate/spec/template/spec";
  return {
      {"ValidDeploymentPasses", deployment(), SchemaVerdict::kValid, {}},
      {"ValidCronJobPasses", cronjob(), SchemaVerdict::kValid, {}},
      {"UnknownFieldInCronJobPodTemplateFailsWithDidYouMean",
       with(without(cronjob(), cj_pod + "/containers/0/imagePullPolicy"), cj_pod + "/containers/0/imagePullPolcy",
            "Always"),
       SchemaVerdict::kInvalid,
       {{split("spec.jobTemplate.spec.template.spec.containers.0.imagePullPolcy"), true,
         "unknown field \"imagePullPolcy\"", "did you mean \"imagePullPolicy\"?"}}},
      {"UnknownFieldFarFromAnyNameHasNoHint", with(deployment(), "/spec/flavour", "vanilla"), SchemaVerdict::kInvalid,
       {{split("spec.flavour"), true, "unknown field \"flavour\"", ""}}},
      {"StringWhereIntegerExpectedFails", with(deployment(), "/spec/replicas", "three"), SchemaVerdict::kInvalid,
       {{split("spec.replicas"), false, "expected integer, got string", ""}}},
      {"ObjectWhereArrayExpectedFails", with(deployment(), pod + "/containers", json::object()),
       SchemaVerdict::kInvalid, {{split("spec.template.spec.containers"), false, "expected array, got object", ""}}},
      {"MissingContainersIsReportedAtThePodSpec", without(deployment(), pod + "/containers"), SchemaVerdict::kInvalid,
       {{split("spec.template.spec"), false, "missing required field \"containers\"", ""}}},
      {"ImagePullPolicyOutsideTheEnumFails", with(deployment(), pod + "/containers/0/imagePullPolicy", "Sometimes"),
       SchemaVerdict::kInvalid,
       {{split("spec.template.spec.containers.0.imagePullPolicy"), false,
         "invalid value \"Sometimes\": must be one of Always, IfNotPresent, Never", ""}}},
      {"RestartPolicyOutsideTheEnumFails", with(cronjob(), cj_pod + "/restartPolicy", "Sometimes"),
       SchemaVerdict::kInvalid,
       {{split("spec.jobTemplate.spec.template.spec.restartPolicy"), false,
         "invalid value \"Sometimes\": must be one of Always, Never, OnFailure", ""}}},
      {"LabelSelectorOperatorOutsideTheListFails",
       with(deployment(), "/spec/selector/matchExpressions", json::parse(R"([{"key":"a","operator":"Is"}])")),
       SchemaVerdict::kInvalid,
       {{split("spec.selector.matchExpressions.0.operator"), false,
         "invalid value \"Is\": must be one of DoesNotExist, Exists, In, NotIn", ""}}},
      {"IntOrStringPortAcceptsANumber", with(service(), "/spec/ports/0/targetPort", 8080), SchemaVerdict::kValid, {}},
      {"IntOrStringPortAcceptsAName", with(service(), "/spec/ports/0/targetPort", "http"), SchemaVerdict::kValid, {}},
      {"IntOrStringPortRejectsABoolean", with(service(), "/spec/ports/0/targetPort", true), SchemaVerdict::kInvalid,
       {{split("spec.ports.0.targetPort"), false, "expected integer or string, got boolean", ""}}},
      {"ServiceTypeOutsideTheEnumFails", with(service(), "/spec/type", "Ingress"), SchemaVerdict::kInvalid,
       {{split("spec.type"), false, "invalid value \"Ingress\": must be one of ClusterIP, ExternalName, LoadBalancer, NodePort", ""}}},
      {"NullIsAllowedWhereTheSchemaIsNullable", with(deployment(), "/spec/replicas", nullptr), SchemaVerdict::kValid, {}},
      {"SecretDataMustBeBase64", with(everyday_objects()[0].second, "/data/password", "not base64!"),
       SchemaVerdict::kInvalid, {{split("data.password"), false, "invalid value: not valid base64 data", ""}}},
      {"StorageClassRejectsRecycle", with(everyday_objects()[3].second, "/reclaimPolicy", "Recycle"),
       SchemaVerdict::kInvalid, {{split("reclaimPolicy"), false, "invalid value \"Recycle\": must be one of Delete, Retain", ""}}},
      {"Int32OutOfRangeFails", with(deployment(), "/spec/replicas", 3000000000LL), SchemaVerdict::kInvalid,
       {{split("spec.replicas"), false, "value 3000000000 is out of range for int32", ""}}},
      {"SeveralViolationsAreAllReportedInOrder",
       with(with(deployment(), "/spec/replicas", "two"), pod + "/containers/0/imagePullPolicy", "Later"),
       SchemaVerdict::kInvalid,
       {{split("spec.replicas"), false, "expected integer, got string", ""},
        {split("spec.template.spec.containers.0.imagePullPolicy"), false,
         "invalid value \"Later\": must be one of Always, IfNotPresent, Never", ""}}},
      {"WrongApiVersionForTheKindIsUnknown", with(deployment(), "/apiVersion", "apps/v1beta1"),
       SchemaVerdict::kUnknownKind, {}},
      {"UnknownKindIsReportedAsUnknown", json::parse(R"({"apiVersion":"example.org/v1","kind":"Widget"})"),
       SchemaVerdict::kUnknownKind, {}},
      {"MissingKindIsInvalid", json::parse(R"({"apiVersion":"v1"})"), SchemaVerdict::kInvalid,
       {{{}, false, "missing required field \"kind\"", ""}}},
      {"CertManagerClusterIssuerPasses", cluster_issuer(), SchemaVerdict::kValid, {}},
      {"CertManagerClusterIssuerWithTypoFails",
       with(without(cluster_issuer(), "/spec/acme/server"), "/spec/acme/sever", "https://x"), SchemaVerdict::kInvalid,
       {{split("spec.acme.sever"), true, "unknown field \"sever\"", "did you mean \"server\"?"},
        {split("spec.acme"), false, "missing required field \"server\"", ""}}},
      {"CertManagerMetadataIsCheckedAsObjectMeta", with(cluster_issuer(), "/metadata/labels", "oops"),
       SchemaVerdict::kInvalid, {{split("metadata.labels"), false, "expected object, got string", ""}}},
      {"CrdKindIsPinned", with(cluster_issuer(), "/spec/acme/solvers/0/http01/ingress/ingressClassName", 7),
       SchemaVerdict::kInvalid,
       {{split("spec.acme.solvers.0.http01.ingress.ingressClassName"), false, "expected string, got integer", ""}}},
      {"ArgoWorkflowMinimalPasses", workflow(), SchemaVerdict::kValid, {}},
      {"ArgoWorkflowUnknownTemplateFieldFails", with(workflow(), "/spec/templates/0/contianer", json::object()),
       SchemaVerdict::kInvalid,
       {{split("spec.templates.0.contianer"), true, "unknown field \"contianer\"", "did you mean \"container\"?"}}},
      {"GatewayHttpRouteV1Passes", http_route(), SchemaVerdict::kValid, {}},
      {"GatewayHttpRoutePathTypeEnumIsChecked", with(http_route(), "/spec/rules/0/matches/0/path/type", "Glob"),
       SchemaVerdict::kInvalid,
       {{split("spec.rules.0.matches.0.path.type"), false,
         "invalid value \"Glob\": must be one of Exact, PathPrefix, RegularExpression", ""}}},
      {"GatewayHostnamePatternIsChecked", with(http_route(), "/spec/hostnames/0", "Web_Example"),
       SchemaVerdict::kInvalid,
       {{split("spec.hostnames.0"), false,
         "invalid value \"Web_Example\": must match the pattern "
         "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
         ""}}},
      {"GatewayTcpRouteV1alpha2Passes", tcp_route(), SchemaVerdict::kValid, {}},
      {"CiliumPolicyNeedsExactlyOneSelector",
       json::parse(R"({"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy","metadata":{"name":"p"},
                       "spec":{"ingress":[{}]}})"),
       SchemaVerdict::kInvalid,
       {{split("spec"), false, "must set exactly one of \"endpointSelector\", \"nodeSelector\"", ""}}},
  };
}

class SchemaCaseTest : public testing::TestWithParam<Case> {};

TEST_P(SchemaCaseTest, GivesTheExpectedVerdictAndViolations) {
  const Case& c = GetParam();
  std::vector<SchemaViolation> got;
  SchemaVerdict verdict = SchemaSet::builtin().validate(c.object, &got);
  std::string dump;
  for (const SchemaViolation& v : got) {
    std::string path;
    for (const std::string& p : v.path) path += "/" + p;
    dump += path + (v.path_is_key ? " (key)" : "") + ": " + v.message + (v.hint.empty() ? "" : " [" + v.hint + "]") + "\n";
  }
  EXPECT_EQ(static_cast<int>(verdict), static_cast<int>(c.verdict)) << dump;
  ASSERT_EQ(got.size(), c.violations.size()) << dump;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].path, c.violations[i].path) << dump;
    EXPECT_EQ(got[i].path_is_key, c.violations[i].path_is_key) << dump;
    EXPECT_EQ(got[i].message, c.violations[i].message);
    EXPECT_EQ(got[i].hint, c.violations[i].hint);
  }
  // The verdict alone (no output vector) takes the fast path; it must agree.
  EXPECT_EQ(static_cast<int>(SchemaSet::builtin().validate(c.object, nullptr)), static_cast<int>(c.verdict));
}

INSTANTIATE_TEST_SUITE_P(Schema, SchemaCaseTest, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

json small_crd() {
  return json::parse(R"({
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "gadgets.example.org"},
    "spec": {"group": "example.org", "scope": "Namespaced",
      "names": {"kind": "Gadget", "plural": "gadgets"},
      "versions": [
        {"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {
          "type": "object",
          "properties": {
            "spec": {"type": "object", "required": ["size"], "properties": {
              "size": {"type": "integer", "minimum": 1, "maximum": 10},
              "mode": {"type": "string", "enum": ["fast", "slow"]},
              "onError": {"type": "string", "pattern": "^(?i)(abort|warn)?$"},
              "note": {"type": "string", "nullable": true, "maxLength": 5},
              "config": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
              "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
              "empty": {"type": "object"}}},
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}}},
        {"name": "v0", "served": false, "storage": false, "schema": {"openAPIV3Schema": {"type": "object"}}}
      ]}
  })");
}

json gadget(json spec) {
  return {{"apiVersion", "example.org/v1"}, {"kind", "Gadget"}, {"metadata", {{"name", "g"}}}, {"spec", spec}};
}

std::vector<std::string> messages(const SchemaSet& set, const json& object) {
  std::vector<SchemaViolation> got;
  set.validate(object, &got);
  std::vector<std::string> out;
  for (const SchemaViolation& v : got) {
    std::string path;
    for (const std::string& p : v.path) path += (path.empty() ? "" : ".") + p;
    out.push_back(path + ": " + v.message);
  }
  return out;
}

TEST(SchemaCrdTest, AddedCrdValidatesItsServedVersionsOnly) {
  SchemaSet set = SchemaSet::builtin();
  ASSERT_TRUE(set.add_crd(small_crd()).is_ok());
  EXPECT_TRUE(set.knows("example.org/v1", "Gadget"));
  EXPECT_FALSE(set.knows("example.org/v0", "Gadget"));
  EXPECT_FALSE(SchemaSet::builtin().knows("example.org/v1", "Gadget")) << "the built-in set must stay untouched";
  EXPECT_TRUE(set.knows("apps/v1", "Deployment"));
}

TEST(SchemaCrdTest, PreservedSubtreesAcceptAnythingAndStrictOnesDoNot) {
  SchemaSet set;
  ASSERT_TRUE(set.add_crd(small_crd()).is_ok());
  json ok = gadget({{"size", 3}, {"mode", "fast"}, {"note", nullptr}, {"port", "http"}, {"onError", "WARN"},
                    {"config", {{"anything", {{"goes", {1, 2, 3}}}}}}, {"empty", json::object()}});
  ok["status"] = {{"whatever", true}};
  EXPECT_EQ(messages(set, ok), std::vector<std::string>{});
  EXPECT_EQ(set.validate(ok, nullptr), SchemaVerdict::kValid);

  json bad = gadget({{"sise", 3}, {"mode", "medium"}, {"note", "too long"}, {"port", 1.5}, {"empty", {{"x", 1}}},
                     {"onError", "stop"}});
  bad["metadata"]["labels"] = {{"a", 1}};
  bad["extra"] = true;
  EXPECT_EQ(messages(set, bad), (std::vector<std::string>{
                                    "extra: unknown field \"extra\"",
                                    "metadata.labels.a: expected string, got integer",
                                    "spec.empty.x: unknown field \"x\"",
                                    "spec.mode: invalid value \"medium\": must be one of fast, slow",
                                    "spec.note: must be at most 5 characters long (got 8)",
                                    "spec.onError: invalid value \"stop\": must match the pattern ^(?i)(abort|warn)?$",
                                    "spec.port: expected integer or string, got number",
                                    "spec.sise: unknown field \"sise\"",
                                    "spec: missing required field \"size\"",
                                }));
  EXPECT_EQ(messages(set, gadget({{"size", 11}})),
            std::vector<std::string>{"spec.size: must be less than or equal to 10 (got 11)"});
  EXPECT_EQ(messages(set, with(gadget({{"size", 1}}), "/apiVersion", "example.org/v1")), std::vector<std::string>{});
}

TEST(SchemaCrdTest, MalformedCrdIsATerminalStatus) {
  SchemaSet set;
  Status st = set.add_crd(json::parse(R"({"kind":"CustomResourceDefinition","spec":{"group":"x"}})"));
  EXPECT_FALSE(st.is_ok());
  EXPECT_FALSE(st.is_transient());
  EXPECT_EQ(st.message(), "CustomResourceDefinition: spec.group, spec.names.kind and spec.versions are required");
  json no_schema = small_crd();
  no_schema["spec"]["versions"][0].erase("schema");
  EXPECT_EQ(set.add_crd(no_schema).message(), "CustomResourceDefinition: example.org/v1 Gadget: no schema.openAPIV3Schema");
  EXPECT_FALSE(set.knows("example.org/v1", "Gadget"));
}

TEST(SchemaBundleTest, EveryKindInTheBundleCompiles) {
  const SchemaSet& set = SchemaSet::builtin();
  SchemaStats st = set.stats();
  EXPECT_EQ(st.load_error, "");
  // 48 Kubernetes kinds from the reference + 2 of ours (the admission webhook configurations,
  // which replace the reference's) + cert-manager 3 + prometheus-operator 3 + Argo 3 + Cilium 2 + Gateway API
  // standard 14 served versions (GatewayClass, Gateway, HTTPRoute, ReferenceGrant x2; GRPCRoute,
  // TLSRoute, TCPRoute, UDPRoute, BackendTLSPolicy, ListenerSet x1) + experimental-only 4
  // (TLSRoute v1alpha2/v1alpha3, TCPRoute and UDPRoute v1alpha2) = 79.
  EXPECT_EQ(st.kinds, 79u);
  EXPECT_GT(st.nodes, 1000u);
  EXPECT_EQ(st.patterns, 34u);  // distinct patterns in the bundle (data/schema-bundle.json)
  EXPECT_EQ(st.patterns_unsupported, 0u);
  std::printf("[ schema   ] %zu kinds, %zu nodes, %zu patterns (%zu unsupported by std::regex)\n", st.kinds,
              st.nodes, st.patterns, st.patterns_unsupported);

  std::string_view bytes;
  for (std::size_t i = 0; i < bg_embedded_schemas_count; ++i) {
    if (bg_embedded_schemas[i].name == "schema-bundle.json") bytes = bg_embedded_schemas[i].bytes;
  }
  json bundle = json::parse(bytes);
  ASSERT_EQ(bundle["kinds"].size(), 79u);
  for (const json& k : bundle["kinds"]) {
    EXPECT_TRUE(set.knows(k["apiVersion"].get<std::string>(), k["kind"].get<std::string>())) << k["kind"];
  }
  for (const char* gv : {"gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1alpha2"}) {
    EXPECT_TRUE(set.knows(gv, "TCPRoute")) << gv;
  }
  EXPECT_TRUE(set.knows("gateway.networking.k8s.io/v1", "HTTPRoute"));
  EXPECT_TRUE(set.knows("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"));
  EXPECT_FALSE(set.knows("gateway.networking.k8s.io/v1alpha2", "HTTPRoute")) << "not served in v1.6.1";
}

TEST(SchemaBundleTest, ExplainsAnUnknownKindAsKubernetes132Would) {
  const SchemaSet& set = SchemaSet::builtin();
  for (const char* kind : {"Pod", "Endpoints", "Node", "PodTemplate", "ReplicationController"})
    EXPECT_TRUE(set.knows("v1", kind)) << kind;
  EXPECT_TRUE(set.knows("apps/v1", "ReplicaSet"));
  EXPECT_TRUE(set.knows("discovery.k8s.io/v1", "EndpointSlice"));
  EXPECT_TRUE(set.knows("coordination.k8s.io/v1", "Lease"));
  EXPECT_TRUE(set.knows("events.k8s.io/v1", "Event"));

  UnknownKindInfo old = set.explain_unknown("extensions/v1beta1", "Deployment");
  EXPECT_TRUE(old.builtin_group);
  EXPECT_EQ(old.served, std::vector<std::string>{"apps/v1"});
  // The same group first: events.k8s.io/v1beta1 Event is served as events.k8s.io/v1, then as v1.
  EXPECT_EQ(set.explain_unknown("events.k8s.io/v1beta1", "Event").served,
            (std::vector<std::string>{"events.k8s.io/v1", "v1"}));
  UnknownKindInfo typo = set.explain_unknown("apps/v1", "Deploymnet");
  EXPECT_TRUE(typo.builtin_group);
  EXPECT_TRUE(typo.served.empty());
  EXPECT_EQ(typo.closest, "Deployment");
  EXPECT_TRUE(set.explain_unknown("storage.k8s.io/v1", "VolumeAttachment").builtin_group);
  EXPECT_TRUE(set.explain_unknown("resource.k8s.io/v1beta1", "ResourceClaim").builtin_group);
  // Groups that CRDs define, even those ending in k8s.io, are not Kubernetes' own.
  EXPECT_FALSE(set.explain_unknown("gateway.networking.k8s.io/v1", "Deployment").builtin_group);
  EXPECT_FALSE(set.explain_unknown("example.com/v1", "Pod").builtin_group);
  EXPECT_FALSE(SchemaSet().explain_unknown("v1", "Pod").builtin_group) << "an empty set knows no group";
}

TEST(SchemaHintTest, EditDistanceCountsTranspositionsAsOneEdit) {
  using schema_internal::edit_distance;
  EXPECT_EQ(edit_distance("imagePullPolcy", "imagePullPolicy"), 1u);
  EXPECT_EQ(edit_distance("contianer", "container"), 1u);
  EXPECT_EQ(edit_distance("Replicas", "replicas"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

// Not a benchmark (tests never assert on time); prints a rough figure for the report.
TEST(SchemaSpeedTest, PrintsDeploymentThroughput) {
  const SchemaSet& set = SchemaSet::builtin();
  json d = deployment();
  const int n = 20000;
  auto start = std::chrono::steady_clock::now();
  int valid = 0;
  for (int i = 0; i < n; ++i) valid += set.validate(d, nullptr) == SchemaVerdict::kValid;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(valid, n);
  std::printf("[ schema   ] %.0f Deployments/s validated\n", n / secs);
}

}  // namespace
}  // namespace bg::check
