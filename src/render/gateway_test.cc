// The Gateway API backend: the example platform with `exposure.backend: gateway-api`.
#include "render/gateway.h"

#include <gtest/gtest.h>

#include "check/finding.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

const pipeline::PipelineResult& gateway_example() {
  static const pipeline::PipelineResult r =
      pipeline::run_text(testing::with_gateway_backend(testing::skeleton_spec()), "examples/betelgeusebytes.yaml");
  return r;
}

const Json& object(const std::string& group, const std::string& kind, const std::string& ns, const std::string& name) {
  const manifest::Object* o = gateway_example().objects.find({group, kind}, ns, name);
  if (!o) {
    static const Json null;
    ADD_FAILURE() << "missing " << group << "/" << kind << " " << ns << "/" << name;
    return null;
  }
  return o->body;
}

std::size_t count_kind(const std::string& kind) {
  std::size_t n = 0;
  for (const manifest::Object& o : gateway_example().objects.objects()) n += o.body["kind"] == kind;
  return n;
}

TEST(Gateway, TheExampleRendersWithoutFindings) {
  const pipeline::PipelineResult& r = gateway_example();
  ASSERT_TRUE(r.ok()) << render_diagnostics(r.diagnostics, r.sources, false);
  EXPECT_TRUE(r.findings.empty()) << render_diagnostics(check::to_diagnostics(r.findings), {}, false);
}

TEST(Gateway, NoIngressNginxObjectIsRendered) {
  EXPECT_EQ(count_kind("Ingress"), 0u);
  EXPECT_EQ(count_kind("IngressClass"), 0u);
  EXPECT_EQ(gateway_example().objects.find({"", "Namespace"}, "", "ingress-nginx"), nullptr);
  EXPECT_EQ(gateway_example().objects.find({"", "ConfigMap"}, "ingress-nginx", "tcp-services"), nullptr);
}

TEST(Gateway, CiliumIsTheGatewayClass) {
  EXPECT_EQ(object(kGatewayApiGroup, "GatewayClass", "", "cilium")["spec"]["controllerName"], "io.cilium/gateway-controller");
}

TEST(Gateway, OneListenerPerHostAndPortPlusPlainHttpForAcme) {
  const Json& gw = object(kGatewayApiGroup, "Gateway", "gateway", "platform");
  EXPECT_EQ(gw["spec"]["gatewayClassName"], "cilium");
  const Json& l = gw["spec"]["listeners"];
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0]["name"], "http");
  EXPECT_EQ(l[0]["port"], 80);
  EXPECT_EQ(l[1]["name"], "https-grafana");
  EXPECT_EQ(l[1]["protocol"], "HTTPS");
  EXPECT_EQ(l[1]["hostname"], "grafana.betelgeusebytes.io");
  EXPECT_EQ(l[1]["tls"]["certificateRefs"][0]["name"], "grafana-tls");
  EXPECT_EQ(l[1]["allowedRoutes"]["namespaces"]["selector"]["matchLabels"]["kubernetes.io/metadata.name"], "observability");
  EXPECT_EQ(l[2]["name"], "tcp-5432");
  EXPECT_EQ(l[2]["protocol"], "TCP");
  EXPECT_EQ(l[2]["allowedRoutes"]["kinds"][0]["kind"], "TCPRoute");
}

TEST(Gateway, CertificatesAreRenderedBesideTheGateway) {
  const Json& cert = object("cert-manager.io", "Certificate", "gateway", "grafana-tls");
  EXPECT_EQ(cert["spec"]["secretName"], "grafana-tls");
  EXPECT_EQ(cert["spec"]["dnsNames"], Json::array({"grafana.betelgeusebytes.io"}));
  EXPECT_EQ(cert["spec"]["issuerRef"]["name"], "letsencrypt-production");
  const Json& issuer = object("cert-manager.io", "ClusterIssuer", "", "letsencrypt-staging");
  const Json& parent = issuer["spec"]["acme"]["solvers"][0]["http01"]["gatewayHTTPRoute"]["parentRefs"][0];
  EXPECT_EQ(parent["name"], "platform");
  EXPECT_EQ(parent["namespace"], "gateway");
  EXPECT_EQ(parent["sectionName"], "http");
}

TEST(Gateway, PlainHttpRedirectsToHttps) {
  const Json& r = object(kGatewayApiGroup, "HTTPRoute", "gateway", "http-to-https");
  EXPECT_EQ(r["spec"]["rules"][0]["filters"][0]["requestRedirect"]["scheme"], "https");
  EXPECT_EQ(r["spec"]["hostnames"], Json::array({"grafana.betelgeusebytes.io"}));
}

