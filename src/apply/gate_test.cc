// explain() and root_cause(): what a person reads when a wave is blocked or status is not Current.
#include "apply/gate.h"

#include <gtest/gtest.h>

#include "testing/in_process_server.h"

namespace bg::apply {
namespace {

using Json = nlohmann::json;

Json event(const std::string& ns, const std::string& about, const std::string& type, const std::string& reason,
           const std::string& message, const std::string& when) {
  return {{"apiVersion", "v1"}, {"kind", "Event"},
          {"metadata", {{"name", about + "." + when}, {"namespace", ns}}},
          {"involvedObject", {{"name", about}, {"namespace", ns}}},
          {"type", type}, {"reason", reason}, {"message", message}, {"lastTimestamp", when}};
}

// A Deployment whose ReplicaSet cannot create pods: the refusal is an event on the ReplicaSet.
class RefusedDeployment : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.seed({{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                   {"metadata", {{"name", "web"}, {"namespace", "demo"}, {"uid", "d-1"}}},
                   {"spec", {{"replicas", 1}, {"selector", {{"matchLabels", {{"app", "web"}}}}}}},
                   {"status", {{"replicas", 0}}}});
    for (const auto& [name, revision, uid] : {std::tuple{"web-old", "1", "d-1"}, {"web-new", "2", "d-1"}, {"other", "9", "x"}})
      server_.seed({{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"},
                     {"metadata", {{"name", name}, {"namespace", "demo"}, {"labels", {{"app", "web"}}},
                                   {"annotations", {{"deployment.kubernetes.io/revision", revision}}},
                                   {"ownerReferences", Json::array({{{"uid", uid}, {"kind", "Deployment"}, {"name", "web"}}})}}},
                     {"spec", {{"replicas", 1}}}});
    server_.seed(event("demo", "web", "Normal", "ScalingReplicaSet", "Scaled up replica set web-new from 0 to 1", "2026-01-01T00:00:01Z"));
    server_.seed(event("demo", "web-new", "Warning", "FailedCreate",
                        "Error creating: pods \"web-new-x\" is forbidden: exceeded quota: no-pods", "2026-01-01T00:00:02Z"));
    server_.seed(event("demo", "web-old", "Warning", "FailedCreate", "an older revision's refusal", "2026-01-01T00:00:03Z"));
  }
  testing::InProcessServer server_;
  std::unique_ptr<Cluster> cluster_ = server_.connect();
};

TEST_F(RefusedDeployment, ExplainFollowsTheDeploymentToItsNewestReplicaSetAndItsRefusal) {
  auto lines = explain(*cluster_, {"apps/v1", "Deployment", "demo", "web"}, {Health::kInProgress, "Replicas: 0/1"});
  std::vector<std::string> want = {
      "apps/v1 Deployment demo/web: InProgress: Replicas: 0/1",
      "no pods yet",
      "replicaset web-new: 0/1 ready",
      "  event Warning FailedCreate: Error creating: pods \"web-new-x\" is forbidden: exceeded quota: no-pods",
      "event Normal ScalingReplicaSet: Scaled up replica set web-new from 0 to 1",
  };
  EXPECT_EQ(lines, want);
  EXPECT_EQ(root_cause(lines), "FailedCreate: Error creating: pods \"web-new-x\" is forbidden: exceeded quota: no-pods");
}

// Regression: explain() read only matchLabels, so a Deployment that selects with matchExpressions
// alone listed no pods and no ReplicaSet, and the person saw no cause.
TEST(Explain, FollowsASelectorOfExpressionsToTheReplicaSetAndItsPods) {
  testing::InProcessServer server;
  server.seed(Json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "demo", "uid": "d-1"},
      "spec": {"replicas": 1, "selector": {"matchExpressions": [
        {"key": "app", "operator": "In", "values": ["web"]},
        {"key": "track", "operator": "NotIn", "values": ["canary"]}]}}})"));
  server.seed(Json::parse(R"({"apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": {"name": "web-7f", "namespace": "demo", "labels": {"app": "web", "pod-template-hash": "7f"},
        "annotations": {"deployment.kubernetes.io/revision": "1"},
        "ownerReferences": [{"uid": "d-1", "kind": "Deployment", "name": "web"}]},
      "spec": {"replicas": 1}, "status": {"readyReplicas": 0}})"));
  auto pod = [&](const std::string& name, Json labels) {
    server.seed({{"apiVersion", "v1"}, {"kind", "Pod"},
                  {"metadata", {{"name", name}, {"namespace", "demo"}, {"labels", labels}}},
                  {"status", {{"phase", "Pending"},
                              {"conditions", Json::array({{{"type", "PodScheduled"}, {"status", "False"},
                                                           {"reason", "Unschedulable"},
                                                           {"message", "0/3 nodes are available"}}})}}}});
  };
  pod("web-7f-a", {{"app", "web"}, {"pod-template-hash", "7f"}});
  pod("canary-1", {{"app", "web"}, {"track", "canary"}});  // excluded by NotIn
  pod("db-0", {{"app", "db"}});                             // not In
  server.seed(event("demo", "web-7f-a", "Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.",
                     "2026-01-01T00:00:01Z"));
  auto lines = explain(*server.connect(), {"apps/v1", "Deployment", "demo", "web"}, {Health::kInProgress, "Available: 0/1"});
  std::vector<std::string> want = {
      "apps/v1 Deployment demo/web: InProgress: Available: 0/1",
      "pod web-7f-a: Pod could not be scheduled",
      "  condition PodScheduled=False Unschedulable: 0/3 nodes are available",
      "  event Warning FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.",
      "replicaset web-7f: 0/1 ready",
  };
  EXPECT_EQ(lines, want);
  EXPECT_EQ(root_cause(lines), "FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.");
}

