#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

TEST(ResourcesRequired, TheCompliantAppHasAll) { EXPECT_EQ(findings_of("resources-required", compliant_app()), Lines{}); }

TEST(ResourcesRequired, EveryMissingPartIsNamedInOneFinding) {
  std::string text = with(compliant_app(), "          limits:\n            cpu: 500m\n            memory: 256Mi\n", "");
  text = with(text, "            cpu: 100m\n", "");
  EXPECT_EQ(findings_of("resources-required", text),
            Lines{"resources-required 38:11: container \"web\" has no requests.cpu, limits.cpu, limits.memory"});
}

TEST(ResourcesRequired, NoResourcesAtAllPointsAtTheContainer) {
  std::string text = with(compliant_app(),
                          "        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n"
                          "          limits:\n            cpu: 500m\n            memory: 256Mi\n",
                          "");
  EXPECT_EQ(findings_of("resources-required", text),
            Lines{"resources-required 32:9: container \"web\" has no requests.cpu, requests.memory, limits.cpu, "
                  "limits.memory"});
}

TEST(ResourcesRequired, InitContainersAreNotAsked) {
  std::string text = with(compliant_app(), "      containers:\n",
                          "      initContainers:\n      - name: migrate\n        image: web:1.4.2\n"
                          "        securityContext: {allowPrivilegeEscalation: false}\n      containers:\n");
  EXPECT_EQ(findings_of("resources-required", text), Lines{});
  EXPECT_EQ(findings_of("probes-required", text), Lines{});
}

TEST(ProbesRequired, AMissingReadinessProbeIsNamed) {
  std::string text = with(compliant_app(), "        readinessProbe:\n          httpGet:\n            path: /ready\n"
                                           "            port: http\n", "");
  EXPECT_EQ(findings_of("probes-required", text), Lines{"probes-required 32:9: container \"web\" has no readinessProbe"});
}

TEST(ProbesRequired, JobsNeedNoProbes) {
  std::string text = R"(apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: shop}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: once
        image: busybox:1.37
)";
  EXPECT_EQ(findings_of("probes-required", text), Lines{});
  EXPECT_EQ(findings_of("resources-required", text).size(), 1u);
}

}  // namespace
}  // namespace bg::check
