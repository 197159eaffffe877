#include "apply/applyset.h"

#include <gtest/gtest.h>

namespace bg::apply {
namespace {

manifest::Object object(const char* api_version, const char* kind, const char* ns, const char* name) {
  manifest::Object o;
  o.body = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (*ns) o.body["metadata"]["namespace"] = ns;
  return o;
}

// Expected values computed independently with Python's hashlib and base64.urlsafe_b64encode.
TEST(ApplySetId, MatchesTheKepFormulaForAClusterScopedParent) {
  EXPECT_EQ(applyset_id({"starjunk.net", "ApplySet", "", "automata"}),
            "applyset-xjZyH1FmMYtP-oSkfLUgubxDYIbsrD-IuDRLmezicIo-v1");
}

TEST(ApplySetId, MatchesTheKepFormulaForOurSecretParent) {
  EXPECT_EQ(applyset_id({"", "Secret", "betelgeuse-system", "betelgeuse-betelgeusebytes"}),
            "applyset-bZYRZVQnYTe72BG8qPxILUcN6dvaIevT1xfZf2EbluY-v1");
}

TEST(ApplySetMembers, EveryMemberIsLabelledAndTheParentListsKindsAndNamespaces) {
  std::vector<manifest::Object> members = {object("v1", "Namespace", "", "db"),
                                           object("apps/v1", "StatefulSet", "db", "postgres"),
                                           object("networking.k8s.io/v1", "Ingress", "observability", "grafana"),
                                           object("v1", "Secret", "betelgeuse-system", "x")};
  ApplySetParent parent{"", "Secret", "betelgeuse-system", "betelgeuse-demo"};
  manifest::Object p = label_members(members, parent, "betelgeuse/0.1.0");
  std::string id = applyset_id(parent);
  for (const auto& m : members) EXPECT_EQ(m.body["metadata"]["labels"][kPartOfLabel], id) << m.id().str();
  EXPECT_EQ(p.body["metadata"]["labels"][kApplySetIdLabel], id);
  EXPECT_EQ(p.body["metadata"]["annotations"][kGroupKindsAnnotation], "Ingress.networking.k8s.io,Namespace,Secret,StatefulSet.apps");
  EXPECT_EQ(p.body["metadata"]["annotations"][kNamespacesAnnotation], "db,observability");
  EXPECT_EQ(p.body["metadata"]["annotations"][kToolingAnnotation], "betelgeuse/0.1.0");
  EXPECT_EQ(p.body["kind"], "Secret");
  EXPECT_FALSE(p.body.contains("data"));
}

TEST(ApplySetScope, IsReadBackFromTheParentsAnnotations) {
  std::vector<manifest::Object> members = {object("apps/v1", "Deployment", "a", "x"), object("v1", "Service", "b", "y")};
  ApplySetParent parent{"", "Secret", "betelgeuse-system", "p"};
  ApplySetScope scope = scope_of(label_members(members, parent, "betelgeuse/0.1.0").body);
  EXPECT_EQ(scope.group_kinds, (std::set<std::string>{"Deployment.apps", "Service"}));
  EXPECT_EQ(scope.namespaces, (std::set<std::string>{"a", "b"}));
}

TEST(ApplySetScope, AParentWithoutAnnotationsSpansNothing) {
  EXPECT_TRUE(scope_of(nlohmann::json::object()).group_kinds.empty());
  EXPECT_TRUE(scope_of(nlohmann::json::parse(R"({"metadata":{"annotations":{"applyset.kubernetes.io/contains-group-kinds":7}}})"))
                  .group_kinds.empty());
  EXPECT_EQ(scope_of(nlohmann::json::parse(R"({"metadata":{"annotations":{"applyset.kubernetes.io/contains-group-kinds":",A,,B,"}}})"))
                .group_kinds,
            (std::set<std::string>{"A", "B"}));
}

}  // namespace
}  // namespace bg::apply
