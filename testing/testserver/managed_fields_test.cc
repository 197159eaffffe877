// Server-side apply over lists, as the kinds' schemas key them: two managers sharing a list
// element by element, removal of what a manager stopped applying, atomic lists, and conflicts
// named by the element's keys. The expected paths and messages are those a v1.32 API server gives.
#include "testing/testserver/managed_fields.h"

#include <gtest/gtest.h>

namespace bg::testserver {
namespace {

using nlohmann::json;

json deployment(const json& container) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "web"}}},
          {"spec", {{"template", {{"spec", {{"containers", json::array({container})}}}}}}}};
}

class ApplyLists : public ::testing::Test {
 protected:
  // Applies as `manager`; returns the error message on a conflict, "" otherwise.
  std::string apply(const std::string& manager, const json& applied, bool force = false) {
    auto r = server_side_apply(live, applied, {manager, force, "deployments.apps", "2026-01-01T00:00:00Z", lists});
    if (auto* e = std::get_if<ApiError>(&r)) return e->message;
    live = std::get<json>(r);
    return "";
  }
  json container() const { return live["spec"]["template"]["spec"]["containers"][0]; }
  json fields_of(const std::string& manager) const {
    for (const json& m : live["metadata"]["managedFields"])
      if (m["manager"] == manager) return m["fieldsV1"];
    return nullptr;
  }

  ListTypes lists = ListTypes::builtin("apps", "Deployment");
  json live;
};