// A selector the API server would refuse is said, not silently treated as "no pods".
TEST(Explain, SaysWhenTheWorkloadsSelectorCannotBeRead) {
  testing::InProcessServer server;
  server.seed(Json::parse(R"({"apiVersion": "apps/v1", "kind": "DaemonSet",
      "metadata": {"name": "agent", "namespace": "demo"},
      "spec": {"selector": {"matchExpressions": [{"key": "app", "operator": "Near"}]}}})"));
  auto lines = explain(*server.connect(), {"apps/v1", "DaemonSet", "demo", "agent"}, {Health::kInProgress, "Ready: 0/2"});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "spec.selector: invalid label selector: matchExpressions[0].operator \"Near\" is not In, NotIn, "
                      "Exists or DoesNotExist");
}

// Foreign JSON of an unexpected shape is read as absent, never thrown on (nlohmann's value()
// throws when a field has another type than the default it is given).
TEST(Explain, ReadsObjectsOfAnyShapeWithoutThrowing) {
  testing::InProcessServer server;
  server.seed(Json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "demo", "uid": 7},
      "spec": {"selector": {"matchLabels": {"app": "web"}}}})"));
  server.seed(Json::parse(R"({"apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": {"name": "web-1", "namespace": "demo", "labels": {"app": "web"},
        "annotations": {"deployment.kubernetes.io/revision": 2}, "ownerReferences": [3, {"uid": null}]},
      "spec": {"replicas": "one"}})"));
  server.seed(Json::parse(R"({"apiVersion": "v1", "kind": "Pod",
      "metadata": {"name": "web-1-a", "namespace": "demo", "labels": {"app": "web"}},
      "status": {"phase": "Pending", "containerStatuses": [5, {"name": 1, "state": {"waiting": {"reason": 2,
        "message": null}, "terminated": "yes"}}]}})"));
  Json odd = event("demo", "web-1-a", "Warning", "BackOff", "restarting", "2026-01-01T00:00:01Z");
  odd["reason"] = Json::array();
  server.seed(odd);
  std::vector<std::string> lines;
  ASSERT_NO_THROW(lines = explain(*server.connect(), {"apps/v1", "Deployment", "demo", "web"}, {Health::kInProgress, "x"}));
  std::vector<std::string> want = {
      "apps/v1 Deployment demo/web: InProgress: x",
      "pod web-1-a: Pod is in the Pending phase",
      "  container ? waiting: ",
      "  event Warning : restarting",
      "replicaset web-1: 0/0 ready",
  };
  EXPECT_EQ(lines, want);
}

