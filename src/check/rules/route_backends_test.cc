#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

const char* kIngress = R"(---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {cert-manager.io/cluster-issuer: letsencrypt}
spec:
  tls:
  - {hosts: [shop.example.com], secretName: web-tls}
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: SERVICE
            port: PORT
)";

std::string app_with_ingress(const std::string& service, const std::string& port) {
  return compliant_app() + with(with(kIngress, "SERVICE", service), "PORT", port);
}

TEST(RouteBackendMissing, AnIngressToAnExistingServiceAndPortIsFine) {
  EXPECT_EQ(findings_of("route-backend-missing", app_with_ingress("web", "{number: 80}")), Lines{});
  EXPECT_EQ(findings_of("route-backend-missing", app_with_ingress("web", "{name: http}")), Lines{});
}

TEST(RouteBackendMissing, AMissingServiceIsAFinding) {
  EXPECT_EQ(findings_of("route-backend-missing", app_with_ingress("shop-web", "{number: 80}")),
            Lines{"route-backend-missing 85:19: Ingress backend Service \"shop/shop-web\" is not in the set"});
}

TEST(RouteBackendMissing, AMissingPortIsAFindingThatListsThePorts) {
  std::vector<Finding> found = testing::check_findings(app_with_ingress("web", "{number: 8080}"));
  std::vector<std::string> lines;
  for (const Finding& f : found)
    if (f.rule == "route-backend-missing") lines.push_back(std::to_string(f.loc.line) + ":" + std::to_string(f.loc.col) + ": " + f.message + " | " + f.hint);
  EXPECT_EQ(lines, Lines{"86:19: Service \"shop/web\" has no port 8080 | its ports are http (80)"});
}

TEST(RouteBackendMissing, GatewayRouteBackendsAreCheckedToo) {
  std::string route = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  rules:
  - backendRefs:
    - {name: web, port: 80}
    - {name: api, port: 80}
    - {name: web, port: 81}
)";
  EXPECT_EQ(findings_of("route-backend-missing", compliant_app() + route),
            (Lines{"route-backend-missing 75:14: HTTPRoute backend Service \"shop/api\" is not in the set",
                   "route-backend-missing 76:25: Service \"shop/web\" has no port 81"}));
}

}  // namespace
}  // namespace bg::check
