#include "check/network_policy.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::check {
namespace {

// A PolicySet of the policies in `yaml` (a stream of NetworkPolicy documents).
PolicySet policies(const std::string& yaml) {
  yaml::LoadResult r = yaml::load(yaml, "t.yaml");
  EXPECT_TRUE(r.diagnostics.empty());
  PolicySet set;
  for (const yaml::Document& d : r.documents)
    set.add(read_policy(std::string(str(dig(&d.root, {"metadata", "namespace"}))), field(d.root, "spec")));
  return set;
}

const Labels kWeb = {{"app", "web"}};
const Labels kDb = {{"app", "db"}};
const Labels kShopNs = {{"kubernetes.io/metadata.name", "shop"}, {"team", "a"}};
const Labels kDataNs = {{"kubernetes.io/metadata.name", "data"}};
const std::string kShop = "shop", kData = "data";
const PodRef kWebPod{kShop, kShopNs, kWeb};
const PodRef kDbPod{kData, kDataNs, kDb};
const TargetPort kPg{5432, "postgres"};

constexpr const char* kDenyAll = R"(
metadata: {name: default-deny, namespace: data}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
)";

TEST(NetworkPolicy, APodNoPolicySelectsIsOpen) {
  PolicySet set = policies(kDenyAll);
  EXPECT_TRUE(set.allows_egress(kWebPod, kDbPod, kPg));    // shop has no policy at all
  EXPECT_FALSE(set.allows_ingress(kDbPod, kWebPod, kPg));  // data denies everything
}

struct Case {
  const char* name;
  const char* ingress_rule;  // one rule of a policy in "data" selecting app=db
  bool allowed;
};

class IngressRule : public ::testing::TestWithParam<Case> {};

TEST_P(IngressRule, LetsTheWebPodInOrNot) {
  std::string yaml = std::string(kDenyAll) + "---\nmetadata: {name: db, namespace: data}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - " +
                     GetParam().ingress_rule + "\n";
  EXPECT_EQ(policies(yaml).allows_ingress(kDbPod, kWebPod, kPg), GetParam().allowed) << GetParam().ingress_rule;
}

INSTANTIATE_TEST_SUITE_P(
    Semantics, IngressRule,
    ::testing::Values(
        Case{"AnEmptyRuleAllowsAll", "{}", true},
        Case{"NoPeersAndTheRightPort", "{ports: [{port: 5432}]}", true},
        Case{"NoPeersAndAnotherPort", "{ports: [{port: 5433}]}", false},
        Case{"ThePortByName", "{ports: [{port: postgres}]}", true},
        Case{"AnotherPortName", "{ports: [{port: pg}]}", false},
        Case{"APortRange", "{ports: [{port: 5000, endPort: 6000}]}", true},
        Case{"UdpIsNotTcp", "{ports: [{port: 5432, protocol: UDP}]}", false},
        Case{"ANamespaceByName", "{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]}", true},
        Case{"ANamespaceByItsLabels", "{from: [{namespaceSelector: {matchLabels: {team: a}}}]}", true},
        Case{"AnotherNamespace", "{from: [{namespaceSelector: {matchLabels: {team: b}}}]}", false},
        Case{"PodsAloneAreOfThePolicysNamespace", "{from: [{podSelector: {matchLabels: {app: web}}}]}", false},
        Case{"NamespaceAndPods",
             "{from: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}]}", true},
        Case{"NamespaceAndOtherPods",
             "{from: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: api}}}]}", false},
        Case{"EveryNamespace", "{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}", true},
        Case{"EveryAddress", "{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}", true},
        Case{"PublicAddressesOnly", "{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}", false},
        Case{"ARange", "{from: [{ipBlock: {cidr: 10.244.0.0/16}}]}", false},
        Case{"OnePeerOfSeveral",
             "{from: [{ipBlock: {cidr: 10.0.0.0/8}}, {namespaceSelector: {matchLabels: {team: a}}}]}", true}),
    [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(NetworkPolicy, APolicyOfTheOtherDirectionDoesNotSelect) {
  PolicySet set = policies(R"(
metadata: {name: out, namespace: data}
spec: {podSelector: {}, policyTypes: [Egress]}
)");
  EXPECT_TRUE(set.allows_ingress(kDbPod, kWebPod, kPg));
  EXPECT_FALSE(set.allows_egress(kDbPod, kWebPod, kPg));
}

TEST(NetworkPolicy, WithoutPolicyTypesEgressCountsOnlyWithEgressRules) {
  PolicySet in = policies("metadata: {name: p, namespace: data}\nspec: {podSelector: {}}\n");
  EXPECT_FALSE(in.allows_ingress(kDbPod, kWebPod, kPg));
  EXPECT_TRUE(in.allows_egress(kDbPod, kWebPod, kPg));
  PolicySet both = policies("metadata: {name: p, namespace: data}\nspec:\n  podSelector: {}\n  egress: [{ports: [{port: 53}]}]\n");
  EXPECT_FALSE(both.allows_egress(kDbPod, kWebPod, kPg));
  EXPECT_TRUE(both.allows_egress(kDbPod, kWebPod, TargetPort{53, ""}));
}

TEST(NetworkPolicy, AnyOneSelectingPolicyIsEnough) {
  PolicySet set = policies(std::string(kDenyAll) + R"(---
metadata: {name: other, namespace: data}
spec: {podSelector: {matchLabels: {app: other}}, ingress: [{}]}
---
metadata: {name: db, namespace: data}
spec: {podSelector: {matchLabels: {app: db}}, ingress: [{ports: [{port: 5432}]}]}
)");
  EXPECT_TRUE(set.allows_ingress(kDbPod, kWebPod, kPg));
  EXPECT_FALSE(set.allows_ingress(kDbPod, kWebPod, TargetPort{22, "ssh"}));
}

}  // namespace
}  // namespace bg::check
