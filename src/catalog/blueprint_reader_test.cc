// The blueprint reader through Catalog::add, as a user blueprint reaches it: every mistake is a
// Diagnostic at the offending field's file:line:col with a hint, word for word.
#include "catalog/blueprint_reader.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "yaml/loader.h"

namespace bg::catalog {
namespace {

TEST(BlueprintReader, UnknownBlueprintFieldIsLocatedWithDidYouMean) {
  Catalog c;
  Diagnostics diags;
  std::string text = "name: x\nlayer: data\nnamespace: db\nimage: a:1\nprots: []\n";
  EXPECT_FALSE(c.add(text, "x.yaml", diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].loc.str(), "x.yaml:5:1");
  EXPECT_EQ(diags.items()[0].message, "unknown field \"prots\" in blueprint");
  EXPECT_EQ(diags.items()[0].hints[0], "did you mean \"ports\"?");
}

TEST(BlueprintReader, AProbeOnAnUndefinedPortIsRejected) {
  Catalog c;
  Diagnostics diags;
  std::string text = "name: x\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: web, port: 80}]\n"
                     "probes: {liveness: {tcp: http}}\n";
  EXPECT_FALSE(c.add(text, "x.yaml", diags));
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags.items()[0].message, "no port named \"http\"");
}

TEST(BlueprintReader, TheAdminClientCertificateIsReadAndARelativePathIsLocated) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\ntcpTls:\n  mountPath: /tls\n  adminClientCert:\n";
  Catalog c;
  Diagnostics diags;
  ASSERT_TRUE(c.add(head + "    commonName: admin\n    caMountPath: /ca\n    mountPath: /client\n"
                           "    env: [{name: SSLMODE, value: require}]\n",
                    "x.yaml", diags))
      << (diags.empty() ? "" : diags.items()[0].message);
  const AdminClientCertDef& a = *c.find("x")->tcp_tls->admin_client_cert;
  EXPECT_EQ(a.common_name, "admin");
  EXPECT_EQ(a.ca_mount_path, "/ca");
  EXPECT_EQ(a.mount_path, "/client");
  ASSERT_EQ(a.env.size(), 1u);
  EXPECT_EQ(a.env[0].value, "require");

  Catalog bad;
  Diagnostics errors;
  EXPECT_FALSE(bad.add(head + "    commonName: admin\n    caMountPath: ca\n    mountPath: /client\n", "y.yaml", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].loc.str(), "y.yaml:9:18");
  EXPECT_EQ(errors.items()[0].message, "tcpTls.adminClientCert.caMountPath must be absolute");
  EXPECT_EQ(errors.items()[0].hints[0], "write e.g. /etc/app/client-ca");

  Catalog missing;
  Diagnostics absent;
  EXPECT_FALSE(missing.add(head + "    caMountPath: /ca\n    mountPath: /client\n", "z.yaml", absent));
  ASSERT_FALSE(absent.empty());
  EXPECT_EQ(absent.items()[0].loc.str().rfind("z.yaml:8:", 0), 0u) << absent.items()[0].loc.str();
}

TEST(BlueprintReader, WrongShapesAreDiagnosticsNotCrashes) {
  Catalog c;
  Diagnostics diags;
  EXPECT_FALSE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\nsecrets: [{name: s, keys: 3}]\n", "x.yaml", diags));
  EXPECT_TRUE(diags.has_errors());
}

// A user blueprint of the wrong shape is reported where the value is, with a hint, never as a JSON
// library exception at line 1 (issue 24).
struct ShapeCase {
  const char* name;
  std::string tail;  // appended to a valid head
  std::string loc;
  std::string message;
};

// Each case's blueprint (head + tail) is refused with exactly its located message and a hint.
void expect_located(const std::string& head, const std::vector<ShapeCase>& cases) {
  for (const ShapeCase& c : cases) {
    SCOPED_TRACE(c.name);
    Catalog catalog;
    Diagnostics diags;
    EXPECT_FALSE(catalog.add(head + c.tail, "x.yaml", diags));
    ASSERT_EQ(diags.size(), 1u) << render_diagnostics(diags, {}, false);
    EXPECT_EQ(diags.items()[0].loc.str(), c.loc);
    EXPECT_EQ(diags.items()[0].message, c.message);
    EXPECT_FALSE(diags.items()[0].hints.empty());
  }
}

