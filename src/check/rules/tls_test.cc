#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

const char* kIngress = R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  tls:
  - hosts: [shop.example.com, "*.cdn.example.com"]
    secretName: shop-tls
  rules:
  - host: shop.example.com
  - host: img.cdn.example.com
)";

TEST(TlsRequired, HostsListedInSpecTlsWithAnIssuerAreFine) { EXPECT_EQ(findings_of("tls-required", kIngress), Lines{}); }

TEST(TlsRequired, AHostMissingFromSpecTlsIsAFinding) {
  std::string text = std::string(kIngress) + "  - host: api.example.com\n  - host: a.b.cdn.example.com\n";
  EXPECT_EQ(findings_of("tls-required", text),
            (Lines{"tls-required 15:11: host \"api.example.com\" is served without TLS: no spec.tls entry lists it",
                   "tls-required 16:11: host \"a.b.cdn.example.com\" is served without TLS: no spec.tls entry lists it"}));
}

TEST(TlsRequired, ATlsEntryWithoutSecretNameIsAFinding) {
  std::string text = with(kIngress, "    secretName: shop-tls\n", "");
  EXPECT_EQ(findings_of("tls-required", text),
            Lines{"tls-required 10:5: spec.tls[0] has no secretName, so the controller's default certificate is served"});
}

TEST(TlsRequired, WithoutAnIssuerTheSecretMustBeInTheSet) {
  std::string text = with(kIngress, "  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n", "");
  EXPECT_EQ(findings_of("tls-required", text),
            Lines{"tls-required 9:17: TLS secret \"shop-tls\" is not in the set, and no cert-manager issuer annotation "
                  "creates it"});
  std::string with_secret = text + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: shop-tls, namespace: shop}\n"
                                   "type: kubernetes.io/tls\n";
  EXPECT_EQ(findings_of("tls-required", with_secret), Lines{});
  std::string with_certificate = text + "---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: shop, "
                                        "namespace: shop}\nspec:\n  secretName: shop-tls\n  dnsNames: [shop.example.com]\n"
                                        "  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n";
  EXPECT_EQ(findings_of("tls-required", with_certificate), Lines{});
}

TEST(TlsRequired, AnIssuerThatTheSetDoesNotDefineIsAFinding) {
  std::string issuer = "---\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: letsencrypt-staging}\n"
                       "spec: {selfSigned: {}}\n";
  EXPECT_EQ(findings_of("tls-required", std::string(kIngress) + issuer),
            Lines{"tls-required 7:37: ClusterIssuer \"letsencrypt\" is not in the set"});
  EXPECT_EQ(findings_of("tls-required", std::string(kIngress) + with(issuer, "letsencrypt-staging", "letsencrypt")),
            Lines{});
}

const char* kGateway = R"(apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: edge
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  gatewayClassName: cilium
  listeners:
  - name: http
    protocol: HTTP
    port: 80
  - name: https
    protocol: HTTPS
    port: 443
    hostname: "*.example.com"
    tls:
      certificateRefs:
      - name: wildcard-tls
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: edge}
spec:
  parentRefs:
  - name: public
    sectionName: SECTION
  hostnames: [shop.example.com]
)";

TEST(TlsRequired, ARouteHostMustReachAnHttpsListener) {
  EXPECT_EQ(findings_of("tls-required", with(kGateway, "SECTION", "https")), Lines{});
  EXPECT_EQ(findings_of("tls-required", with(kGateway, "SECTION", "http")),
            Lines{"tls-required 29:15: host \"shop.example.com\" is served over plain HTTP only: Gateway edge/public "
                  "has no HTTPS listener for it"});
}

TEST(TlsRequired, AnHttpsListenerWithoutCertificateIsAFinding) {
  std::string text = with(with(kGateway, "SECTION", "https"), "    tls:\n      certificateRefs:\n      - name: wildcard-tls\n", "");
  EXPECT_EQ(findings_of("tls-required", text),
            Lines{"tls-required 14:5: listener \"https\" (HTTPS) names no certificate in tls.certificateRefs"});
}

}  // namespace
}  // namespace bg::check
