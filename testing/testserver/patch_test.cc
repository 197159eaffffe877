// Strategic merge patch over the lists of a Deployment, merged on each list's own key as kubectl
// expects when it patches (`kubectl apply` without --server-side, `kubectl patch`).
#include "testing/testserver/patch.h"

#include <gtest/gtest.h>

namespace bg::testserver {
namespace {

using nlohmann::json;

json pod_template(const json& container) {
  return {{"spec", {{"template", {{"spec", {{"containers", json::array({container})}}}}}}}};
}

class StrategicMerge : public ::testing::Test {
 protected:
  json patched(const json& patch) { return strategic_merge(live, patch, ListTypes::builtin("apps", "Deployment")); }
  static json container_of(const json& o) { return o["spec"]["template"]["spec"]["containers"][0]; }

  json live = pod_template(json::parse(R"({"name": "web", "image": "web:1", "args": ["--a", "--b"],
      "ports": [{"containerPort": 80, "name": "http"}],
      "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
      "volumeMounts": [{"name": "data", "mountPath": "/a"}]})"));
};

TEST_F(StrategicMerge, PortsMergeOnContainerPort) {
  json c = container_of(patched(pod_template({{"name", "web"}, {"ports", {{{"containerPort", 9090}}}}})));
  EXPECT_EQ(c["ports"], json::parse(R"([{"containerPort":80,"name":"http"},{"containerPort":9090}])"));
  c = container_of(patched(pod_template({{"name", "web"}, {"ports", {{{"containerPort", 80}, {"name", "web"}}}}})));
  EXPECT_EQ(c["ports"], json::parse(R"([{"containerPort":80,"name":"web"}])"));
  EXPECT_EQ(c["image"], "web:1");
}

TEST_F(StrategicMerge, VolumeMountsMergeOnMountPath) {
  json c = container_of(patched(pod_template({{"name", "web"}, {"volumeMounts", {{{"name", "data"}, {"mountPath", "/b"}}}}})));
  EXPECT_EQ(c["volumeMounts"].size(), 2u);
}

TEST_F(StrategicMerge, ArgsAreReplacedAndEnvEntriesDeletedByDirective) {
  json c = container_of(patched(pod_template(
      {{"name", "web"}, {"args", {"--c"}}, {"env", {{{"name", "A"}, {"$patch", "delete"}}}}})));
  EXPECT_EQ(c["args"], json::array({"--c"}));
  EXPECT_EQ(c["env"], json::parse(R"([{"name":"B","value":"2"}])"));
}

TEST_F(StrategicMerge, FinalizersAreASet) {
  live["metadata"]["finalizers"] = {"a", "b"};
  json out = patched({{"metadata", {{"finalizers", {"b", "c"}}}}});
  EXPECT_EQ(out["metadata"]["finalizers"], json::array({"a", "b", "c"}));
  out = patched({{"metadata", {{"$deleteFromPrimitiveList/finalizers", {"a"}}}}});
  EXPECT_EQ(out["metadata"]["finalizers"], json::array({"b"}));
}

}  // namespace
}  // namespace bg::testserver
