// What the real API server (v1.36) answered for each input, transcribed from kubectl against it;
// kubectl_fidelity_test.cc asks both servers the same questions.
#include "testing/testserver/normalize.h"

#include <gtest/gtest.h>

namespace bg::testserver {
namespace {

using nlohmann::json;

TEST(CanonicalQuantity, EverySpellingReadsBackAsTheRealServersString) {
  struct Case {
    json sent;
    const char* read_back;
  };
  for (const Case& c : std::vector<Case>{{1, "1"},
                                         {1073741824, "1073741824"},
                                         {2.5, "2500m"},
                                         {2000, "2k"},
                                         {"0.5", "500m"},
                                         {"1000m", "1"},
                                         {"1000Mi", "1000Mi"},
                                         {"1024Mi", "1Gi"},
                                         {"1.5Gi", "1536Mi"},
                                         {"0.5Ki", "512"},
                                         {"1536", "1536"},
                                         {"2e9", "2e9"},
                                         {"1.5e3", "1500"},
                                         {"100Gi", "100Gi"},
                                         {"250m", "250m"},
                                         {"0", "0"},
                                         {"0.0000000001", "1n"}}) {
    EXPECT_EQ(canonical_quantity(c.sent).value_or("<none>"), c.read_back) << c.sent;
  }
  EXPECT_FALSE(canonical_quantity("a lot"));
  EXPECT_FALSE(canonical_quantity("1Xi"));
  EXPECT_FALSE(canonical_quantity(json::object()));
}

ResourceType builtin(const std::string& kind) {
  ResourceType rt;
  rt.kind = kind;
  return rt;
}

TEST(NormalizeBuiltin, EmptyListsAndMapsGoButEmptyStructsStay) {
  json np = json::parse(R"({"metadata":{"name":"np","labels":{},"annotations":{},"finalizers":[]},
    "spec":{"podSelector":{"matchLabels":{}},"ingress":[],"egress":[{"ports":[],"to":[]},{"to":[{"namespaceSelector":{}}]}]}})");
  EXPECT_TRUE(normalize_builtin(builtin("NetworkPolicy"), np)) << "dropped from the spec";
  EXPECT_EQ(np, json::parse(R"({"metadata":{"name":"np"},"spec":{"podSelector":{},"egress":[{},{"to":[{"namespaceSelector":{}}]}]}})"));

  json pod = json::parse(R"({"spec":{"nodeSelector":{},"tolerations":[],"volumes":[{"name":"v","emptyDir":{}}],
    "securityContext":{},"containers":[{"name":"c","args":[],"resources":{}}]}})");
  normalize_builtin(builtin("Pod"), pod);
  EXPECT_EQ(pod, json::parse(R"({"spec":{"volumes":[{"name":"v","emptyDir":{}}],"securityContext":{},
    "containers":[{"name":"c","resources":{}}]}})"));
}

TEST(NormalizeBuiltin, ARolesEmptyRulesReadAsNullAndAServicesEmptySelectorGoes) {
  json role = json::parse(R"({"rules":[]})");
  normalize_builtin(builtin("ClusterRole"), role);
  EXPECT_EQ(role, json::parse(R"({"rules":null})"));
  json svc = json::parse(R"({"spec":{"selector":{},"ports":[{"port":80}]}})");
  normalize_builtin(builtin("Service"), svc);
  json labels_only = json::parse(R"({"metadata":{"labels":{}},"spec":{"podSelector":{}}})");
  EXPECT_FALSE(normalize_builtin(builtin("NetworkPolicy"), labels_only)) << "nothing dropped from the spec";
  EXPECT_EQ(svc, json::parse(R"({"spec":{"ports":[{"port":80}]}})"));
  // A PodDisruptionBudget's selector is a LabelSelector: `{}` selects every pod and stays.
  json pdb = json::parse(R"({"spec":{"selector":{}}})");
  normalize_builtin(builtin("PodDisruptionBudget"), pdb);
  EXPECT_EQ(pdb, json::parse(R"({"spec":{"selector":{}}})"));
}

TEST(NormalizeBuiltin, QuantitiesInResourcesVolumesAndLimitRangesAreCanonical) {
  json pod = json::parse(R"({"spec":{"volumes":[{"name":"w","emptyDir":{"sizeLimit":"1024Mi"}}],
    "containers":[{"name":"c","resources":{"limits":{"cpu":1,"nvidia.com/gpu":1},"requests":{"cpu":"0.5"}}}]}})");
  normalize_builtin(builtin("Pod"), pod);
  EXPECT_EQ(pod["spec"]["volumes"][0]["emptyDir"]["sizeLimit"], "1Gi");
  EXPECT_EQ(pod["spec"]["containers"][0]["resources"],
            json::parse(R"({"limits":{"cpu":"1","nvidia.com/gpu":"1"},"requests":{"cpu":"500m"}})"));
  json lr = json::parse(R"({"spec":{"limits":[{"type":"Container","max":{"memory":"2048Mi"},"default":{"cpu":1}}]}})");
  normalize_builtin(builtin("LimitRange"), lr);
  EXPECT_EQ(lr["spec"]["limits"][0], json::parse(R"({"type":"Container","max":{"memory":"2Gi"},"default":{"cpu":"1"}})"));
}

TEST(NormalizeBuiltin, CustomResourcesAndManagedFieldsAreStoredAsSent) {
  ResourceType widget = builtin("Widget");
  widget.from_crd = true;
  json cr = json::parse(R"({"spec":{"list":[],"map":{},"labels":{},"limits":{"cpu":1}}})");
  json sent = cr;
  normalize_builtin(widget, cr);
  EXPECT_EQ(cr, sent);
  json cm = json::parse(R"({"metadata":{"managedFields":[{"manager":"a","fieldsV1":{"f:data":{"f:key":{}}}}]}})");
  sent = cm;
  normalize_builtin(builtin("ConfigMap"), cm);
  EXPECT_EQ(cm, sent);
}

}  // namespace
}  // namespace bg::testserver