TEST(BlueprintReader, WrongShapesAreLocatedWithAHint) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\n";
  const std::vector<ShapeCase> cases = {
      {"a string where a list of ports is expected", "ports: http\n", "x.yaml:5:8", "ports must be a list"},
      {"a word where a boolean is expected", "ports: [{name: web, port: 80}]\nui: {port: web, sensitive: maybe}\n",
       "x.yaml:6:28", "sensitive must be true or false"},
      {"a mapping where a list of env is expected", "env: {A: b}\n", "x.yaml:5:6", "env must be a list"},
      {"a word where a probe period is expected",
       "ports: [{name: web, port: 80}]\nprobes:\n  liveness:\n    tcp: web\n    periodSeconds: ten\n",
       "x.yaml:9:20", "periodSeconds must be an integer"},
      {"a list where suppressions are expected", "suppress: [a]\n", "x.yaml:5:11", "suppress must be a mapping"},
  };
  expect_located(head, cases);
}

TEST(BlueprintReader, ValuesNginxOrKubernetesWouldRefuseAreLocatedWithAHint) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: web, port: 80}]\n";
  const std::vector<ShapeCase> cases = {
      {"a body size without digits", "ui: {port: web, bodySize: big}\n", "x.yaml:6:27", "bodySize \"big\" is not a size"},
      {"a body size in an unknown unit", "ui: {port: web, bodySize: 10t}\n", "x.yaml:6:27", "bodySize \"10t\" is not a size"},
      {"a unit alone", "ui: {port: web, bodySize: m}\n", "x.yaml:6:27", "bodySize \"m\" is not a size"},
      {"bidirectional propagation", "volumes: [{name: r, mountPath: /r, hostPath: /, mountPropagation: Bidirectional}]\n",
       "x.yaml:6:67", "mountPropagation \"Bidirectional\" is not allowed here"},
      {"propagation without a host path", "volumes: [{name: r, mountPath: /r, mountPropagation: HostToContainer}]\n",
       "x.yaml:6:54", "mountPropagation \"HostToContainer\" is not allowed here"},
      {"a start time without a unit of time", "startTime: soon\n", "x.yaml:6:12", "startTime \"soon\" is not a duration of a second or more"},
      {"a start time of nothing", "startTime: 0s\n", "x.yaml:6:12", "startTime \"0s\" is not a duration of a second or more"},
  };
  expect_located(head, cases);
  Catalog catalog;
  Diagnostics diags;
  EXPECT_TRUE(catalog.add(head + "ui: {port: web, bodySize: 512m}\n", "x.yaml", diags)) << render_diagnostics(diags, {}, false);
  EXPECT_EQ(catalog.find("x")->ui_body_size, "512m");
  Catalog timed;
  EXPECT_TRUE(timed.add(head + "startTime: 1h30m\n", "x.yaml", diags)) << render_diagnostics(diags, {}, false);
  EXPECT_EQ(timed.find("x")->start_time, std::chrono::minutes(90));
}

// The Kubernetes fields a blueprint writes verbatim (issue 24): each wrong type or shape is
// reported at the field, naming it by its path, instead of being copied into the render (or
// thrown at by the JSON library).
TEST(BlueprintReader, ResourcesOfTheWrongShapeAreLocated) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\n";
  const std::vector<ShapeCase> cases = {
      {"a number", "resources: 5\n", "x.yaml:5:12", "resources must be a mapping, got integer"},
      {"a list", "resources: [a]\n", "x.yaml:5:12", "resources must be a mapping, got list"},
      {"nothing", "resources:\n", "x.yaml:5:11", "resources must be a mapping, got null"},
      {"a number of requests", "resources: {requests: 1}\n", "x.yaml:5:23", "resources.requests must be a mapping, got integer"},
      {"a word for cpu", "resources: {limits: {cpu: lots}}\n", "x.yaml:5:27", "resources.limits.cpu \"lots\" is not a quantity"},
      {"a list for memory", "resources: {limits: {memory: [1]}}\n", "x.yaml:5:30",
       "resources.limits.memory must be a quantity, got list"},
      {"an unknown resource", "resources: {limits: {gpu: 1}}\n", "x.yaml:5:22", "unknown field \"gpu\" in resources.limits"},
      {"an unknown section", "resources: {request: {cpu: 1}}\n", "x.yaml:5:13", "unknown field \"request\" in resources"},
  };
  expect_located(head, cases);
}

