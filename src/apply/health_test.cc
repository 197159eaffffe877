#include "apply/health.h"

#include <gtest/gtest.h>

namespace bg::apply {
namespace {

using Json = nlohmann::json;

struct Case {
  const char* name;
  const char* object;  // JSON
  Health health;
  const char* message;
};

class HealthOf : public ::testing::TestWithParam<Case> {};

TEST_P(HealthOf, FollowsTheKstatusRules) {
  HealthReport r = health_of(Json::parse(GetParam().object));
  EXPECT_STREQ(health_name(r.health), health_name(GetParam().health));
  EXPECT_EQ(r.message, GetParam().message);
}

constexpr const char* kAvailable =
    R"("conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}])";

const std::string kReadyDeployment = std::string(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"generation":2},
  "spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":3,"readyReplicas":3,)") +
                                     kAvailable + "}}";
const std::string kRollingDeployment = std::string(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"generation":2},
  "spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":3,"availableReplicas":3,"readyReplicas":3,)") +
                                       kAvailable + "}}";

INSTANTIATE_TEST_SUITE_P(
    Table, HealthOf,
    ::testing::Values(
        Case{"missing_object_is_not_found", "null", Health::kNotFound, "Resource not found"},
        Case{"deleting_object_is_terminating",
             R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"deletionTimestamp":"2026-01-01T00:00:00Z"}})",
             Health::kTerminating, "Resource scheduled for deletion"},
        Case{"configmap_is_current", R"({"kind":"ConfigMap","apiVersion":"v1"})", Health::kCurrent, "Resource is current"},
        Case{"deployment_with_every_replica_ready_is_current", kReadyDeployment.c_str(), Health::kCurrent,
             "Deployment is available. Replicas: 3"},
        Case{"deployment_with_an_old_pod_left_is_pending_termination", kRollingDeployment.c_str(), Health::kInProgress,
             "Pending termination: 1"},
        Case{"deployment_not_yet_observed_is_in_progress",
             R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"generation":3},"status":{"observedGeneration":2}})",
             Health::kInProgress, "Deployment generation is 3, but latest observed generation is 2"},
        Case{"new_deployment_without_status_is_in_progress", R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":2}})",
             Health::kInProgress, "Replicas: 0/2"},
        Case{"deployment_with_missing_ready_replicas_is_in_progress",
             R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{},"status":{"replicas":1,"updatedReplicas":1,"availableReplicas":1}})",
             Health::kInProgress, "Ready: 0/1"},
        Case{"deployment_past_its_progress_deadline_failed",
             R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{},"status":{"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}})",
             Health::kFailed, "Progress deadline exceeded"},
        Case{"statefulset_with_all_replicas_on_the_update_revision_is_current",
             R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"replicas":1},"status":{"replicas":1,"readyReplicas":1,"currentReplicas":1,"updatedReplicas":1,"currentRevision":"r1","updateRevision":"r1"}})",
             Health::kCurrent, "All replicas scheduled as expected. Replicas: 1"},
        Case{"statefulset_mid_rollout_waits_for_the_revision",
             R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"replicas":1},"status":{"replicas":1,"readyReplicas":1,"currentReplicas":1,"currentRevision":"r1","updateRevision":"r2"}})",
             Health::kInProgress, "Waiting for updated revision to match current"},
        Case{"daemonset_without_desired_count_is_in_progress", R"({"apiVersion":"apps/v1","kind":"DaemonSet","status":{}})",
             Health::kInProgress, "Missing .status.desiredNumberScheduled"},
        Case{"daemonset_on_every_node_is_current",
             R"({"apiVersion":"apps/v1","kind":"DaemonSet","status":{"desiredNumberScheduled":4,"currentNumberScheduled":4,"updatedNumberScheduled":4,"numberAvailable":4,"numberReady":4}})",
             Health::kCurrent, "All replicas scheduled as expected. Replicas: 4"},
        Case{"daemonset_with_unready_pods_is_in_progress",
             R"({"apiVersion":"apps/v1","kind":"DaemonSet","status":{"desiredNumberScheduled":4,"currentNumberScheduled":4,"updatedNumberScheduled":4,"numberAvailable":4,"numberReady":3}})",
             Health::kInProgress, "Ready: 3/4"},
        Case{"complete_job_is_current",
             R"({"apiVersion":"batch/v1","kind":"Job","status":{"succeeded":1,"conditions":[{"type":"Complete","status":"True"}]}})",
             Health::kCurrent, "Job Completed. succeeded: 1/1"},
        Case{"failed_job_says_why",
             R"({"apiVersion":"batch/v1","kind":"Job","status":{"failed":7,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded"}]}})",
             Health::kFailed, "Job Failed: BackoffLimitExceeded. failed: 7/1"},
        Case{"running_job_is_in_progress", R"({"apiVersion":"batch/v1","kind":"Job","status":{"startTime":"x","active":1}})",
             Health::kInProgress, "Job in progress. success: 0, active: 1, failed: 0"},
        Case{"bound_claim_is_current", R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","status":{"phase":"Bound"}})",
             Health::kCurrent, "PVC is Bound"},
        Case{"pending_claim_is_in_progress", R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","status":{"phase":"Pending"}})",
             Health::kInProgress, "PVC is not Bound. phase: Pending"},
        Case{"crashlooping_pod_failed",
             R"({"apiVersion":"v1","kind":"Pod","status":{"phase":"Running","containerStatuses":[{"name":"app","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})",
             Health::kFailed, "Container app is in CrashLoopBackOff"},
        Case{"ready_pod_is_current",
             R"({"apiVersion":"v1","kind":"Pod","status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}})",
             Health::kCurrent, "Pod is Ready"},
        Case{"unschedulable_pod_is_in_progress",
             R"({"apiVersion":"v1","kind":"Pod","status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable"}]}})",
             Health::kInProgress, "Pod could not be scheduled"},
        Case{"established_crd_is_current",
             R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","status":{"conditions":[{"type":"Established","status":"True"}]}})",
             Health::kCurrent, "CRD is established"},
        Case{"crd_with_rejected_names_failed",
             R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","status":{"conditions":[{"type":"NamesAccepted","status":"False"}]}})",
             Health::kFailed, "CRD names not accepted"},
        Case{"load_balancer_without_address_is_in_progress", R"({"apiVersion":"v1","kind":"Service","spec":{"type":"LoadBalancer"}})",
             Health::kInProgress, "Waiting for a load balancer address"},
        Case{"cluster_ip_service_is_current", R"({"apiVersion":"v1","kind":"Service","spec":{"type":"ClusterIP"}})",
             Health::kCurrent, "Service is ready"},
        Case{"ready_certificate_is_current",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"generation":1},"status":{"conditions":[{"type":"Ready","status":"True","observedGeneration":1}]}})",
             Health::kCurrent, "Certificate is Ready"},
        Case{"unready_certificate_says_why",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","status":{"conditions":[{"type":"Ready","status":"False","message":"Issuing certificate as Secret does not exist"}]}})",
             Health::kInProgress, "Not Ready: Issuing certificate as Secret does not exist"},
        Case{"stalled_resource_failed",
             R"({"apiVersion":"example.com/v1","kind":"Thing","status":{"conditions":[{"type":"Stalled","status":"True","message":"bad config"}]}})",
             Health::kFailed, "bad config"},
        Case{"reconciling_resource_is_in_progress",
             R"({"apiVersion":"example.com/v1","kind":"Thing","status":{"conditions":[{"type":"Reconciling","status":"True","message":"working"}]}})",
             Health::kInProgress, "working"},
        Case{"strange_status_types_do_not_crash",
             R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":"three"},"status":{"conditions":"none","replicas":[]}})",
             Health::kInProgress, "Replicas: 0/1"},
        // json::value("name", "?") threw type_error on a name that is not a string.
        Case{"crashlooping_container_without_a_string_name_still_fails_the_pod",
             R"({"apiVersion":"v1","kind":"Pod","status":{"phase":"Running","containerStatuses":[7,{"name":null,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})",
             Health::kFailed, "Container ? is in CrashLoopBackOff"},
        // json::value("kind", "Resource") threw when kind was no string.
        Case{"unobserved_generation_of_an_object_whose_kind_is_no_string",
             R"({"apiVersion":"example.com/v1","kind":null,"metadata":{"generation":2},"status":{"observedGeneration":1}})",
             Health::kInProgress, "Resource generation is 2, but latest observed generation is 1"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace bg::apply
