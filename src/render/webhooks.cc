// The webhooks trait: the ValidatingWebhookConfiguration and MutatingWebhookConfiguration of a
// component that serves admission webhooks (its blueprint's `admissionWebhooks`).
//
// Both point at the component's own Service on its webhook port and carry
// `cert-manager.io/inject-ca-from-secret`, so cert-manager's cainjector fills in the CA that the
// webhook created in its Secret; until it has, the API server cannot call the webhook, and with
// failurePolicy Fail it refuses the resources the webhook guards rather than storing unchecked
// ones. The path from the API server to the webhook port is the isolate trait's
// (`<component>-from-apiserver`).
#include "render/context.h"

namespace bg::render {
namespace {

Json webhooks(const std::vector<catalog::WebhookDef>& defs, const platform::Component& c, int port) {
  Json out = Json::array();
  for (const catalog::WebhookDef& d : defs) {
    Json w = {{"name", d.name},
              {"admissionReviewVersions", Json::array({"v1"})},
              {"clientConfig", {{"service", {{"name", c.name}, {"namespace", c.ns}, {"path", d.path}, {"port", port}}}}},
              {"failurePolicy", "Fail"},
              {"matchPolicy", "Equivalent"},
              {"sideEffects", "None"},
              {"timeoutSeconds", 30},
              {"rules", d.rules}};
    if (!d.namespace_selector.empty()) w["namespaceSelector"] = d.namespace_selector;
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

int webhook_port(const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  if (!bp.admission) return 0;
  const catalog::PortDef* p = bp.find_port(bp.admission->port);
  return p ? p->port : 0;
}

void render_webhooks(const RenderContext& ctx, const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  if (!bp.admission) return;
  const catalog::AdmissionDef& a = *bp.admission;
  Json m = meta(c.name, "");
  m["annotations"] = {{"cert-manager.io/inject-ca-from-secret", c.ns + "/" + expand(a.ca_secret, ctx.platform, c)}};
  int port = webhook_port(c);
  if (!a.validating.empty())
    ctx.add({{"apiVersion", "admissionregistration.k8s.io/v1"}, {"kind", "ValidatingWebhookConfiguration"},
             {"metadata", m}, {"webhooks", webhooks(a.validating, c, port)}},
            &c, "webhooks");
  if (!a.mutating.empty())
    ctx.add({{"apiVersion", "admissionregistration.k8s.io/v1"}, {"kind", "MutatingWebhookConfiguration"},
             {"metadata", m}, {"webhooks", webhooks(a.mutating, c, port)}},
            &c, "webhooks");
}

}  // namespace bg::render
