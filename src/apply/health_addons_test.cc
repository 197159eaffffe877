// The add-ons' health rules, each with objects shaped as their controllers write them: cert-manager
// (pkg/apis/certmanager/v1 and its issuing and issuers controllers: Ready with the generation it
// saw, Issuing=False reason Failed after a failed issuance), Gateway API v1 (the CRDs' default
// status of Accepted and Programmed Unknown/Pending; listener and route parent conditions with the
// reasons of the specification), the API server's APIService availability, and cainjector's
// caBundle. The cert-manager contract test checks the same rules on what the real cert-manager
// writes (testing/cert_manager_contract_test.cc).
#include <gtest/gtest.h>

#include "apply/health.h"

namespace bg::apply {
namespace {

using Json = nlohmann::json;

struct Case {
  const char* name;
  std::string object;  // JSON
  Health health;
  const char* message;
};

class AddonHealth : public ::testing::TestWithParam<Case> {};

TEST_P(AddonHealth, FollowsWhatTheControllerReports) {
  HealthReport r = health_of(Json::parse(GetParam().object));
  EXPECT_STREQ(health_name(r.health), health_name(GetParam().health));
  EXPECT_EQ(r.message, GetParam().message);
}

// A Gateway of two listeners with the status given after "status":.
std::string gateway(const std::string& status) {
  return R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"platform","namespace":"gateway","generation":1},
    "spec":{"gatewayClassName":"cilium","listeners":[{"name":"http","port":80,"protocol":"HTTP"},{"name":"https","port":443,"protocol":"HTTPS"}]},
    "status":)" + status + "}";
}
constexpr const char* kAcceptedProgrammed =
    R"("conditions":[{"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":1,"message":"Gateway successfully scheduled"},
                     {"type":"Programmed","status":"True","reason":"Programmed","observedGeneration":1,"message":"Gateway successfully reconciled"}])";
std::string listener(const char* name, const std::string& conditions) {
  return std::string(R"({"name":")") + name + R"(","attachedRoutes":1,"supportedKinds":[{"kind":"HTTPRoute"}],"conditions":[)" +
         conditions + "]}";
}
constexpr const char* kListenerOk =
    R"({"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":1},{"type":"Programmed","status":"True","reason":"Programmed","observedGeneration":1},
       {"type":"ResolvedRefs","status":"True","reason":"ResolvedRefs","observedGeneration":1},{"type":"Conflicted","status":"False","reason":"NoConflicts","observedGeneration":1})";

const std::string kDefaultGateway = gateway(
    R"({"conditions":[{"type":"Accepted","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"},
                      {"type":"Programmed","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"}]})");
const std::string kProgrammedGateway =
    gateway(std::string("{") + kAcceptedProgrammed + R"(,"listeners":[)" + listener("http", kListenerOk) + "," + listener("https", kListenerOk) + "]}");
const std::string kRejectedListener = gateway(
    std::string("{") + kAcceptedProgrammed + R"(,"listeners":[)" + listener("http", kListenerOk) + "," +
    listener("https", R"({"type":"Accepted","status":"False","reason":"PortUnavailable","observedGeneration":1,"message":"port 443 is already in use"},
                         {"type":"Programmed","status":"False","reason":"Invalid","observedGeneration":1})") + "]}");
const std::string kMissingCertificate = gateway(
    std::string("{") + kAcceptedProgrammed + R"(,"listeners":[)" + listener("http", kListenerOk) + "," +
    listener("https", R"({"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":1},
                         {"type":"ResolvedRefs","status":"False","reason":"InvalidCertificateRef","observedGeneration":1,"message":"secret gateway/platform-tls does not exist"})") + "]}");
const std::string kConflictedListener = gateway(
    std::string("{") + kAcceptedProgrammed + R"(,"listeners":[)" + listener("http", kListenerOk) + "," +
    listener("https", R"({"type":"Conflicted","status":"True","reason":"HostnameConflict","observedGeneration":1}, {"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":1})") + "]}");
