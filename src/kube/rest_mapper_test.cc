#include "kube/rest_mapper.h"

#include <gtest/gtest.h>

namespace bg::kube {
namespace {

using nlohmann::json;

TEST(RestMapper, LearnsKindsFromALegacyResourceList) {
  RestMapper m;
  m.add_resource_list(json::parse(R"({"kind": "APIResourceList", "groupVersion": "apps/v1", "resources": [
      {"name": "deployments", "kind": "Deployment", "namespaced": true, "shortNames": ["deploy"]},
      {"name": "deployments/status", "kind": "Deployment", "namespaced": true},
      {"name": "controllerrevisions", "kind": "ControllerRevision", "namespaced": true}]})"));
  auto d = m.find("apps/v1", "Deployment");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->prefix(), "/apis/apps/v1");
  EXPECT_EQ(d->resource, "deployments");  // the status subresource is not the kind's path
  EXPECT_TRUE(d->namespaced);
  EXPECT_EQ(m.find_resource("deploy")->kind, "Deployment");
  EXPECT_EQ(m.find_resource("controllerrevision")->resource, "controllerrevisions");
}

TEST(RestMapper, LearnsKindsFromAnAggregatedDocument) {
  RestMapper m;
  m.add_aggregated(json::parse(R"({"kind": "APIGroupDiscoveryList", "items": [{"metadata": {"name": ""},
      "versions": [{"version": "v1", "resources": [{"resource": "namespaces", "responseKind": {"kind": "Namespace"},
                    "scope": "Cluster", "singularResource": "namespace", "shortNames": ["ns"]}]}]}]})"));
  auto ns = m.find("v1", "Namespace");
  ASSERT_TRUE(ns);
  EXPECT_EQ(ns->prefix(), "/api/v1");
  EXPECT_FALSE(ns->namespaced);
  EXPECT_EQ(m.find_resource("ns")->kind, "Namespace");
}

TEST(RestMapper, ADiscoveryDocumentOfUnexpectedShapeNeverThrows) {
  // Each of these threw json::type_error from value(): null short names, a quoted boolean, a
  // version list that is an object, an item that is a string.
  RestMapper m;
  m.add_resource_list(json::parse(R"({"groupVersion": "v1", "resources": [
      {"name": "pods", "kind": "Pod", "namespaced": "true", "shortNames": null},
      {"name": "services", "kind": "Service", "shortNames": ["svc", 5]}, "events"]})"));
  ASSERT_TRUE(m.find("v1", "Pod"));
  EXPECT_TRUE(m.find("v1", "Pod")->namespaced);  // not a boolean: the default
  EXPECT_EQ(m.find_resource("svc")->kind, "Service");
  m.add_aggregated(json::parse(R"({"items": [{"metadata": null, "versions": {"version": "v1"}}, "apps",
      {"metadata": {"name": "batch"}, "versions": [{"version": "v1", "resources": [
          {"resource": "jobs", "responseKind": null, "scope": 1, "shortNames": null}]}]}]})"));
  ASSERT_TRUE(m.find("batch/v1", ""));  // no kind to name it by, but no exception either
  EXPECT_EQ(m.find("batch/v1", "")->resource, "jobs");
  m.add_resource_list(json::parse(R"("not a list")"));
  m.add_aggregated(json::parse(R"([1, 2])"));
}

}  // namespace
}  // namespace bg::kube
