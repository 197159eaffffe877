#include "k8s/object_ref.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

using nlohmann::json;

TEST(ObjectRef, ReadsTheIdentityOfAnObject) {
  ObjectRef r = ObjectRef::of(json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "postgres", "namespace": "db"}})"));
  EXPECT_EQ(r.api_version, "apps/v1");
  EXPECT_EQ(r.group(), "apps");
  EXPECT_EQ(r.group_kind(), (GroupKind{"apps", "Deployment"}));
  EXPECT_EQ(r.str(), "apps/v1 Deployment db/postgres");
  EXPECT_EQ(r.identity(), "apps/Deployment db/postgres");
  ObjectRef ns{"v1", "Namespace", "", "db"};
  EXPECT_EQ(ns.str(), "v1 Namespace db");
  EXPECT_EQ(ns.identity(), "Namespace db");
}

TEST(ObjectRef, AnyShapeReadsAsEmptyPartsWithoutThrowing) {
  for (const char* text : {R"(null)", R"([1])", R"({"apiVersion": 1, "kind": ["x"], "metadata": "m"})",
                           R"({"metadata": {"name": 5, "namespace": null}})"}) {
    ObjectRef r = ObjectRef::of(json::parse(text));
    EXPECT_EQ(r, (ObjectRef{})) << text;
  }
}

TEST(ObjectRef, TheVersionIsNotPartOfTheIdentity) {
  ObjectRef v1{"apps/v1", "Deployment", "db", "pg"}, beta{"apps/v1beta2", "Deployment", "db", "pg"};
  EXPECT_EQ(v1, beta);
  EXPECT_FALSE(v1 < beta || beta < v1);
  EXPECT_NE(v1, (ObjectRef{"extensions/v1beta1", "Deployment", "db", "pg"}));
  std::set<ObjectRef> refs{v1};
  EXPECT_TRUE(refs.count(beta));
}

TEST(ObjectRef, OrdersByGroupKindNamespaceName) {
  std::vector<ObjectRef> refs = {{"v1", "Service", "b", "x"}, {"apps/v1", "Deployment", "a", "x"},
                                 {"v1", "Service", "a", "y"}, {"v1", "ConfigMap", "z", "z"}};
  std::sort(refs.begin(), refs.end());
  std::vector<std::string> order;
  for (const ObjectRef& r : refs) order.push_back(r.identity());
  EXPECT_EQ(order, (std::vector<std::string>{"ConfigMap z/z", "Service a/y", "Service b/x", "apps/Deployment a/x"}));
}

}  // namespace
}  // namespace bg::k8s
