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
  name: NAME
  namespace: ops
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
  - hosts: [HOST]
    secretName: NAME-tls
  rules:
  - host: HOST
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: SERVICE
            port: {number: 80}
)";

std::string ingress(const std::string& name, const std::string& service, const std::string& extra = "") {
  std::string t = kIngress;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"NAME", name}, {"NAME", name}, {"HOST", name + ".example.com"},
           {"HOST", name + ".example.com"}, {"SERVICE", service}})
    t = with(t, from, to);
  return with(t, "    cert-manager.io/cluster-issuer: letsencrypt\n",
              "    cert-manager.io/cluster-issuer: letsencrypt\n" + extra);
}

TEST(UiAuth, AKnownAdminUiWithoutAuthIsAFinding) {
  EXPECT_EQ(findings_of("ui-auth", ingress("prom", "kube-prometheus-stack-prometheus")),
            Lines{"ui-auth 14:11: sensitive UI \"prom.example.com\" has no authentication in front of it (backend "
                  "Service \"kube-prometheus-stack-prometheus\" is an admin UI)"});
}

TEST(UiAuth, BasicAuthWithItsSecretIsEnough) {
  EXPECT_EQ(findings_of("ui-auth", ingress("kibana", "kibana-kb-http",
                                           "    nginx.ingress.kubernetes.io/auth-type: basic\n"
                                           "    nginx.ingress.kubernetes.io/auth-secret: kibana-basic-auth\n")),
            Lines{});
}

TEST(UiAuth, ExternalAuthIsEnough) {
  EXPECT_EQ(findings_of("ui-auth", ingress("mlflow", "mlflow",
                                           "    nginx.ingress.kubernetes.io/auth-url: https://sso.example.com/oauth2/auth\n")),
            Lines{});
}

TEST(UiAuth, BasicAuthWithoutItsSecretIsAFindingOnAnyIngress) {
  EXPECT_EQ(findings_of("ui-auth", ingress("shop", "web", "    nginx.ingress.kubernetes.io/auth-type: basic\n")),
            Lines{"ui-auth 8:5: auth-type \"basic\" is set without nginx.ingress.kubernetes.io/auth-secret"});
}

TEST(UiAuth, AnOrdinaryWebsiteIsNotSensitive) {
  EXPECT_EQ(findings_of("ui-auth", ingress("shop", "web")), Lines{});
  EXPECT_EQ(findings_of("ui-auth", ingress("shop", "shop-prometheus-docs")), Lines{});  // a word inside, not a name
}

TEST(UiAuth, TheSensitiveAnnotationMarksAnyUi) {
  EXPECT_EQ(findings_of("ui-auth", ingress("admin", "web", "    betelgeuse.io/sensitive: \"true\"\n")),
            Lines{"ui-auth 15:11: sensitive UI \"admin.example.com\" has no authentication in front of it (annotated "
                  "betelgeuse.io/sensitive)"});
}

TEST(UiAuth, GatewayRoutesNeedAnAuthFilterOnEveryRule) {
  std::string route = R"(apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: jupyter, namespace: ml}
spec:
  hostnames: [jupyter.example.com]
  rules:
  - filters:
    - type: ExtensionRef
      extensionRef: {group: cilium.io, kind: AuthPolicy, name: sso}
    backendRefs:
    - {name: jupyter, port: 8888}
  - backendRefs:
    - {name: jupyter, port: 8888}
)";
  EXPECT_EQ(findings_of("ui-auth", route),
            Lines{"ui-auth 5:15: sensitive UI \"jupyter.example.com\" has no authentication in front of it (backend "
                  "Service \"jupyter\" is an admin UI)"});
}

}  // namespace
}  // namespace bg::check