TEST_F(ApplyLists, TwoManagersOwnDifferentContainerPorts) {
  ASSERT_EQ(apply("alice", deployment({{"name", "web"}, {"image", "web:1"}, {"ports", {{{"containerPort", 80}}}}})), "");
  ASSERT_EQ(apply("bob", deployment({{"name", "web"}, {"ports", {{{"containerPort", 9090}, {"name", "metrics"}}}}})),
            "");
  EXPECT_EQ(container()["ports"], json::parse(R"([{"containerPort":80},{"containerPort":9090,"name":"metrics"}])"));
  json bob = fields_of("bob")["f:spec"]["f:template"]["f:spec"]["f:containers"]["k:{\"name\":\"web\"}"];
  EXPECT_EQ(bob["f:ports"], json::parse(R"({"k:{\"containerPort\":9090,\"protocol\":\"TCP\"}":
                                            {"f:containerPort":{},"f:name":{}}})"));
  EXPECT_TRUE(fields_of("alice").dump().find(R"(k:{\"containerPort\":80,\"protocol\":\"TCP\"})") != std::string::npos);

  // alice stops applying her port: it goes, bob's stays, and so does the container they share.
  ASSERT_EQ(apply("alice", deployment({{"name", "web"}, {"image", "web:1"}})), "");
  EXPECT_EQ(container()["ports"], json::parse(R"([{"containerPort":9090,"name":"metrics"}])"));
  EXPECT_EQ(container()["image"], "web:1");
}

TEST_F(ApplyLists, TheAppliedOrderWinsAndElementsOnlyLiveHasKeepTheirPlace) {
  auto port = [](int p) { return json{{"containerPort", p}}; };
  ASSERT_EQ(apply("alice", deployment({{"name", "web"}, {"ports", {port(80), port(443)}}})), "");
  ASSERT_EQ(apply("bob", deployment({{"name", "web"}, {"ports", {port(9090)}}})), "");
  // alice drops 443 and adds it back before 80: her order, with bob's port where it was.
  ASSERT_EQ(apply("alice", deployment({{"name", "web"}, {"ports", {port(80)}}})), "");
  ASSERT_EQ(apply("alice", deployment({{"name", "web"}, {"ports", {port(443), port(80)}}})), "");
  EXPECT_EQ(container()["ports"], json::parse(R"([{"containerPort":443},{"containerPort":80},{"containerPort":9090}])"));
}

TEST_F(ApplyLists, APortOfAnotherProtocolIsAnotherElement) {
  lists = ListTypes::builtin("", "Service");
  auto service = [](json ports) {
    return json{{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", "dns"}}}, {"spec", {{"ports", ports}}}};
  };
  ASSERT_EQ(apply("alice", service({{{"port", 53}, {"targetPort", 53}}})), "");
  ASSERT_EQ(apply("bob", service({{{"port", 53}, {"protocol", "UDP"}, {"targetPort", 5353}}})), "");
  EXPECT_EQ(live["spec"]["ports"].size(), 2u);
  // The same port with the defaulted protocol is alice's element: a conflict named by both keys.
  EXPECT_EQ(apply("bob", service({{{"port", 53}, {"protocol", "TCP"}, {"targetPort", 54}}})),
            "Apply failed with 1 conflict: conflict with \"alice\": .spec.ports[port=53,protocol=\"TCP\"].targetPort");
}

TEST_F(ApplyLists, EnvEntriesAreOwnedOneByOne) {
  auto with_env = [](json env) { return deployment({{"name", "web"}, {"env", env}}); };
  ASSERT_EQ(apply("alice", with_env({{{"name", "A"}, {"value", "1"}}, {{"name", "B"}, {"value", "2"}}})), "");
  ASSERT_EQ(apply("bob", with_env({{{"name", "C"}, {"value", "3"}}})), "");
  ASSERT_EQ(apply("alice", with_env({{{"name", "A"}, {"value", "1"}}})), "");  // B is no longer applied
  EXPECT_EQ(container()["env"], json::parse(R"([{"name":"A","value":"1"},{"name":"C","value":"3"}])"));
  EXPECT_EQ(apply("bob", with_env({{{"name", "A"}, {"value", "changed"}}})),
            "Apply failed with 1 conflict: conflict with \"alice\": "
            ".spec.template.spec.containers[name=\"web\"].env[name=\"A\"].value");
  ASSERT_EQ(apply("bob", with_env({{{"name", "A"}, {"value", "changed"}}}), true), "");
  EXPECT_EQ(container()["env"][0]["value"], "changed");
}

TEST_F(ApplyLists, VolumeMountsAreKeyedByMountPath) {
  ASSERT_EQ(apply("alice", deployment({{"name", "web"}, {"volumeMounts", {{{"name", "data"}, {"mountPath", "/a"}}}}})),
            "");
  ASSERT_EQ(apply("bob", deployment({{"name", "web"}, {"volumeMounts", {{{"name", "data"}, {"mountPath", "/b"}}}}})), "");
  EXPECT_EQ(container()["volumeMounts"].size(), 2u);  // the same volume at two paths
  EXPECT_EQ(apply("bob", deployment({{"name", "web"}, {"volumeMounts", {{{"name", "other"}, {"mountPath", "/a"}}}}})),
            "Apply failed with 1 conflict: conflict with \"alice\": "
            ".spec.template.spec.containers[name=\"web\"].volumeMounts[mountPath=\"/a\"].name");
}

TEST_F(ApplyLists, ArgsAndTolerationsAreAtomic) {
  ASSERT_EQ(apply("alice", deployment({{"name", "web"}, {"args", {"--a"}}})), "");
  EXPECT_EQ(apply("bob", deployment({{"name", "web"}, {"args", {"--b"}}})),
            "Apply failed with 1 conflict: conflict with \"alice\": .spec.template.spec.containers[name=\"web\"].args");
  ASSERT_EQ(apply("bob", deployment({{"name", "web"}, {"args", {"--b"}}}), true), "");
  EXPECT_EQ(container()["args"], json::array({"--b"}));  // replaced whole, not merged
  EXPECT_EQ(fields_of("alice").dump().find("f:args"), std::string::npos);
  EXPECT_EQ(lists.at({"spec", "template", "spec", "tolerations"}).kind, ListType::Kind::atomic);
  EXPECT_EQ(lists.at({"spec", "template", "spec", "containers", "k:{\"name\":\"web\"}", "command"}).kind,
            ListType::Kind::atomic);
}

TEST_F(ApplyLists, FinalizersAreASet) {
  auto with_finalizers = [](json f) {
    return json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}, {"finalizers", f}}}};
  };
  lists = ListTypes::builtin("", "ConfigMap");
  ASSERT_EQ(apply("alice", with_finalizers({"a.example/x"})), "");
  ASSERT_EQ(apply("bob", with_finalizers({"b.example/y"})), "");
  EXPECT_EQ(live["metadata"]["finalizers"], json::array({"a.example/x", "b.example/y"}));
  EXPECT_TRUE(fields_of("bob")["f:metadata"]["f:finalizers"].contains("v:\"b.example/y\""));
  ASSERT_EQ(apply("alice", with_finalizers(json::array())), "");
  EXPECT_EQ(live["metadata"]["finalizers"], json::array({"b.example/y"}));
}

TEST_F(ApplyLists, CustomResourcesFollowTheirCrdSchema) {
  lists = ListTypes::from_schema(json::parse(R"({"type": "object", "properties": {"spec": {"type": "object",
    "properties": {
      "routes": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["host"],
                 "items": {"type": "object"}},
      "servers": {"type": "array", "items": {"type": "object"}}}}}})"));
  auto widget = [](json spec) {
    return json{{"apiVersion", "example.com/v1"}, {"kind", "Widget"}, {"metadata", {{"name", "w"}}}, {"spec", spec}};
  };
  ASSERT_EQ(apply("alice", widget({{"routes", {{{"host", "a"}, {"to", "x"}}}}, {"servers", {{{"name", "s1"}}}}})), "");
  ASSERT_EQ(apply("bob", widget({{"routes", {{{"host", "b"}, {"to", "y"}}}}})), "");
  EXPECT_EQ(live["spec"]["routes"].size(), 2u);
  // `servers` is not marked: atomic, even though its elements carry names.
  EXPECT_EQ(apply("bob", widget({{"servers", {{{"name", "s2"}}}}})),
            "Apply failed with 1 conflict: conflict with \"alice\": .spec.servers");
}

}  // namespace
}  // namespace bg::testserver
