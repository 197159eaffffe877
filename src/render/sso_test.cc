// SSO: the example with Keycloak on and Grafana behind `auth: sso`, on both backends.
#include <gtest/gtest.h>

#include "check/finding.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

using manifest::Json;

std::string with_sso(std::string text) {
  text.replace(text.find("auth: basic"), 11, "auth: sso  ");
  return text + "    keycloak: {}\n";
}

const pipeline::PipelineResult& nginx_sso() {
  static const pipeline::PipelineResult r = pipeline::run_text(with_sso(testing::example_spec()), "sso.yaml");
  return r;
}

const pipeline::PipelineResult& gateway_sso() {
  static const pipeline::PipelineResult r = pipeline::run_text(with_sso(testing::gateway_example_spec()), "sso.yaml");
  return r;
}

const Json& object(const pipeline::PipelineResult& r, const std::string& group, const std::string& kind,
                   const std::string& ns, const std::string& name) {
  const manifest::Object* o = r.objects.find({group, kind}, ns, name);
  if (!o) {
    static const Json null;
    ADD_FAILURE() << "missing " << group << "/" << kind << " " << ns << "/" << name;
    return null;
  }
  return o->body;
}

bool has_arg(const Json& container, const std::string& arg) {
  for (const Json& a : container["args"])
    if (a == arg) return true;
  return false;
}

TEST(Sso, BothBackendsRenderWithoutFindings) {
  for (const pipeline::PipelineResult* r : {&nginx_sso(), &gateway_sso()}) {
    ASSERT_TRUE(r->ok()) << render_diagnostics(r->diagnostics, r->sources, false);
    EXPECT_TRUE(r->findings.empty()) << render_diagnostics(check::to_diagnostics(r->findings), {}, false);
  }
}

TEST(Sso, KeycloakRunsOnPostgresWithGeneratedAdminCredentials) {
  const Json& d = object(nginx_sso(), "apps", "Deployment", "sso", "keycloak");
  const Json& k = d["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(k["image"], "quay.io/keycloak/keycloak:26.5.6");
  std::map<std::string, Json> env;
  for (const Json& e : k["env"]) env[e["name"]] = e;
  EXPECT_EQ(env["KC_BOOTSTRAP_ADMIN_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"], "keycloak-admin");
  EXPECT_EQ(env["KC_DB"]["value"], "postgres");
  EXPECT_EQ(env["KC_HOSTNAME"]["value"], "https://auth.betelgeusebytes.io");
  EXPECT_EQ(k["readinessProbe"]["httpGet"]["port"], "management");
  // It builds itself at every start: a startup probe gives it time, and liveness waits for it.
  EXPECT_EQ(k["startupProbe"]["httpGet"]["path"], "/health/started");
  EXPECT_GE(k["startupProbe"]["failureThreshold"].get<int>() * k["startupProbe"]["periodSeconds"].get<int>(), 300);
  bool generated = false;
  for (const platform::SecretPlan& s : nginx_sso().platform.secrets)
    if (s.ns == "sso" && s.name == "keycloak-oauth2-proxy")
      generated = s.generated == std::vector<std::string>{"client-secret", "cookie-secret"};
  EXPECT_TRUE(generated) << "client and cookie secrets are generated on first apply";
  for (const manifest::Object& o : nginx_sso().objects.objects()) EXPECT_NE(o.body["kind"], "Secret");
}

TEST(Sso, OAuth2ProxyGuardsTheUiAndSignsInAtKeycloak) {
  const Json& d = object(nginx_sso(), "apps", "Deployment", "sso", "grafana-sso");
  const Json& k = d["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(k["image"], "quay.io/oauth2-proxy/oauth2-proxy:v7.15.6");
  EXPECT_TRUE(has_arg(k, "--oidc-issuer-url=https://auth.betelgeusebytes.io/realms/platform"));
  EXPECT_TRUE(has_arg(k, "--redeem-url=http://keycloak.sso.svc.cluster.local:8080/realms/platform/protocol/openid-connect/token"));
  EXPECT_TRUE(has_arg(k, "--upstream=http://grafana.observability.svc.cluster.local:3000/"));
  EXPECT_TRUE(has_arg(k, "--redirect-url=https://grafana.betelgeusebytes.io/oauth2/callback"));
  EXPECT_EQ(k["env"][0]["valueFrom"]["secretKeyRef"]["name"], "keycloak-oauth2-proxy");
  // Only the proxy reaches Grafana from outside its namespace's derived paths, and reaches Keycloak.
  object(nginx_sso(), "networking.k8s.io", "NetworkPolicy", "observability", "grafana-from-grafana-sso");
  object(nginx_sso(), "networking.k8s.io", "NetworkPolicy", "sso", "keycloak-from-grafana-sso");
}

TEST(Sso, TheRealmSetupJobRegistersEverySsoHost) {
  const Json& cm = object(nginx_sso(), "", "ConfigMap", "sso", "keycloak-realm-setup");
  std::string script = cm["data"]["setup.sh"];
  EXPECT_NE(script.find("redirectUris=[\"https://grafana.betelgeusebytes.io/oauth2/callback\"]"), std::string::npos) << script;
  std::size_t jobs = 0;
  for (const manifest::Object& o : nginx_sso().objects.objects())
    if (o.body["kind"] == "Job" && o.body["metadata"]["name"].get<std::string>().rfind("keycloak-realm-setup-", 0) == 0) ++jobs;
  EXPECT_EQ(jobs, 1u);
}

TEST(Sso, WithIngressNginxTheHostsIngressLeadsToTheProxy) {
  const Json& ing = object(nginx_sso(), "networking.k8s.io", "Ingress", "sso", "grafana");
  EXPECT_EQ(ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"], "grafana-sso");
  EXPECT_EQ(ing["metadata"]["annotations"]["cert-manager.io/cluster-issuer"], "letsencrypt-production");
  EXPECT_EQ(nginx_sso().objects.find({"networking.k8s.io", "Ingress"}, "observability", "grafana"), nullptr);
}

TEST(Sso, WithGatewayApiTheRouteNamesTheProxyAcrossNamespacesWithAGrant) {
  const Json& r = object(gateway_sso(), "gateway.networking.k8s.io", "HTTPRoute", "observability", "grafana");
  EXPECT_EQ(r["spec"]["rules"][0]["backendRefs"][0]["name"], "grafana-sso");
  EXPECT_EQ(r["spec"]["rules"][0]["backendRefs"][0]["namespace"], "sso");
  const Json& g = object(gateway_sso(), "gateway.networking.k8s.io", "ReferenceGrant", "sso", "httproute-grafana");
  EXPECT_EQ(g["spec"]["from"][0]["namespace"], "observability");
  EXPECT_EQ(g["spec"]["to"][0]["name"], "grafana-sso");
  object(gateway_sso(), "cilium.io", "CiliumNetworkPolicy", "sso", "grafana-sso-from-gateway");
  object(gateway_sso(), "gateway.networking.k8s.io", "HTTPRoute", "sso", "keycloak");
}

}  // namespace
}  // namespace bg::render
