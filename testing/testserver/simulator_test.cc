// The simulator moves workloads the way controllers would, and can be told not to.
#include "testing/testserver/simulator.h"

#include <gtest/gtest.h>

#include <thread>

#include "testing/testserver/api.h"
#include "testing/testserver/protobuf.h"

namespace bg::testserver {
namespace {

using nlohmann::json;

class SimulatorTest : public ::testing::Test {
 protected:
  explicit SimulatorTest(SimulatorOptions options = {std::chrono::milliseconds(20), false}) : sim{store, options} {}
  Response call(const std::string& method, const std::string& path, const json& body = nullptr) {
    Request r;
    r.method = method;
    r.path = path;
    r.headers["content-type"] = "application/json";
    if (!body.is_null()) r.body = body.dump();
    return api.handle(r);
  }
  // Polls until `pred` holds for the object (the simulator works on its own thread).
  json wait_for(const std::string& path, const std::function<bool(const json&)>& pred) {
    json obj;
    for (int i = 0; i < 500; ++i) {
      obj = json::parse(call("GET", path).body);
      if (pred(obj)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return obj;
  }
  void SetUp() override { call("POST", "/api/v1/namespaces", {{"metadata", {{"name", "demo"}}}}); }
  json deployment(const std::string& name, json annotations = json::object()) {
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", name}, {"annotations", annotations}}},
            {"spec", {{"replicas", 3}, {"selector", {{"matchLabels", {{"app", name}}}}}}}};
  }

  Store store;
  Api api{store, {}};
  Simulator sim;
};

// At once, the controllers' writes happen within the request that woke them: no thread, no wait.
class SimulatorAtOnce : public SimulatorTest {
 protected:
  SimulatorAtOnce() : SimulatorTest({std::chrono::hours(1), false, true}) {}
};

TEST_F(SimulatorTest, DeploymentsBecomeAvailable) {
  call("POST", "/apis/apps/v1/namespaces/demo/deployments", deployment("web"));
  json d = wait_for("/apis/apps/v1/namespaces/demo/deployments/web",
                    [](const json& o) { return o.value("status", json::object()).contains("observedGeneration"); });
  EXPECT_EQ(d["status"]["observedGeneration"], 1);
  EXPECT_EQ(d["status"]["readyReplicas"], 3);
  EXPECT_EQ(d["status"]["availableReplicas"], 3);
  EXPECT_EQ(d["status"]["conditions"][0]["type"], "Available");
  EXPECT_EQ(d["status"]["conditions"][0]["status"], "True");
}

TEST_F(SimulatorTest, AnnotatedDeploymentsNeverBecomeAvailable) {
  call("POST", "/apis/apps/v1/namespaces/demo/deployments",
       deployment("stuck", {{"testserver.betelgeuse.dev/ready", "never"}}));
  json d = wait_for("/apis/apps/v1/namespaces/demo/deployments/stuck",
                    [](const json& o) { return o.value("status", json::object()).contains("observedGeneration"); });
  EXPECT_FALSE(d["status"].contains("readyReplicas"));
  EXPECT_EQ(d["status"]["conditions"][0]["status"], "False");
}

TEST_F(SimulatorTest, JobsCompleteOrFailAndClaimsBind) {
  json job = {{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", {{"name", "ok"}}}, {"spec", json::object()}};
  call("POST", "/apis/batch/v1/namespaces/demo/jobs", job);
  job["metadata"] = {{"name", "bad"}, {"annotations", {{"testserver.betelgeuse.dev/outcome", "fail"}}}};
  call("POST", "/apis/batch/v1/namespaces/demo/jobs", job);
  auto settled = [](const json& o) { return o.value("status", json::object()).contains("conditions"); };
  EXPECT_EQ(wait_for("/apis/batch/v1/namespaces/demo/jobs/ok", settled)["status"]["conditions"][1]["type"], "Complete");
  EXPECT_EQ(wait_for("/apis/batch/v1/namespaces/demo/jobs/bad", settled)["status"]["conditions"][1]["type"], "Failed");
  json pvc = {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"}, {"metadata", {{"name", "data"}}},
              {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", "5Gi"}}}}}}}};
  call("POST", "/api/v1/namespaces/demo/persistentvolumeclaims", pvc);
  json bound = wait_for("/api/v1/namespaces/demo/persistentvolumeclaims/data",
                        [](const json& o) { return o.value("status", json::object()).value("phase", "") == "Bound"; });
  EXPECT_EQ(bound["status"]["capacity"]["storage"], "5Gi");
}

// The StatefulSet controller's claims: one per template and replica, with the template's labels
// and the set's matchLabels, no owner (they outlive the set), bound in turn.
TEST_F(SimulatorTest, StatefulSetsGetAClaimPerTemplateAndReplica) {
  json set = {{"apiVersion", "apps/v1"},
              {"kind", "StatefulSet"},
              {"metadata", {{"name", "db"}}},
              {"spec",
               {{"replicas", 2},
                {"selector", {{"matchLabels", {{"app", "db"}}}}},
                {"volumeClaimTemplates",
                 {{{"metadata", {{"name", "data"}, {"labels", {{"tier", "storage"}}}}},
                   {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", "5Gi"}}}}}}}}}}}}};
  call("POST", "/apis/apps/v1/namespaces/demo/statefulsets", set);
  auto bound = [](const json& o) {  // a 404 Status until the claim is made
    return o.value("kind", "") == "PersistentVolumeClaim" && o["status"].value("phase", "") == "Bound";
  };
  for (const char* name : {"data-db-0", "data-db-1"}) {
    json claim = wait_for(std::string("/api/v1/namespaces/demo/persistentvolumeclaims/") + name, bound);
    EXPECT_EQ(claim["status"]["phase"], "Bound") << name;
    EXPECT_EQ(claim["metadata"]["labels"], json({{"app", "db"}, {"tier", "storage"}})) << name;
    EXPECT_FALSE(claim["metadata"].contains("ownerReferences")) << name;
    EXPECT_EQ(claim["spec"]["resources"]["requests"]["storage"], "5Gi") << name;
  }
  EXPECT_EQ(call("GET", "/api/v1/namespaces/demo/persistentvolumeclaims/data-db-2").status, 404);
}

TEST_F(SimulatorAtOnce, SettlesWithinTheWriteThatWokeIt) {
  ASSERT_EQ(call("POST", "/apis/apps/v1/namespaces/demo/deployments", deployment("web")).status, 201);
  json d = json::parse(call("GET", "/apis/apps/v1/namespaces/demo/deployments/web").body);
  EXPECT_EQ(d["status"]["readyReplicas"], 3);
  json stuck = deployment("stuck");
  mark_never_ready(stuck);
  ASSERT_EQ(call("POST", "/apis/apps/v1/namespaces/demo/deployments", stuck).status, 201);
  d = json::parse(call("GET", "/apis/apps/v1/namespaces/demo/deployments/stuck").body);
  EXPECT_EQ(d["status"]["observedGeneration"], 1);
  EXPECT_FALSE(d["status"].contains("readyReplicas"));
}

std::string field(int number, const std::string& bytes) {
  std::string out(1, static_cast<char>(number << 3 | 2));
  out += static_cast<char>(bytes.size());  // short fields: one-byte length
  return out + bytes;
}

TEST(Protobuf, DecodesWhatKubectlCreateNamespaceSends) {
  std::string meta = field(1, "demo") + field(11, field(1, "team") + field(2, "a"));
  std::string body = std::string("k8s\0", 4) + field(1, field(1, "v1") + field(2, "Namespace")) + field(2, field(1, meta));
  std::string error;
  auto obj = decode_protobuf_object(body, error);
  ASSERT_TRUE(obj) << error;
  EXPECT_EQ(*obj, json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo","labels":{"team":"a"}}})"));
  std::string deployment = std::string("k8s\0", 4) + field(1, field(1, "apps/v1") + field(2, "Deployment"));
  EXPECT_FALSE(decode_protobuf_object(deployment, error));
  EXPECT_EQ(error, "the test server decodes protobuf only for Namespace, ConfigMap, Secret and ServiceAccount, not Deployment");
}

}  // namespace
}  // namespace bg::testserver