const std::string kOneListenerReported = gateway(std::string("{") + kAcceptedProgrammed + R"(,"listeners":[)" + listener("http", kListenerOk) + "]}");
const std::string kNoAddress = gateway(
    R"({"conditions":[{"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":1},
                      {"type":"Programmed","status":"False","reason":"AddressNotAssigned","observedGeneration":1,"message":"no address yet"}],"listeners":[)" +
    listener("http", kListenerOk) + "," + listener("https", kListenerOk) + "]}");
const std::string kStaleGateway = gateway(
    R"({"conditions":[{"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":0}]})");

// An HTTPRoute attached to the platform Gateway's https listener, with the given status.parents.
std::string route(const char* kind, const std::string& parents) {
  return std::string(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":")") + kind +
         R"(","metadata":{"name":"grafana","namespace":"observability","generation":2},
    "spec":{"parentRefs":[{"name":"platform","namespace":"gateway","sectionName":"https"}],"rules":[{"backendRefs":[{"name":"grafana","port":3000}]}]},
    "status":{"parents":)" + parents + "}}";
}
std::string parent(const std::string& conditions) {
  return R"([{"controllerName":"io.cilium/gateway-controller","parentRef":{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"platform","namespace":"gateway","sectionName":"https"},"conditions":[)" +
         conditions + "]}]";
}

constexpr const char* kWebhook = R"({"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration",
  "metadata":{"name":"cert-manager-webhook","annotations":{"cert-manager.io/inject-ca-from-secret":"cert-manager/cert-manager-webhook-ca"}},
  "webhooks":[{"name":"webhook.cert-manager.io","clientConfig":{"service":{"name":"cert-manager-webhook","namespace":"cert-manager"}CA}}]})";
