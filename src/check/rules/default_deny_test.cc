#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

TEST(DefaultDeny, ANamespaceWithADenyAllPolicyIsFine) { EXPECT_EQ(findings_of("default-deny", compliant_app()), Lines{}); }

TEST(DefaultDeny, WithoutOneTheNamespaceObjectCarriesTheFinding) {
  std::string text = with(compliant_app(), "  policyTypes: [Ingress, Egress]\n", "  policyTypes: [Ingress]\n");
  EXPECT_EQ(findings_of("default-deny", text),
            Lines{"default-deny 4:9: namespace \"shop\" runs workloads but has no default-deny NetworkPolicy for egress"});
}

TEST(DefaultDeny, APolicyThatAllowsSomethingIsNoDenial) {
  std::string text = with(compliant_app(), "  policyTypes: [Ingress, Egress]\n",
                          "  policyTypes: [Ingress, Egress]\n  ingress:\n  - {}\n");
  EXPECT_EQ(findings_of("default-deny", text),
            Lines{"default-deny 4:9: namespace \"shop\" runs workloads but has no default-deny NetworkPolicy for ingress"});
}

TEST(DefaultDeny, APolicySelectingSomePodsIsNoDenial) {
  std::string text = with(compliant_app(), "  podSelector: {}\n", "  podSelector: {matchLabels: {app: web}}\n");
  EXPECT_EQ(findings_of("default-deny", text),
            Lines{"default-deny 4:9: namespace \"shop\" runs workloads but has no default-deny NetworkPolicy for ingress "
                  "and egress"});
}

TEST(DefaultDeny, WithoutANamespaceObjectTheFirstWorkloadCarriesIt) {
  std::string text = with(compliant_app(), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n", "");
  text = with(text, "  namespace: shop\nspec:\n  podSelector", "  namespace: other\nspec:\n  podSelector");
  EXPECT_EQ(findings_of("default-deny", text),
            Lines{"default-deny 13:9: namespace \"shop\" runs workloads but has no default-deny NetworkPolicy for "
                  "ingress and egress"});
}

TEST(DefaultDeny, NamespacesWithoutWorkloadsNeedNothing) {
  EXPECT_EQ(findings_of("default-deny", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: empty\n"), Lines{});
}

}  // namespace
}  // namespace bg::check
