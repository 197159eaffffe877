#include "render/render.h"

#include <gtest/gtest.h>

#include "manifest/tree.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

using manifest::Json;

const pipeline::PipelineResult& example() {
  static const pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "examples/betelgeusebytes.yaml");
  return r;
}

const Json& object(const std::string& group, const std::string& kind, const std::string& ns, const std::string& name) {
  const manifest::Object* o = example().objects.find({group, kind, ns, name});
  if (!o) {
    static const Json null;
    ADD_FAILURE() << "missing " << group << "/" << kind << " " << ns << "/" << name;
    return null;
  }
  return o->body;
}

TEST(Render, TheExampleRendersWithoutFindings) {
  ASSERT_TRUE(example().ok()) << render_diagnostics(example().diagnostics, example().sources, false);
  EXPECT_TRUE(example().findings.empty()) << render_diagnostics(check::to_diagnostics(example().findings), {}, false);
}

TEST(Render, RenderingTwiceGivesIdenticalTrees) {
  pipeline::PipelineResult again = pipeline::run_text(testing::example_spec(), "examples/betelgeusebytes.yaml");
  EXPECT_EQ(manifest::layout_tree(again.objects), manifest::layout_tree(example().objects));
}

TEST(Render, EveryNamespaceHasPodSecurityLabelsAndDefaultDeny) {
  for (const char* ns : {"db", "observability", "ingress-nginx"}) {
    const Json& n = object("", "Namespace", "", ns);
    EXPECT_EQ(n["metadata"]["labels"]["pod-security.kubernetes.io/enforce"], "restricted") << ns;
    const Json& deny = object("networking.k8s.io", "NetworkPolicy", ns, "default-deny");
    EXPECT_EQ(deny["spec"]["podSelector"], Json::object());
    EXPECT_EQ(deny["spec"]["policyTypes"], Json::array({"Ingress", "Egress"}));
  }
}