TEST(BlueprintReader, SecurityContextsOfTheWrongShapeAreLocated) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\n";
  const std::vector<ShapeCase> cases = {
      {"a word", "securityContext: yes\n", "x.yaml:5:18", "securityContext must be a mapping, got string"},
      {"a name for a user id", "securityContext: {runAsUser: root}\n", "x.yaml:5:30",
       "securityContext.runAsUser must be an integer, got string"},
      {"a negative group id", "securityContext: {runAsGroup: -1}\n", "x.yaml:5:31", "securityContext.runAsGroup is -1, out of range"},
      {"a word for a flag", "securityContext: {readOnlyRootFilesystem: yes}\n", "x.yaml:5:43",
       "securityContext.readOnlyRootFilesystem must be true or false, got string"},
      {"capabilities dropped", "securityContext: {capabilities: {drop: [ALL]}}\n", "x.yaml:5:34",
       "unknown field \"drop\" in securityContext.capabilities"},
      {"one capability, not a list", "securityContext: {capabilities: {add: NET_ADMIN}}\n", "x.yaml:5:39",
       "securityContext.capabilities.add must be a list of strings, got string"},
      {"an unknown seccomp type", "securityContext: {seccompProfile: {type: Default}}\n", "x.yaml:5:42",
       "invalid value \"Default\" for securityContext.seccompProfile.type"},
      {"a misspelt field", "securityContext: {runAsUsr: 1}\n", "x.yaml:5:19", "unknown field \"runAsUsr\" in securityContext"},
      {"the provision job's, a list", "provision: {command: [sh], securityContext: [a]}\n", "x.yaml:5:45",
       "provision.securityContext must be a mapping, got list"},
  };
  expect_located(head, cases);
}

TEST(BlueprintReader, RbacRulesOfTheWrongShapeAreLocated) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\n";
  const std::vector<ShapeCase> cases = {
      {"one rule, not a list", "rbac: {cluster: {verbs: [get]}}\n", "x.yaml:5:17", "rbac.cluster must be a list, got mapping"},
      {"a rule without verbs", "rbac: {namespace: [{resources: [pods]}]}\n", "x.yaml:5:20",
       "rbac.namespace[0] is missing required field \"verbs\""},
      {"one verb, not a list", "rbac: {cluster: [{verbs: get}]}\n", "x.yaml:5:26",
       "rbac.cluster[0].verbs must be a list of strings, got string"},
      {"a number among the resources", "rbac: {cluster: [{verbs: [get], resources: [pods, 5]}]}\n", "x.yaml:5:51",
       "rbac.cluster[0].resources[1] must be a string, got integer"},
      {"a misspelt field", "rbac: {cluster: [{verbs: [get], apiGroup: [\"\"]}]}\n", "x.yaml:5:33",
       "unknown field \"apiGroup\" in rbac.cluster[0]"},
      {"a rule that is a word", "rbac: {namespace: [read]}\n", "x.yaml:5:20", "rbac.namespace[0] must be a mapping, got string"},
  };
  expect_located(head, cases);
}