std::string webhook(const std::string& ca) {
  std::string s = kWebhook;
  return s.replace(s.find("CA"), 2, ca);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AddonHealth,
    ::testing::Values(
        Case{"certificate_without_status_is_in_progress",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"grafana-tls","generation":1},"spec":{"secretName":"grafana-tls"}})",
             Health::kInProgress, "Certificate has no Ready condition yet (cert-manager has not processed it)"},
        Case{"issued_certificate_is_current",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"generation":1},"status":{"conditions":[{"lastTransitionTime":"2026-12-08T00:00:00Z",
               "message":"Certificate is up to date and has not expired","observedGeneration":1,"reason":"Ready","status":"True","type":"Ready"}],
               "notAfter":"2027-03-08T00:00:00Z","notBefore":"2026-12-08T00:00:00Z","renewalTime":"2027-02-06T00:00:00Z","revision":1}})",
             Health::kCurrent, "Certificate is up to date and has not expired"},
        Case{"certificate_being_issued_is_in_progress_with_its_reason",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"generation":1},"status":{"conditions":[
               {"message":"Issuing certificate as Secret does not exist","observedGeneration":1,"reason":"DoesNotExist","status":"False","type":"Ready"},
               {"message":"Issuing certificate as Secret does not exist","observedGeneration":1,"reason":"DoesNotExist","status":"True","type":"Issuing"}]}})",
             Health::kInProgress, "Not Ready: DoesNotExist: Issuing certificate as Secret does not exist"},
        Case{"certificate_whose_issuance_failed_fails",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"generation":1},"status":{"failedIssuanceAttempts":1,"lastFailureTime":"2026-12-08T00:00:00Z",
               "conditions":[{"message":"Issuing certificate as Secret does not exist","observedGeneration":1,"reason":"DoesNotExist","status":"False","type":"Ready"},
               {"message":"The certificate request has failed to complete and will be retried: 429 rate limited","observedGeneration":1,"reason":"Failed","status":"False","type":"Issuing"}]}})",
             Health::kFailed, "Issuing failed: The certificate request has failed to complete and will be retried: 429 rate limited"},
        Case{"certificate_ready_for_an_older_generation_is_in_progress",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"generation":2},"status":{"conditions":[{"observedGeneration":1,"reason":"Ready","status":"True","type":"Ready"}]}})",
             Health::kInProgress, "Certificate generation is 2, but its Ready condition is of generation 1"},
        Case{"cluster_issuer_without_status_is_in_progress",
             R"({"apiVersion":"cert-manager.io/v1","kind":"ClusterIssuer","metadata":{"name":"letsencrypt","generation":1},"spec":{"acme":{}}})",
             Health::kInProgress, "ClusterIssuer has no Ready condition yet (cert-manager has not processed it)"},
        Case{"registered_acme_issuer_is_current",
             R"({"apiVersion":"cert-manager.io/v1","kind":"ClusterIssuer","metadata":{"generation":1},"status":{"acme":{"uri":"https://acme/acct/1"},
               "conditions":[{"message":"The ACME account was registered with the ACME server","observedGeneration":1,"reason":"ACMEAccountRegistered","status":"True","type":"Ready"}]}})",
             Health::kCurrent, "The ACME account was registered with the ACME server"},
        Case{"issuer_that_cannot_register_says_why",
             R"({"apiVersion":"cert-manager.io/v1","kind":"Issuer","metadata":{"generation":1},"status":{"conditions":[
               {"message":"Failed to register ACME account: dial tcp: no such host","observedGeneration":1,"reason":"ErrRegisterACMEAccount","status":"False","type":"Ready"}]}})",
             Health::kInProgress, "Not Ready: ErrRegisterACMEAccount: Failed to register ACME account: dial tcp: no such host"},
        Case{"gateway_no_controller_has_taken_is_in_progress", kDefaultGateway, Health::kInProgress,
             "Gateway not yet accepted by a controller: Pending: Waiting for controller"},
        Case{"programmed_gateway_is_current", kProgrammedGateway, Health::kCurrent, "Gateway is programmed. Listeners: 2"},
        Case{"gateway_with_a_rejected_listener_fails_with_the_listeners_reason", kRejectedListener, Health::kFailed,
             "Listener https not accepted: PortUnavailable: port 443 is already in use"},
        Case{"gateway_waiting_for_its_tls_secret_is_in_progress", kMissingCertificate, Health::kInProgress,
             "Listener https has unresolved references: InvalidCertificateRef: secret gateway/platform-tls does not exist"},
        Case{"gateway_with_a_conflicted_listener_fails", kConflictedListener, Health::kFailed,
             "Listener https conflicts: HostnameConflict"},
        Case{"gateway_with_a_listener_not_reported_is_in_progress", kOneListenerReported, Health::kInProgress,
             "Listener https has no status yet"},
        Case{"gateway_without_an_address_is_in_progress", kNoAddress, Health::kInProgress,
             "Gateway not programmed yet: AddressNotAssigned: no address yet"},
        Case{"gateway_accepted_for_an_older_generation_is_in_progress", kStaleGateway, Health::kInProgress,
             "Gateway generation is 1, but its Accepted condition is of generation 0"},
        Case{"route_no_parent_has_reported_on_is_in_progress", route("HTTPRoute", "[]"), Health::kInProgress,
             "Not yet accepted by Gateway gateway/platform (https)"},
        Case{"accepted_route_is_current",
             route("HTTPRoute", parent(R"({"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":2},
                                          {"type":"ResolvedRefs","status":"True","reason":"ResolvedRefs","observedGeneration":2})")),
             Health::kCurrent, "HTTPRoute is accepted by 1 parent"},
        Case{"route_no_listener_allows_fails",
             route("TCPRoute", parent(R"({"type":"Accepted","status":"False","reason":"NotAllowedByListeners","observedGeneration":2,"message":"no listener allows TCPRoute"})")),
             Health::kFailed, "Not accepted by Gateway gateway/platform (https): NotAllowedByListeners: no listener allows TCPRoute"},
        Case{"route_whose_backend_is_not_there_yet_is_in_progress",
             route("HTTPRoute", parent(R"({"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":2},
                                          {"type":"ResolvedRefs","status":"False","reason":"BackendNotFound","observedGeneration":2,"message":"service grafana not found"})")),
             Health::kInProgress, "Unresolved references for Gateway gateway/platform (https): BackendNotFound: service grafana not found"},
        Case{"route_with_a_backend_of_the_wrong_kind_fails",
             route("HTTPRoute", parent(R"({"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":2},
                                          {"type":"ResolvedRefs","status":"False","reason":"InvalidKind","observedGeneration":2})")),
             Health::kFailed, "Unresolved references for Gateway gateway/platform (https): InvalidKind"},
        Case{"route_accepted_for_an_older_generation_is_in_progress",
             route("HTTPRoute", parent(R"({"type":"Accepted","status":"True","reason":"Accepted","observedGeneration":1})")),
             Health::kInProgress, "HTTPRoute generation is 2, but its Accepted condition is of generation 1"},
        Case{"webhook_waiting_for_its_ca_is_in_progress", webhook(""), Health::kInProgress,
             "Webhook webhook.cert-manager.io has no CA yet (cert-manager's cainjector fills caBundle)"},
        Case{"webhook_with_its_ca_is_current", webhook(R"(,"caBundle":"LS0tLS1CRUdJTg==")"), Health::kCurrent,
             "Every webhook has its CA"},
        Case{"webhook_nobody_injects_is_current",
             R"({"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"x"},"webhooks":[{"name":"a.example.com","clientConfig":{"url":"https://a"}}]})",
             Health::kCurrent, "Resource is current"},
        Case{"crd_whose_conversion_webhook_waits_for_its_ca_is_in_progress",
             R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"annotations":{"cert-manager.io/inject-ca-from":"ns/cert"}},
               "spec":{"conversion":{"strategy":"Webhook","webhook":{"clientConfig":{"service":{"name":"conv","namespace":"ns"}}}}},
               "status":{"conditions":[{"type":"Established","status":"True"}]}})",
             Health::kInProgress, "CRD conversion webhook has no CA yet (cert-manager's cainjector fills caBundle)"},
        Case{"available_api_service_is_current",
             R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","status":{"conditions":[{"type":"Available","status":"True","reason":"Passed"}]}})",
             Health::kCurrent, "APIService is available"},
        Case{"unavailable_api_service_says_why",
             R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","status":{"conditions":[{"type":"Available","status":"False","reason":"MissingEndpoints","message":"endpoints for service/metrics-server have no addresses"}]}})",
             Health::kInProgress, "Not Available: MissingEndpoints: endpoints for service/metrics-server have no addresses"},
        Case{"job_past_its_failure_target_fails",
             R"({"apiVersion":"batch/v1","kind":"Job","status":{"failed":1,"startTime":"2026-12-08T00:00:00Z","conditions":[{"type":"FailureTarget","status":"True","reason":"DeadlineExceeded"}]}})",
             Health::kFailed, "Job Failed: DeadlineExceeded. failed: 1/1"},
        Case{"strange_listener_and_parent_shapes_do_not_crash",
             R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","spec":{"listeners":[7,{"name":null}]},
               "status":{"conditions":[{"type":"Accepted","status":"True"}],"listeners":[{"name":"?","conditions":"none"}]}})",
             Health::kInProgress, "Listener ? is not programmed yet"}),
    [](const auto& info) { return std::string(info.param.name); });

