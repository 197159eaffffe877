// cert-manager's webhook and CA injector, its Gateway API flag, and Argo's workflow pods under
// default-deny: the objects the webhooks and isolate traits derive from blueprint data.
#include <gtest/gtest.h>

#include <algorithm>

#include "check/finding.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

using manifest::Json;

const pipeline::PipelineResult& example(bool gateway) {
  static const pipeline::PipelineResult nginx = pipeline::run_text(testing::example_spec(), "p.yaml");
  static const pipeline::PipelineResult gw = pipeline::run_text(testing::gateway_example_spec(), "p.yaml");
  return gateway ? gw : nginx;
}

const Json& object(bool gateway, const std::string& group, const std::string& kind, const std::string& ns,
                   const std::string& name) {
  const manifest::Object* o = example(gateway).objects.find({group, kind}, ns, name);
  if (!o) {
    static const Json null;
    ADD_FAILURE() << "missing " << group << "/" << kind << " " << ns << "/" << name;
    return null;
  }
  return o->body;
}

Json exists(const char* label) { return {{"matchExpressions", Json::array({{{"key", label}, {"operator", "Exists"}}})}}; }

const Json kControlPlane = Json::array({{{"ipBlock", {{"cidr", "203.0.113.10/32"}}}}, {{"ipBlock", {{"cidr", "10.77.0.1/32"}}}}});