TEST(BlueprintReader, WebhookRulesAndSelectorsOfTheWrongShapeAreLocated) {
  const std::string head =
      "name: x\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: https, port: 443}]\n"
      "admissionWebhooks:\n  port: https\n  caSecret: c\n  validating:\n    - name: w\n      path: /v\n";
  const std::vector<ShapeCase> cases = {
      {"one rule, not a list", "      rules: {operations: [CREATE]}\n", "x.yaml:12:14",
       "admissionWebhooks.validating[0].rules must be a list, got mapping"},
      {"an operation in lower case", "      rules: [{operations: [create]}]\n", "x.yaml:12:29",
       "invalid value \"create\" for admissionWebhooks.validating[0].rules[0].operations[0]"},
      {"an unknown scope", "      rules: [{scope: Global}]\n", "x.yaml:12:23",
       "invalid value \"Global\" for admissionWebhooks.validating[0].rules[0].scope"},
      {"a selector that is a list", "      namespaceSelector: [a]\n", "x.yaml:12:26",
       "admissionWebhooks.validating[0].namespaceSelector must be a mapping, got list"},
      {"a label value that is no string", "      namespaceSelector: {matchLabels: {a: true}}\n", "x.yaml:12:44",
       "admissionWebhooks.validating[0].namespaceSelector.matchLabels.a must be a string, got boolean"},
      {"a misspelt operator", "      namespaceSelector: {matchExpressions: [{key: a, operator: NotIm}]}\n", "x.yaml:12:65",
       "invalid value \"NotIm\" for admissionWebhooks.validating[0].namespaceSelector.matchExpressions[0].operator"},
      {"an expression without a key", "      namespaceSelector: {matchExpressions: [{operator: Exists}]}\n", "x.yaml:12:46",
       "admissionWebhooks.validating[0].namespaceSelector.matchExpressions[0] is missing required field \"key\""},
  };
  expect_located(head, cases);
}

// What each hint says, for the kinds of mistake: the fields a mapping takes, the nearest value.
TEST(BlueprintReader, HintsSayWhatToWrite) {
  auto hint = [](const std::string& tail) {
    Catalog c;
    Diagnostics diags;
    EXPECT_FALSE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\n" + tail, "x.yaml", diags));
    return diags.empty() || diags.items()[0].hints.empty() ? std::string() : diags.items()[0].hints[0];
  };
  EXPECT_EQ(hint("resources: {limits: {ephemeral-storage: 1Gi}}\n"), "resources.limits takes: cpu, memory");
  EXPECT_EQ(hint("resources: {limits: {cpu: lots}}\n"), "write cores such as 500m or 2");
  EXPECT_EQ(hint("resources: {limits: {memory: lots}}\n"), "write a size such as 512Mi or 4Gi");
  EXPECT_EQ(hint("resources: 5\n"), "write one `key: value` line per entry");
  EXPECT_EQ(hint("securityContext: {capabilities: {drop: [ALL]}}\n"), "securityContext.capabilities takes: add");
  EXPECT_EQ(hint("securityContext: {runAsGroup: -1}\n"), "use a value from 0 to 2147483647");
  EXPECT_EQ(hint("securityContext: {runAsUser: root}\n"), "write a whole number from 0 to 2147483647");
  EXPECT_EQ(hint("rbac: {cluster: [{verbs: [get], apiGroup: [a]}]}\n"), "did you mean \"apiGroups\"?");
  EXPECT_EQ(hint("rbac: {cluster: [{verbs: [get], resources: [5]}]}\n"), "quote the value to make it a string: \"5\"");
  EXPECT_EQ(hint("rbac: {cluster: [{resources: [pods]}]}\n"), "add `verbs:` (see docs/blueprints.md)");
  EXPECT_EQ(hint("securityContext: {seccompProfile: {type: Localhst}}\n"),
            "did you mean \"Localhost\"? (use one of: RuntimeDefault, Localhost, Unconfined)");
  EXPECT_EQ(hint("securityContext: {procMount: Proc}\n"), "use one of: Default, Unmasked");
}

// Every mistake is reported, not only the first, and nothing of a wrong field reaches the blueprint.
TEST(BlueprintReader, EveryMistakeInAFieldIsReported) {
  Catalog c;
  Diagnostics diags;
  EXPECT_FALSE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\n"
                     "securityContext: {runAsUser: a, runAsGroup: b, privileged: c}\nresources: {limits: 1}\n",
                     "x.yaml", diags));
  std::vector<std::string> where;
  for (const Diagnostic& d : diags) where.push_back(d.loc.str());
  EXPECT_EQ(where, (std::vector<std::string>{"x.yaml:6:21", "x.yaml:5:30", "x.yaml:5:45", "x.yaml:5:60"}));
}

