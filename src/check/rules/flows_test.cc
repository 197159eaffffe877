#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

// Namespace "data" with a default-deny policy, Deployment "db" (port "postgres" 5432) and its
// Service "db"; together with compliant_app()'s "web" in "shop", which gets `env`.
std::string db_app() {
  return R"(---
apiVersion: v1
kind: Namespace
metadata:
  name: data
  labels:
    tier: data
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: data
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  namespace: data
spec:
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: registry.example.com/db:16.2
        ports:
        - name: postgres
          containerPort: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  selector:
    app: db
  ports:
  - name: postgres
    port: 5432
    targetPort: postgres
)";
}

// web calling `url` from an env value.
std::string web_calling(const std::string& url) {
  return with(compliant_app(), "        securityContext:\n          allowPrivilegeEscalation",
              "        env:\n        - name: DATABASE_URL\n          value: \"" + url +
                  "\"\n        securityContext:\n          allowPrivilegeEscalation") +
         db_app();
}

// A policy in `ns` selecting app=`self` that lets it out to (Egress) or in from (Ingress) the pods
// app=`peer` of namespace `peer_ns` on `port`.
std::string policy(const std::string& ns, const std::string& self, const std::string& direction,
                   const std::string& peer_ns, const std::string& peer, const std::string& port) {
  bool egress = direction == "Egress";
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + self + (egress ? "-to-" : "-from-") +
         peer + "\n  namespace: " + ns + "\nspec:\n  podSelector: {matchLabels: {app: " + self + "}}\n  policyTypes: [" +
         direction + "]\n  " + (egress ? "egress" : "ingress") + ":\n  - " + (egress ? "to" : "from") +
         ":\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: " + peer_ns +
         "}}\n      podSelector: {matchLabels: {app: " + peer + "}}\n    ports:\n    - port: " + port + "\n";
}

const std::string kWebToDb = policy("shop", "web", "Egress", "data", "db", "5432");
const std::string kDbFromWeb = policy("data", "db", "Ingress", "shop", "web", "postgres");

// "line:col" of the first `needle` in `text` (1-based).
std::string place(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  if (at == std::string::npos) return "not found";
  std::size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  return std::to_string(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1) + ":" +
         std::to_string(at - line_start + 1);
}

TEST(FlowBlocked, ACallBothDefaultDeniesBlockIsReportedAtTheEndpoint) {
  std::string text = web_calling("postgresql://app@db.data.svc:5432/app");
  EXPECT_EQ(findings_of("flow-blocked", text),
            Lines{"flow-blocked " + place(text, "postgresql://") +
                  ": Deployment shop/web cannot reach \"postgresql://app@db.data.svc:5432\" (Service data/db): the "
                  "NetworkPolicies selecting its pods allow no egress to Deployment data/db on TCP 5432 (\"postgres\"), "
                  "and the NetworkPolicies selecting the pods of Deployment data/db allow no ingress from it on TCP 5432 "
                  "(\"postgres\")"});
}

TEST(FlowBlocked, TheHintSaysWhatToAddOnTheBlockingSide) {
  std::string text = web_calling("db.data.svc:5432") + kWebToDb;
  std::vector<Finding> found;
  for (Finding& f : testing::check_findings(text))
    if (f.rule == "flow-blocked") found.push_back(std::move(f));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "Deployment shop/web cannot reach \"db.data.svc:5432\" (Service data/db): the NetworkPolicies selecting the "
            "pods of Deployment data/db allow no ingress from it on TCP 5432 (\"postgres\")");
  EXPECT_EQ(found[0].hint,
            "add an ingress rule to a NetworkPolicy in \"data\" selecting app=db: from namespaceSelector "
            "kubernetes.io/metadata.name=shop with podSelector app=web, ports TCP 5432 (\"postgres\")");
}

TEST(FlowBlocked, OpenAtBothEndsIsFine) {
  EXPECT_EQ(findings_of("flow-blocked", web_calling("db.data.svc:5432") + kWebToDb + kDbFromWeb), Lines{});
  EXPECT_EQ(findings_of("flow-unresolved", web_calling("db.data.svc:5432") + kWebToDb + kDbFromWeb), Lines{});
}

TEST(FlowBlocked, ANamespaceWithoutPoliciesIsOpen) {
  std::string text = with(web_calling("db.data.svc:5432") + kWebToDb,
                          "  name: default-deny\n  namespace: data\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
                          "  name: default-deny\n  namespace: data\nspec:\n  podSelector: {matchLabels: {app: none}}\n");
  EXPECT_EQ(findings_of("flow-blocked", text), Lines{});
}

TEST(FlowBlocked, ANamespaceSelectorByLabelCounts) {
  std::string text = with(web_calling("db.data.svc:5432") + kWebToDb + kDbFromWeb,
                          "    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}",
                          "    - namespaceSelector: {matchLabels: {tier: data}}");
  EXPECT_EQ(findings_of("flow-blocked", text), Lines{});
  text = with(text, "{matchLabels: {tier: data}}", "{matchLabels: {tier: web}}");
  EXPECT_EQ(findings_of("flow-blocked", text).size(), 1u);
}