TEST(Gateway, TheUiRouteGoesThroughItsBasicAuthProxy) {
  const Json& r = object(kGatewayApiGroup, "HTTPRoute", "observability", "grafana");
  EXPECT_EQ(r["spec"]["parentRefs"][0]["sectionName"], "https-grafana");
  EXPECT_EQ(r["spec"]["rules"][0]["backendRefs"][0]["name"], "grafana-auth");
  EXPECT_EQ(r["spec"]["rules"][0]["backendRefs"][0]["port"], 8080);
  EXPECT_EQ(r["metadata"]["annotations"]["betelgeuse.io/sensitive"], "true");
  const Json& d = object("apps", "Deployment", "observability", "grafana-auth");
  const Json& pod = d["spec"]["template"]["spec"];
  EXPECT_EQ(pod["volumes"][1]["secret"]["secretName"], "grafana-basic-auth") << "the same Secret ingress-nginx reads";
  EXPECT_EQ(pod["containers"][0]["securityContext"]["runAsNonRoot"], true);
  const Json& conf = object("", "ConfigMap", "observability", "grafana-auth");
  EXPECT_NE(conf["data"]["default.conf"].get<std::string>().find(
                "proxy_pass http://grafana.observability.svc.cluster.local:3000;"),
            std::string::npos);
  // Only the proxy reaches Grafana's port, and only the Gateway reaches the proxy.
  EXPECT_EQ(object("networking.k8s.io", "NetworkPolicy", "observability", "grafana-from-grafana-auth")["spec"]["ingress"][0]
                  ["ports"][0]["port"],
            3000);
  const Json& cnp = object("cilium.io", "CiliumNetworkPolicy", "observability", "grafana-auth-from-gateway");
  EXPECT_EQ(cnp["spec"]["ingress"][0]["fromEntities"], Json::array({"ingress"}));
  EXPECT_EQ(gateway_example().objects.find({"cilium.io", "CiliumNetworkPolicy"}, "observability", "grafana-from-gateway"),
            nullptr);
}

TEST(Gateway, RawTcpIsAStandardTcpRouteWithItsOwnAllowRule) {
  const Json& r = object(kGatewayApiGroup, "TCPRoute", "db", "postgres-postgres");
  EXPECT_EQ(r["apiVersion"], "gateway.networking.k8s.io/v1") << "TCPRoute is standard (v1) in Gateway API v1.6.1";
  EXPECT_EQ(r["spec"]["parentRefs"][0]["sectionName"], "tcp-5432");
  EXPECT_EQ(r["spec"]["rules"][0]["backendRefs"][0]["name"], "postgres");
  EXPECT_EQ(r["spec"]["rules"][0]["backendRefs"][0]["port"], 5432);
  const Json& cnp = object("cilium.io", "CiliumNetworkPolicy", "db", "postgres-from-gateway");
  EXPECT_EQ(cnp["spec"]["endpointSelector"]["matchLabels"]["app.kubernetes.io/name"], "postgres");
  EXPECT_EQ(cnp["spec"]["ingress"][0]["toPorts"][0]["ports"][0]["port"], "5432");
}

TEST(Gateway, TheGatewayNamespaceIsIsolatedAndAdmitsEnvoyToTheAcmeSolver) {
  EXPECT_EQ(object("", "Namespace", "", "gateway")["metadata"]["labels"]["pod-security.kubernetes.io/enforce"], "restricted");
  EXPECT_EQ(object("networking.k8s.io", "NetworkPolicy", "gateway", "default-deny")["spec"]["policyTypes"],
            Json::array({"Ingress", "Egress"}));
  const Json& cnp = object("cilium.io", "CiliumNetworkPolicy", "gateway", "acme-http01-solver-from-gateway");
  EXPECT_EQ(cnp["spec"]["ingress"][0]["toPorts"][0]["ports"][0]["port"], "8089");
}

// Issue 14: Postgres's TLS for tcp.<domain> is issued by HTTP-01 on this backend too: the solver's
// HTTPRoute, made in db beside the Certificate, must be admitted by the `http` listener, and
// Envoy must reach the solver's pod there.
TEST(Gateway, ARawTcpCertificatesSolverIsAdmittedFromItsNamespace) {
  const Json& cert = object("cert-manager.io", "Certificate", "db", "postgres-tls");
  EXPECT_EQ(cert["spec"]["dnsNames"], Json::array({"tcp.betelgeusebytes.io"}));
  const Json& http = object(kGatewayApiGroup, "Gateway", "gateway", "platform")["spec"]["listeners"][0];
  EXPECT_EQ(http["allowedRoutes"]["namespaces"]["from"], "Selector");
  EXPECT_EQ(http["allowedRoutes"]["namespaces"]["selector"]["matchExpressions"][0]["values"], Json::array({"gateway", "db"}));
  const Json& cnp = object("cilium.io", "CiliumNetworkPolicy", "db", "acme-http01-solver-from-gateway");
  EXPECT_EQ(cnp["spec"]["endpointSelector"]["matchLabels"]["acme.cert-manager.io/http01-solver"], "true");
  EXPECT_EQ(cnp["spec"]["ingress"][0]["toPorts"][0]["ports"][0]["port"], "8089");
}

}  // namespace
}  // namespace bg::render