// Fields of the right shape are copied as written: the same JSON the render always had.
TEST(BlueprintReader, KubernetesFieldsOfTheRightShapeAreCopiedAsWritten) {
  Catalog c;
  Diagnostics diags;
  ASSERT_TRUE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: https, port: 443}]\n"
                    "resources: {requests: {cpu: 1, memory: 64Mi}, limits: {cpu: \"2\", memory: 0.5Gi}}\n"
                    "securityContext: {runAsUser: 1000, capabilities: {add: [NET_BIND_SERVICE]}}\n"
                    "rbac: {cluster: [{apiGroups: [\"\"], resources: [nodes], verbs: [get]}]}\n"
                    "admissionWebhooks:\n  port: https\n  caSecret: c\n"
                    "  mutating: [{name: w, path: /m, rules: [{operations: [CREATE], resources: [\"*/*\"]}],"
                    " namespaceSelector: {matchLabels: {a: \"true\"}}}]\n",
                    "x.yaml", diags))
      << render_diagnostics(diags, {}, false);
  const Blueprint& bp = *c.find("x");
  EXPECT_EQ(bp.resources.dump(), R"({"limits":{"cpu":"2","memory":"0.5Gi"},"requests":{"cpu":1,"memory":"64Mi"}})");
  EXPECT_EQ(bp.security_context.dump(), R"({"capabilities":{"add":["NET_BIND_SERVICE"]},"runAsUser":1000})");
  EXPECT_EQ(bp.cluster_rules.dump(), R"([{"apiGroups":[""],"resources":["nodes"],"verbs":["get"]}])");
  EXPECT_EQ(bp.namespace_rules.dump(), "[]");
  ASSERT_TRUE(bp.admission);
  ASSERT_EQ(bp.admission->mutating.size(), 1u);
  EXPECT_EQ(bp.admission->mutating[0].rules.dump(), R"([{"operations":["CREATE"],"resources":["*/*"]}])");
  EXPECT_EQ(bp.admission->mutating[0].namespace_selector.dump(), R"({"matchLabels":{"a":"true"}})");
}

TEST(BlueprintReader, AnIntegerBeyondTheRangeIsLocated) {
  expect_located("name: x\nlayer: data\nnamespace: db\nimage: a:1\n",
                 {{"replicas", "replicas: 99999999999\n", "x.yaml:5:11", "replicas is 99999999999, out of range"}});
}

// Whatever kind of value stands where a field belongs, reading ends in located diagnostics with
// hints (or, where the kind fits, in a blueprint): never an exception, never an unlocated error.
TEST(BlueprintReader, AnyKindOfValueInAnyFieldIsReadOrLocated) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: web, port: 80}]\n";
  const std::vector<std::string> fields = {
      "description", "podSecurity", "workload", "replicas", "command", "args", "gatewayApiArgs", "env", "storage",
      "probes", "resources", "securityContext", "fsGroup", "metrics", "ui", "secrets", "dependsOn", "provides",
      "rbac", "enabledByDefault", "provision", "volumes", "files", "postStart", "gpus", "gpuNodes", "tolerateAll",
      "hostNetwork", "hostPID", "enableServiceLinks", "internetEgress", "nodeEgress", "suppress", "crds", "partOf", "admissionWebhooks", "spawnedPods", "tcpTls"};
  const std::vector<std::string> values = {"5", "word", "[a, 1]", "{a: b}", "", "true", "[{a: b}]", "{a: {b: [c]}}", "-1.5"};
  for (const std::string& f : fields) {
    for (const std::string& v : values) {
      SCOPED_TRACE(f + ": " + v);
      Catalog c;
      Diagnostics diags;
      bool added = c.add(head + f + ": " + v + "\n", "x.yaml", diags);
      EXPECT_EQ(added, !diags.has_errors());
      for (const Diagnostic& d : diags) {
        EXPECT_GE(d.loc.line, 5) << d.message;
        EXPECT_FALSE(d.hints.empty()) << d.message;
      }
    }
  }
}

}  // namespace
}  // namespace bg::catalog