// A failed Job's pod: how its container ended, now and before its last restart, and the tail of
// its log, which the kubelet puts in the termination message (FallbackToLogsOnError, every
// rendered Job's policy).
TEST(Explain, ShowsHowAFailedJobsContainerEndedAndTheLastLinesItLogged) {
  testing::InProcessServer server;
  server.seed(Json::parse(R"({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "provision-mlflow", "namespace": "db"},
      "spec": {"backoffLimit": 1}, "status": {"failed": 2}})"));
  std::string log;
  for (int i = 1; i <= 12; ++i) log += "line " + std::to_string(i) + "\n";
  log += "psql: error: connection to server failed: FATAL: certificate authentication failed for user \"postgres\"\n";
  Json pod = Json::parse(R"({"apiVersion": "v1", "kind": "Pod",
      "metadata": {"name": "provision-mlflow-x1", "namespace": "db", "labels": {"job-name": "provision-mlflow"}},
      "status": {"phase": "Running", "containerStatuses": [{"name": "provision",
        "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container"}},
        "lastState": {"terminated": {"reason": "Error", "exitCode": 2}}}]}})");
  pod["status"]["containerStatuses"][0]["lastState"]["terminated"]["message"] = log;
  server.seed(pod);
  auto lines = explain(*server.connect(), {"batch/v1", "Job", "db", "provision-mlflow"}, {Health::kFailed, "Job Failed"});
  std::vector<std::string> want = {
      "batch/v1 Job db/provision-mlflow: Failed: Job Failed",
      "pod provision-mlflow-x1: Container provision is in CrashLoopBackOff",
      "  container provision waiting: CrashLoopBackOff (back-off 40s restarting failed container)",
      "  container provision last terminated: Error, exit code 2",
  };
  for (int i = 4; i <= 12; ++i) want.push_back("    | line " + std::to_string(i));
  want.push_back("    | psql: error: connection to server failed: FATAL: certificate authentication failed for user \"postgres\"");
  EXPECT_EQ(lines, want);
}

// Regression (the real scheduler's events): events.k8s.io events have `lastTimestamp: null` and an
// eventTime; status died on them with a JSON type error.
TEST(Explain, ReadsEventsWhoseLastTimestampIsNullByTheirEventTime) {
  testing::InProcessServer server;
  server.seed({{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"metadata", {{"name", "db"}, {"namespace", "demo"}}},
                {"spec", {{"selector", {{"matchLabels", {{"app", "db"}}}}}}}});
  Json late = event("demo", "db", "Warning", "FailedScheduling", "0/3 nodes are available", "ignored");
  late["lastTimestamp"] = nullptr;
  late["eventTime"] = "2026-01-01T00:00:09.000000Z";
  late["metadata"]["name"] = "late";
  server.seed(late);
  server.seed(event("demo", "db", "Normal", "SuccessfulCreate", "create Pod db-0", "2026-01-01T00:00:01Z"));
  auto lines = explain(*server.connect(), {"apps/v1", "StatefulSet", "demo", "db"}, {Health::kInProgress, "Ready: 0/1"});
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2], "event Normal SuccessfulCreate: create Pod db-0");
  EXPECT_EQ(lines[3], "event Warning FailedScheduling: 0/3 nodes are available");
}

TEST(RootCause, TheDeepestWarningWinsThenTheNewest) {
  EXPECT_EQ(root_cause({"x: InProgress", "pod p: not scheduled", "  event Warning FailedScheduling: 0/3 nodes are available",
                        "event Warning Late: the workload's own warning"}),
            "FailedScheduling: 0/3 nodes are available");
  EXPECT_EQ(root_cause({"event Warning A: first", "event Warning B: second"}), "B: second");
  EXPECT_EQ(root_cause({"x: InProgress", "  event Normal Pulled: fine"}), "");
}

}  // namespace
}  // namespace bg::apply
