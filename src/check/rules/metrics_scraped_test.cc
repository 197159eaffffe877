#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

std::string with_metrics_port() {
  return with(compliant_app(), "          containerPort: 8080\n",
              "          containerPort: 8080\n        - name: metrics\n          containerPort: 9090\n");
}

TEST(MetricsScraped, AMetricsPortNobodyScrapesIsAFinding) {
  EXPECT_EQ(findings_of("metrics-scraped", with_metrics_port()),
            Lines{"metrics-scraped 37:17: metrics port \"metrics\" (9090) of Deployment \"web\" is not scraped"});
}

TEST(MetricsScraped, TheScrapeAnnotationsCount) {
  std::string text = with(with_metrics_port(), "    metadata:\n      labels:\n        app: web\n",
                          "    metadata:\n      annotations:\n        prometheus.io/scrape: \"true\"\n"
                          "        prometheus.io/port: \"9090\"\n      labels:\n        app: web\n");
  EXPECT_EQ(findings_of("metrics-scraped", text), Lines{});
}

TEST(MetricsScraped, AScrapeAnnotationNamingNoPortIsAFinding) {
  std::string text = with(with_metrics_port(), "    metadata:\n      labels:\n        app: web\n",
                          "    metadata:\n      annotations:\n        prometheus.io/scrape: \"true\"\n"
                          "        prometheus.io/port: \"9999\"\n      labels:\n        app: web\n");
  EXPECT_EQ(findings_of("metrics-scraped", text),
            Lines{"metrics-scraped 28:29: prometheus.io/port \"9999\" is not a port of any container, so the scrape fails"});
}

const char* kServiceMonitor = R"(---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: shop}
spec:
  selector:
    matchLabels: {team: shop}
  endpoints:
  - port: metrics
)";

TEST(MetricsScraped, AServiceMonitorSelectingAServiceOfThePodsCounts) {
  std::string text = with(with_metrics_port(), "  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n",
                          "  name: web\n  namespace: shop\n  labels: {team: shop}\nspec:\n  selector:\n    app: web\n");
  text = with(text, "    targetPort: http\n", "    targetPort: http\n  - name: metrics\n    port: 9090\n");
  EXPECT_EQ(findings_of("metrics-scraped", text + kServiceMonitor), Lines{});
  EXPECT_EQ(findings_of("monitor-selects-nothing", text + kServiceMonitor), Lines{});
}

}  // namespace
}  // namespace bg::check