constexpr const char* kWaitingClaim =
    R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-postgres-0","namespace":"db"},
        "spec":{"storageClassName":"local-ssd"},"status":{"phase":"Pending"}})";

TEST(ClaimHealth, APendingClaimOfAClassThatBindsOnFirstUseIsCurrentOnlyWithThatKnown) {
  EXPECT_EQ(health_of(Json::parse(kWaitingClaim)).health, Health::kInProgress);
  HealthContext context;
  context.learn(Json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"local-ssd"},
                               "provisioner":"kubernetes.io/no-provisioner","volumeBindingMode":"WaitForFirstConsumer"})"));
  context.learn(Json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"fast"},"volumeBindingMode":"Immediate"})"));
  context.learn(Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"local-ssd"}})"));
  EXPECT_EQ(context.wait_for_first_consumer, std::set<std::string>{"local-ssd"});
  HealthReport r = health_of(Json::parse(kWaitingClaim), context);
  EXPECT_EQ(r.health, Health::kCurrent) << r.message;
  EXPECT_EQ(r.message, "PVC waits for its first consumer (StorageClass local-ssd binds on first use)");
  // Once the scheduler has picked a node, the claim is being bound: that is progress, not a wait.
  Json scheduled = Json::parse(kWaitingClaim);
  scheduled["metadata"]["annotations"]["volume.kubernetes.io/selected-node"] = "node-1";
  EXPECT_EQ(health_of(scheduled, context).health, Health::kInProgress);
}

}  // namespace
}  // namespace bg::apply