TEST(Webhooks, BothConfigurationsCallTheWebhookServiceWithTheInjectedCa) {
  for (const char* kind : {"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}) {
    const Json& w = object(false, "admissionregistration.k8s.io", kind, "", "cert-manager-webhook");
    EXPECT_EQ(w["metadata"]["annotations"]["cert-manager.io/inject-ca-from-secret"], "cert-manager/cert-manager-webhook-ca");
    ASSERT_EQ(w["webhooks"].size(), 1u) << kind;
    const Json& hook = w["webhooks"][0];
    EXPECT_EQ(hook["name"], "webhook.cert-manager.io");
    EXPECT_EQ(hook["clientConfig"]["service"],
              Json({{"name", "cert-manager-webhook"}, {"namespace", "cert-manager"},
                    {"path", std::string(kind).front() == 'V' ? "/validate" : "/mutate"}, {"port", 10250}}));
    EXPECT_EQ(hook["failurePolicy"], "Fail");
    EXPECT_EQ(hook["sideEffects"], "None");
  }
}

TEST(Webhooks, TheWebhookServesOnItsDynamicCaAndIsProbedOnItsHealthPort) {
  const Json& k = object(false, "apps", "Deployment", "cert-manager", "cert-manager-webhook")["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(k["image"], "quay.io/jetstack/cert-manager-webhook:v1.21.1");
  const Json& args = k["args"];
  for (const char* a : {"--secure-port=10250", "--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)",
                        "--dynamic-serving-ca-secret-name=cert-manager-webhook-ca",
                        "--dynamic-serving-dns-names=cert-manager-webhook.$(POD_NAMESPACE).svc"})
    EXPECT_NE(std::find(args.begin(), args.end(), a), args.end()) << a;
  EXPECT_EQ(k["livenessProbe"]["httpGet"], Json({{"path", "/livez"}, {"port", "healthcheck"}}));
  EXPECT_EQ(k["readinessProbe"]["httpGet"], Json({{"path", "/healthz"}, {"port", "healthcheck"}}));
  EXPECT_EQ(k["securityContext"]["runAsNonRoot"], true);
}

TEST(Webhooks, TheCaInjectorMayUpdateOnlyWebhookConfigurations) {
  const Json& role = object(false, "rbac.authorization.k8s.io", "ClusterRole", "", "cert-manager-cainjector");
  ASSERT_EQ(role["rules"].size(), 1u);
  EXPECT_EQ(role["rules"][0]["resources"], Json::array({"validatingwebhookconfigurations", "mutatingwebhookconfigurations"}));
  const Json& args = object(false, "apps", "Deployment", "cert-manager", "cert-manager-cainjector")["spec"]["template"]["spec"]["containers"][0]["args"];
  EXPECT_NE(std::find(args.begin(), args.end(), "--namespace=$(POD_NAMESPACE)"), args.end());
}

TEST(Webhooks, OnlyTheApiServerReachesTheWebhookPort) {
  const Json& pol = object(false, "networking.k8s.io", "NetworkPolicy", "cert-manager", "cert-manager-webhook-from-apiserver");
  EXPECT_EQ(pol["spec"]["podSelector"], Json({{"matchLabels", {{"app.kubernetes.io/name", "cert-manager-webhook"}}}}));
  EXPECT_EQ(pol["spec"]["ingress"],
            Json::array({{{"from", kControlPlane}, {"ports", Json::array({{{"protocol", "TCP"}, {"port", 10250}}})}}}));
  EXPECT_EQ(example(false).objects.find({"cilium.io", "CiliumNetworkPolicy"}, "cert-manager", "cert-manager-webhook-from-kube-apiserver"),
            nullptr);
  // On Cilium's Gateway API backend the API server is also admitted as Cilium's kube-apiserver entity.
  const Json& cnp = object(true, "cilium.io", "CiliumNetworkPolicy", "cert-manager", "cert-manager-webhook-from-kube-apiserver");
  EXPECT_EQ(cnp["spec"]["ingress"][0]["fromEntities"], Json::array({"kube-apiserver"}));
  EXPECT_EQ(cnp["spec"]["ingress"][0]["toPorts"][0]["ports"][0]["port"], "10250");
}

TEST(Webhooks, CertManagerRunsWithGatewayApiSupportOnlyOnTheGatewayBackend) {
  auto args = [](bool gateway) {
    return object(gateway, "apps", "Deployment", "cert-manager", "cert-manager")["spec"]["template"]["spec"]["containers"][0]["args"];
  };
  Json with = args(true), without = args(false);
  EXPECT_NE(std::find(with.begin(), with.end(), "--enable-gateway-api"), with.end());
  EXPECT_EQ(std::find(without.begin(), without.end(), "--enable-gateway-api"), without.end());
}

TEST(Webhooks, ArgoWorkflowPodsGetExactlyMinioS3AndTheApiServer) {
  const Json pods = exists("workflows.argoproj.io/workflow");
  const Json& api = object(false, "networking.k8s.io", "NetworkPolicy", "automation", "argo-workflows-pods-to-apiserver");
  EXPECT_EQ(api["spec"], Json({{"podSelector", pods}, {"policyTypes", Json::array({"Egress"})},
                               {"egress", Json::array({{{"ports", Json::array({{{"protocol", "TCP"}, {"port", 443}},
                                                                                {{"protocol", "TCP"}, {"port", 6443}}})},
                                                        {"to", kControlPlane}}})}}));
  const Json s3 = Json::array({{{"protocol", "TCP"}, {"port", 9000}}});
  const Json& out = object(false, "networking.k8s.io", "NetworkPolicy", "automation", "argo-workflows-pods-to-minio");
  EXPECT_EQ(out["spec"], Json({{"podSelector", pods}, {"policyTypes", Json::array({"Egress"})},
                               {"egress", Json::array({{{"to", Json::array({{{"namespaceSelector", {{"matchLabels", {{"kubernetes.io/metadata.name", "objectstore"}}}}},
                                                                              {"podSelector", {{"matchLabels", {{"app.kubernetes.io/name", "minio"}}}}}}})},
                                                        {"ports", s3}}})}}));
  const Json& in = object(false, "networking.k8s.io", "NetworkPolicy", "objectstore", "minio-from-argo-workflows-pods");
  EXPECT_EQ(in["spec"], Json({{"podSelector", {{"matchLabels", {{"app.kubernetes.io/name", "minio"}}}}},
                              {"policyTypes", Json::array({"Ingress"})},
                              {"ingress", Json::array({{{"from", Json::array({{{"namespaceSelector", {{"matchLabels", {{"kubernetes.io/metadata.name", "automation"}}}}},
                                                                               {"podSelector", pods}}})},
                                                        {"ports", s3}}})}}));
  // Nothing else names the workflow pods.
  std::size_t n = 0;
  for (const manifest::Object& o : example(false).objects.objects())
    n += o.body.dump().find("workflows.argoproj.io/workflow") != std::string::npos;
  EXPECT_EQ(n, 3u);
}

TEST(Webhooks, AskingForAPartWithoutItsWholeIsALocatedError) {
  std::string text = testing::with_disabled(testing::example_spec(), {"cert-manager"}) + "    cert-manager-webhook: {enabled: true}\n";
  pipeline::PipelineResult r = pipeline::run_text(text, "p.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(render_diagnostics(r.diagnostics, r.sources, false).find("\"cert-manager-webhook\" is part of \"cert-manager\", which is not enabled"),
            std::string::npos);
}

}  // namespace
}  // namespace bg::render