TEST(FlowBlocked, WithoutAPortSomeOpenPortIsEnough) {
  EXPECT_EQ(findings_of("flow-blocked", web_calling("db.data.svc") + kWebToDb + kDbFromWeb), Lines{});
  std::string text = web_calling("db.data.svc");
  ASSERT_EQ(findings_of("flow-blocked", text).size(), 1u);
  EXPECT_NE(findings_of("flow-blocked", text)[0].find("allow no egress to Deployment data/db on any port of the Service"),
            std::string::npos);
}

TEST(FlowBlocked, AServiceTargetPortIsWhatThePoliciesMustOpen) {
  std::string text = with(web_calling("http://db.data:80") + kWebToDb + kDbFromWeb, "  - name: postgres\n    port: 5432\n",
                          "  - name: postgres\n    port: 80\n");
  EXPECT_EQ(findings_of("flow-blocked", text), Lines{});
  EXPECT_EQ(findings_of("flow-unresolved", text), Lines{});
}

TEST(FlowBlocked, AnEndpointInAMountedConfigMapIsReportedAtItsLine) {
  std::string text = compliant_app() + db_app() + R"(---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  app.yaml: |
    server:
      port: 8080
    database:
      url: postgres://db.data.svc/app
)";
  text = with(text, "        securityContext:\n          allowPrivilegeEscalation",
              "        volumeMounts:\n        - {name: config, mountPath: /etc/web}\n"
              "        securityContext:\n          allowPrivilegeEscalation");
  text = with(text, "      containers:\n      - name: web", "      volumes:\n      - name: config\n        configMap: {name: web-config}\n"
                                                           "      containers:\n      - name: web");
  std::vector<std::string> found = findings_of("flow-blocked", text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].substr(0, found[0].find(": ")), "flow-blocked " + place(text, "postgres://db"));
}

TEST(FlowBlocked, AConfigMapKeyNotReadIsNotACall) {
  std::string text = compliant_app() + db_app() + R"(---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  DATABASE_URL: postgres://db.data.svc/app
  OTHER: x
)";
  std::string env = "        env:\n        - name: X\n          valueFrom:\n            configMapKeyRef: {name: web-config, key: KEY}\n"
                    "        securityContext:\n          allowPrivilegeEscalation";
  std::string other = with(text, "        securityContext:\n          allowPrivilegeEscalation", with(env, "KEY", "OTHER"));
  EXPECT_EQ(findings_of("flow-blocked", other), Lines{});
  std::string url = with(text, "        securityContext:\n          allowPrivilegeEscalation", with(env, "KEY", "DATABASE_URL"));
  EXPECT_EQ(findings_of("flow-blocked", url).size(), 1u);
  EXPECT_EQ(findings_of("flow-blocked", text), Lines{});  // read by no pod
}

TEST(FlowBlocked, AWorkloadNamingItsOwnServiceIsNotACall) {
  EXPECT_EQ(findings_of("flow-blocked", web_calling("PLAINTEXT://web.shop.svc:80")), Lines{});
}

TEST(FlowBlocked, ANamespaceTheSetDoesNotKnowIsNotJudged) {
  EXPECT_EQ(findings_of("flow-blocked", web_calling("https://api.example:443")), Lines{});
  EXPECT_EQ(findings_of("flow-unresolved", web_calling("https://api.example:443")), Lines{});
}

TEST(FlowBlocked, OneFindingPerFlow) {
  std::string text = with(web_calling("db.data.svc:5432"), "        - name: DATABASE_URL\n",
                          "        - {name: DB_HOST, value: \"db.data.svc:5432\"}\n        - name: DATABASE_URL\n");
  EXPECT_EQ(findings_of("flow-blocked", text).size(), 1u);
}

TEST(FlowBlocked, ASuppressionOnTheCallerSilencesIt) {
  std::string text = with(web_calling("db.data.svc:5432"), "  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels",
                          "  name: web\n  namespace: shop\n  annotations:\n    betelgeuse.io/suppress.flow-blocked: \"the "
                          "CNI's own policies open it\"\nspec:\n  selector:\n    matchLabels");
  EXPECT_EQ(findings_of("flow-blocked", text), Lines{});
  EXPECT_EQ(findings_of("suppression", text), Lines{});
}

TEST(FlowUnresolved, AServiceTheNamespaceLacks) {
  std::string text = web_calling("dbb.data.svc:5432");
  EXPECT_EQ(findings_of("flow-unresolved", text),
            Lines{"flow-unresolved " + place(text, "dbb.") +
                  ": \"dbb.data.svc:5432\" names Service \"dbb\" in namespace \"data\", which the set does not define"});
}

TEST(FlowUnresolved, APortTheServiceLacks) {
  std::string text = web_calling("db.data.svc:5433");
  EXPECT_EQ(findings_of("flow-unresolved", text),
            Lines{"flow-unresolved " + place(text, "db.data") +
                  ": \"db.data.svc:5433\": Service \"db\" in namespace \"data\" has no port 5433 (it has 5432 "
                  "(\"postgres\"))"});
  EXPECT_EQ(findings_of("flow-blocked", text), Lines{});
}

}  // namespace
}  // namespace bg::check
