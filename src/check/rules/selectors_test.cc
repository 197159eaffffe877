#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

std::string with_policy(const std::string& selector) {
  return compliant_app() + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-web, "
                           "namespace: shop}\nspec:\n  podSelector: " +
         selector + "\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 8080}]\n";
}

TEST(NetpolSelectsNothing, APolicyForExistingPodsIsFine) {
  EXPECT_EQ(findings_of("netpol-selects-nothing", with_policy("{matchLabels: {app: web}}")), Lines{});
  EXPECT_EQ(findings_of("netpol-selects-nothing",
                        with_policy("{matchExpressions: [{key: app, operator: In, values: [web, api]}]}")),
            Lines{});
}

TEST(NetpolSelectsNothing, APolicyForNoPodsIsAFinding) {
  EXPECT_EQ(findings_of("netpol-selects-nothing", with_policy("{matchLabels: {app: api}}")),
            Lines{"netpol-selects-nothing 72:16: NetworkPolicy \"allow-web\" selects no pod template in namespace "
                  "\"shop\" (podSelector app=api)"});
}

TEST(NetpolSelectsNothing, PodsThatControllersCreateAreNotJudged) {
  EXPECT_EQ(findings_of("netpol-selects-nothing",
                        with_policy("{matchLabels: {acme.cert-manager.io/http01-solver: \"true\"}}")),
            Lines{});
}

const char* kMonitor = R"(---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [shop]}
  selector: {matchLabels: {app: SELECT}}
  endpoints:
  - port: PORT
)";

std::string with_monitor(const std::string& select, const std::string& port) {
  std::string app = with(compliant_app(), "  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n",
                         "  name: web\n  namespace: shop\n  labels: {app: web}\nspec:\n  selector:\n    app: web\n");
  return app + with(with(kMonitor, "SELECT", select), "PORT", port);
}

TEST(MonitorSelectsNothing, AMonitorOfAnExistingServiceAndPortIsFine) {
  EXPECT_EQ(findings_of("monitor-selects-nothing", with_monitor("web", "http")), Lines{});
}

TEST(MonitorSelectsNothing, AMonitorSelectingNoServiceIsAFinding) {
  EXPECT_EQ(findings_of("monitor-selects-nothing", with_monitor("api", "http")),
            Lines{"monitor-selects-nothing 74:13: ServiceMonitor \"web\" selects no Service in the set (selector app=api)"});
}

TEST(MonitorSelectsNothing, AnEndpointPortTheServicesLackIsAFinding) {
  EXPECT_EQ(findings_of("monitor-selects-nothing", with_monitor("web", "metrics")),
            Lines{"monitor-selects-nothing 76:11: port \"metrics\" is not a port name of the Services ServiceMonitor "
                  "\"web\" selects"});
}

}  // namespace
}  // namespace bg::check
