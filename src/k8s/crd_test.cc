#include "k8s/crd.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

using nlohmann::json;

TEST(Crd, DefinesItsGroupAndKind) {
  json crd = json::parse(R"({"kind": "CustomResourceDefinition", "spec": {"group": "cert-manager.io",
      "names": {"kind": "Certificate", "plural": "certificates"},
      "versions": [{"name": "v1", "served": true}, {"name": "v1beta1", "served": false}, {"name": "v1alpha2"}]}})");
  EXPECT_EQ(defined_kind(crd), (GroupKind{"cert-manager.io", "Certificate"}));
  EXPECT_EQ(served_versions(crd), (std::vector<std::string>{"v1", "v1alpha2"}));
}

TEST(Crd, AnotherShapeReadsAsNothingInsteadOfThrowing) {
  // json::value("group", "") threw type_error on each of these.
  json crd = json::parse(R"({"spec": {"group": 7, "names": "Certificate", "versions": [3, {"name": 1, "served": "yes"}]}})");
  EXPECT_EQ(defined_kind(crd), (GroupKind{"", ""}));
  EXPECT_EQ(served_versions(crd), (std::vector<std::string>{""}));  // "served": "yes" is no boolean: served
  EXPECT_EQ(defined_kind(json::parse(R"({"spec": null})")), (GroupKind{"", ""}));
  EXPECT_TRUE(served_versions(json::parse(R"({"spec": {"versions": {"v1": {}}}})")).empty());
  EXPECT_EQ(defined_kind(json::array()), (GroupKind{"", ""}));
}

}  // namespace
}  // namespace bg::k8s
