#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

TEST(RunAsNonRoot, PodLevelRunAsNonRootCoversTheContainer) {
  EXPECT_EQ(findings_of("run-as-non-root", compliant_app()), Lines{});
}

TEST(RunAsNonRoot, NoUserSettingAtAllIsAFinding) {
  std::string text = with(compliant_app(), "      securityContext:\n        runAsNonRoot: true\n", "");
  EXPECT_EQ(findings_of("run-as-non-root", text),
            Lines{"run-as-non-root 50:9: container \"web\" may run as root: neither runAsNonRoot: true nor a non-zero "
                  "runAsUser is set"});
}

TEST(RunAsNonRoot, ANonZeroUserIsEnough) {
  std::string text = with(compliant_app(), "        runAsNonRoot: true\n", "        runAsUser: 1000\n");
  EXPECT_EQ(findings_of("run-as-non-root", text), Lines{});
}

TEST(RunAsNonRoot, UserZeroIsRootEvenWithRunAsNonRoot) {
  std::string text = with(compliant_app(), "          allowPrivilegeEscalation: false\n",
                          "          allowPrivilegeEscalation: false\n          runAsUser: 0\n");
  EXPECT_EQ(findings_of("run-as-non-root", text), Lines{"run-as-non-root 54:22: container \"web\" runs as root (runAsUser: 0)"});
}

TEST(RunAsNonRoot, TheContainersFalseOverridesThePodsTrue) {
  std::string text = with(compliant_app(), "          allowPrivilegeEscalation: false\n",
                          "          allowPrivilegeEscalation: false\n          runAsNonRoot: false\n");
  EXPECT_EQ(findings_of("run-as-non-root", text).size(), 1u);
}

TEST(NoPrivilegeEscalation, AbsentMeansTrue) {
  std::string text = with(compliant_app(), "        securityContext:\n          allowPrivilegeEscalation: false\n", "");
  EXPECT_EQ(findings_of("no-privilege-escalation", text),
            Lines{"no-privilege-escalation 32:9: container \"web\" does not set allowPrivilegeEscalation: false (it "
                  "defaults to true)"});
}

TEST(NoPrivilegeEscalation, ExplicitTrueIsAFindingAtTheField) {
  std::string text = with(compliant_app(), "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true");
  EXPECT_EQ(findings_of("no-privilege-escalation", text),
            Lines{"no-privilege-escalation 53:37: container \"web\" allows privilege escalation"});
}

TEST(NoPrivileged, PrivilegedModeAndNearRootCapabilitiesAreFindings) {
  std::string text = with(compliant_app(), "          allowPrivilegeEscalation: false\n",
                          "          allowPrivilegeEscalation: false\n          privileged: true\n"
                          "          capabilities:\n            add: [NET_BIND_SERVICE, CAP_SYS_ADMIN]\n");
  EXPECT_EQ(findings_of("no-privileged", text),
            (Lines{"no-privileged 54:23: container \"web\" is privileged: it holds every capability and every host device",
                   "no-privileged 56:37: container \"web\" adds capability SYS_ADMIN, which is close to root on the node"}));
}

TEST(NoPrivileged, SharingTheHostsProcessIdsIsAFinding) {
  std::string text = with(compliant_app(), "      securityContext:\n        runAsNonRoot: true\n",
                          "      hostPID: true\n      securityContext:\n        runAsNonRoot: true\n");
  EXPECT_EQ(findings_of("no-privileged", text),
            Lines{"no-privileged 29:16: the pod shares the node's process IDs (hostPID)"});
}

const char* kAgent = R"(apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostPID: true
      containers:
      - name: agent
        image: IMAGE
        securityContext:
          privileged: true
          runAsUser: 0
)";

TEST(NodeAgents, AKnownNodeAgentDaemonSetMayRunPrivilegedAsRoot) {
  for (const char* image : {"quay.io/cilium/cilium:v1.16.5", "docker.io/fluent/fluent-bit:3.2",
                            "registry.k8s.io/kube-proxy:v1.32.2", "timberio/vector:0.43.1-distroless-libc"}) {
    std::string text = with(kAgent, "IMAGE", image);
    for (const char* rule : {"run-as-non-root", "no-privilege-escalation", "no-privileged"})
      EXPECT_EQ(findings_of(rule, text), Lines{}) << image << " " << rule;
  }
}

TEST(NodeAgents, TheSameImageOutsideADaemonSetIsNotAllowed) {
  std::string text = with(with(kAgent, "IMAGE", "quay.io/cilium/cilium:v1.16.5"), "kind: DaemonSet", "kind: Deployment");
  EXPECT_EQ(findings_of("no-privileged", text).size(), 2u);  // privileged, hostPID
}

TEST(NodeAgents, AnImageThatOnlyEndsLikeAnAgentIsNotOne) {
  std::string text = with(kAgent, "IMAGE", "evil/notcilium/cilium-x:1.0");
  EXPECT_EQ(findings_of("no-privileged", text).size(), 2u);
}

}  // namespace
}  // namespace bg::check