TEST(Render, PostgresRunsOnALocalVolumePinnedToTheNamedNode) {
  const Json& sts = object("apps", "StatefulSet", "db", "postgres");
  EXPECT_EQ(sts["spec"]["template"]["spec"]["nodeSelector"]["kubernetes.io/hostname"], "worker-1");
  EXPECT_EQ(sts["spec"]["volumeClaimTemplates"][0]["spec"]["storageClassName"], "local-ssd");
  EXPECT_EQ(sts["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0]["mountPath"], "/var/lib/postgresql");
  const Json& pv = object("", "PersistentVolume", "", "db-postgres-data");
  EXPECT_EQ(pv["spec"]["local"]["path"], "/mnt/ssd/db/postgres");
  EXPECT_EQ(pv["spec"]["capacity"]["storage"], "50Gi");
  EXPECT_EQ(pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0]["values"][0], "worker-1");
  EXPECT_EQ(pv["spec"]["claimRef"]["name"], "data-postgres-0");
  EXPECT_EQ(pv["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  const Json& sc = object("storage.k8s.io", "StorageClass", "", "local-ssd");
  EXPECT_EQ(sc["provisioner"], "kubernetes.io/no-provisioner");
  EXPECT_EQ(sc["volumeBindingMode"], "WaitForFirstConsumer");
}

TEST(Render, PostgresTcpIsWiredThroughAllThreeIngressNginxPieces) {
  const Json& tcp = object("", "ConfigMap", "ingress-nginx", "tcp-services");
  EXPECT_EQ(tcp["data"]["5432"], "db/postgres:5432");
  const Json& svc = object("", "Service", "ingress-nginx", "ingress-nginx-controller");
  bool has_port = false;
  for (const Json& p : svc["spec"]["ports"]) has_port |= p["port"] == 5432 && p["name"] == "proxied-tcp-5432";
  EXPECT_TRUE(has_port);
  EXPECT_EQ(svc["spec"]["externalIPs"], Json::array({"203.0.113.10"}));
  const Json& args = object("apps", "Deployment", "ingress-nginx", "ingress-nginx")["spec"]["template"]["spec"]["containers"][0]["args"];
  EXPECT_NE(std::find(args.begin(), args.end(), "--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services"), args.end());
}

TEST(Render, TheUiGetsTlsFromTheClusterIssuerAndBasicAuth) {
  const Json& ing = object("networking.k8s.io", "Ingress", "observability", "grafana");
  const Json& a = ing["metadata"]["annotations"];
  EXPECT_EQ(a["cert-manager.io/cluster-issuer"], "letsencrypt-production");
  EXPECT_EQ(a["nginx.ingress.kubernetes.io/auth-type"], "basic");
  EXPECT_EQ(a["nginx.ingress.kubernetes.io/auth-secret"], "grafana-basic-auth");
  EXPECT_EQ(ing["spec"]["tls"][0]["hosts"][0], "grafana.betelgeusebytes.io");
  EXPECT_EQ(ing["spec"]["tls"][0]["secretName"], "grafana-tls");
  EXPECT_EQ(ing["spec"]["ingressClassName"], "nginx");
  const Json& issuer = object("cert-manager.io", "ClusterIssuer", "", "letsencrypt-production");
  EXPECT_EQ(issuer["spec"]["acme"]["email"], "ops@betelgeusebytes.io");
  EXPECT_EQ(issuer["spec"]["acme"]["solvers"][0]["http01"]["ingress"]["ingressClassName"], "nginx");
}

TEST(Render, NoSecretIsRenderedAndSecretsAreReferencedByName) {
  for (const manifest::Object& o : example().objects.objects()) EXPECT_NE(o.kind(), "Secret") << o.id().str();
  const Json& env = object("apps", "StatefulSet", "db", "postgres")["spec"]["template"]["spec"]["containers"][0]["env"];
  bool found = false;
  for (const Json& e : env)
    if (e["name"] == "POSTGRES_PASSWORD") {
      found = true;
      EXPECT_EQ(e["valueFrom"]["secretKeyRef"]["name"], "postgres-admin");
      EXPECT_FALSE(e.contains("value"));
    }
  EXPECT_TRUE(found);
}

TEST(Render, EveryContainerRunsNonRootWithoutPrivilegeEscalation) {
  for (const manifest::Object& o : example().objects.objects()) {
    if (!o.body.contains("spec") || !o.body["spec"].contains("template")) continue;
    for (const Json& c : o.body["spec"]["template"]["spec"]["containers"]) {
      EXPECT_EQ(c["securityContext"]["allowPrivilegeEscalation"], false) << o.id().str();
      EXPECT_EQ(c["securityContext"]["runAsNonRoot"], true) << o.id().str();
      EXPECT_EQ(c["securityContext"]["capabilities"]["drop"], Json::array({"ALL"})) << o.id().str();
      EXPECT_TRUE(c.contains("resources") && c.contains("livenessProbe") && c.contains("readinessProbe")) << o.id().str();
    }
  }
}

TEST(Render, OnlyTheIngressControllerMayReachExposedPorts) {
  const Json& pol = object("networking.k8s.io", "NetworkPolicy", "db", "postgres-from-ingress");
  EXPECT_EQ(pol["spec"]["ingress"][0]["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"], "ingress-nginx");
  EXPECT_EQ(pol["spec"]["ingress"][0]["ports"][0]["port"], 5432);
}

TEST(Render, TurningAComponentOffRemovesAllItsObjects) {
  std::string text = testing::example_spec();
  text.replace(text.find("    grafana:\n"), 13, "    grafana:\n      enabled: false\n");
  pipeline::PipelineResult r = pipeline::run_text(text, "p.yaml");
  ASSERT_TRUE(r.ok()) << render_diagnostics(r.diagnostics, r.sources, false);
  EXPECT_TRUE(r.findings.empty());
  for (const manifest::Object& o : r.objects.objects()) {
    EXPECT_NE(o.from.component, "grafana") << o.id().str();
    EXPECT_EQ(o.body.dump().find("grafana"), std::string::npos) << o.id().str();
  }
}

}  // namespace
}  // namespace bg::render
