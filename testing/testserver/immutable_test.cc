// The test server refuses what the real API server refuses to change (immutable.h), through its
// API as a client meets it: server-side apply and JSON merge patch.
#include "testing/testserver/immutable.h"

#include <gtest/gtest.h>

#include "testing/testserver/api.h"

namespace bg::testserver {
namespace {

using nlohmann::json;

class Immutable : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(call("POST", "/api/v1/namespaces", {{"metadata", {{"name", "db"}}}}).status, 201); }
  Response call(const std::string& method, const std::string& path, const json& body,
                const std::string& content_type = "application/json") {
    Request r;
    r.method = method;
    r.path = path;
    r.query = {{"fieldManager", "betelgeuse"}, {"force", "true"}};
    r.headers["content-type"] = content_type;
    r.headers["user-agent"] = "immutable-test/1.0";
    r.body = body.dump();
    return api.handle(r);
  }
  Response apply(const std::string& path, const json& object) {
    return call("PATCH", path, object, "application/apply-patch+yaml");
  }

  Store store;
  Api api{store, {}};
};

json job(const std::string& image) {
  return {{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", {{"name", "postgres-init-gitea"}, {"namespace", "db"}}},
          {"spec", {{"backoffLimit", 20},
                    {"template", {{"spec", {{"restartPolicy", "OnFailure"},
                                            {"containers", {{{"name", "provision"}, {"image", image}}}}}}}}}}};
}

TEST_F(Immutable, AJobsPodTemplateCannotChangeButItsBackoffLimitCan) {
  const std::string path = "/apis/batch/v1/namespaces/db/jobs/postgres-init-gitea";
  ASSERT_EQ(apply(path, job("postgres:17")).status, 201);
  Response changed = apply(path, job("postgres:18"));
  EXPECT_EQ(changed.status, 422) << changed.body;
  json status = json::parse(changed.body);
  EXPECT_EQ(status["reason"], "Invalid");
  EXPECT_EQ(status["message"], "Job.batch \"postgres-init-gitea\" is invalid: spec.template: Invalid value: field is immutable");
  json more = job("postgres:17");
  more["spec"]["backoffLimit"] = 5;
  EXPECT_EQ(apply(path, more).status, 200);
}

TEST_F(Immutable, AStatefulSetsClaimTemplatesCannotChangeButItsReplicasAndTemplateCan) {
  const std::string path = "/apis/apps/v1/namespaces/db/statefulsets/postgres";
  auto set = [](const std::string& storage, int replicas, const std::string& image) {
    return json{{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"metadata", {{"name", "postgres"}, {"namespace", "db"}}},
                {"spec", {{"replicas", replicas}, {"serviceName", "postgres"},
                          {"selector", {{"matchLabels", {{"app", "postgres"}}}}},
                          {"template", {{"metadata", {{"labels", {{"app", "postgres"}}}}},
                                        {"spec", {{"containers", {{{"name", "postgres"}, {"image", image}}}}}}}},
                          {"volumeClaimTemplates", {{{"metadata", {{"name", "data"}}},
                                                     {"spec", {{"accessModes", {"ReadWriteOnce"}},
                                                               {"resources", {{"requests", {{"storage", storage}}}}}}}}}}}}};
  };
  ASSERT_EQ(apply(path, set("20Gi", 1, "postgres:17")).status, 201);
  EXPECT_EQ(apply(path, set("20Gi", 2, "postgres:18")).status, 200);
  Response grown = apply(path, set("50Gi", 2, "postgres:18"));
  EXPECT_EQ(grown.status, 422) << grown.body;
  EXPECT_NE(json::parse(grown.body)["message"].get<std::string>().find(
                "spec: Forbidden: updates to statefulset spec for fields other than 'replicas'"),
            std::string::npos);
}

TEST_F(Immutable, ADeploymentsSelectorAndAServicesClusterIpCannotChange) {
  auto deployment = [](const std::string& app) {
    return json{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "web"}, {"namespace", "db"}}},
                {"spec", {{"selector", {{"matchLabels", {{"app", app}}}}},
                          {"template", {{"metadata", {{"labels", {{"app", app}}}}},
                                        {"spec", {{"containers", {{{"name", "web"}, {"image", "nginx"}}}}}}}}}}};
  };
  const std::string path = "/apis/apps/v1/namespaces/db/deployments/web";
  ASSERT_EQ(apply(path, deployment("web")).status, 201);
  EXPECT_EQ(apply(path, deployment("site")).status, 422);

  const std::string svc = "/api/v1/namespaces/db/services/web";
  json service = {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", "web"}, {"namespace", "db"}}},
                  {"spec", {{"clusterIP", "10.96.0.20"}, {"ports", {{{"port", 80}}}}}}};
  ASSERT_EQ(apply(svc, service).status, 201);
  EXPECT_EQ(call("PATCH", svc, {{"metadata", {{"labels", {{"a", "b"}}}}}}, "application/merge-patch+json").status, 200);
  Response moved = call("PATCH", svc, {{"spec", {{"clusterIP", "10.96.0.21"}}}}, "application/merge-patch+json");
  EXPECT_EQ(moved.status, 422) << moved.body;
  EXPECT_EQ(json::parse(moved.body)["message"],
            "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"10.96.0.21\": may not change once set");
}

TEST_F(Immutable, AClaimsRequestMayChangeButNotItsStorageClass) {
  auto claim = [](const std::string& cls, const std::string& size) {
    return json{{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"}, {"metadata", {{"name", "data"}, {"namespace", "db"}}},
                {"spec", {{"storageClassName", cls}, {"accessModes", {"ReadWriteOnce"}},
                          {"resources", {{"requests", {{"storage", size}}}}}}}};
  };
  const std::string path = "/api/v1/namespaces/db/persistentvolumeclaims/data";
  ASSERT_EQ(apply(path, claim("local-ssd", "10Gi")).status, 201);
  EXPECT_EQ(apply(path, claim("local-ssd", "20Gi")).status, 200);
  EXPECT_EQ(apply(path, claim("fast", "20Gi")).status, 422);
}

}  // namespace
}  // namespace bg::testserver
