// The secure trait: the certificate issuers behind every UI host.
//
// Both Let's Encrypt ClusterIssuers are rendered (so switching spec.tls.issuer never leaves a host
// without an issuer); the platform's hosts use the one spec.tls.issuer names. HTTP-01 is solved
// through the ingress class `nginx` via ingressClassName (the legacy `class` field is for
// ingress-gce), which needs port 80 on every public name. With the gateway-api backend the solver
// is a gatewayHTTPRoute on the platform Gateway's HTTP listener instead, which cert-manager serves
// only with Gateway API support on: its blueprint adds `--enable-gateway-api` in that mode.
#include "render/gateway.h"

namespace bg::render {

void render_issuers(const RenderContext& ctx, const platform::Component& c) {
  if (!c.provides("cert-issuer")) return;
  struct Acme {
    const char* name;
    const char* server;
  };
  for (Acme a : {Acme{"letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory"},
                 Acme{"letsencrypt-production", "https://acme-v02.api.letsencrypt.org/directory"}}) {
    Json solver = {{"http01", {{"ingress", {{"ingressClassName", "nginx"}}}}}};
    if (ctx.platform.gateway_api()) {
      // The solver's HTTPRoute attaches to the Gateway's plain-HTTP listener, in the Gateway's
      // namespace where the Certificates live (gateway.cc).
      solver = {{"http01", {{"gatewayHTTPRoute", {{"parentRefs", Json::array({gateway_parent("http")})}}}}}};
    }
    Json acme = {{"server", a.server},
                 {"privateKeySecretRef", {{"name", std::string(a.name) + "-account-key"}}},
                 {"solvers", Json::array({solver})}};
    if (!ctx.platform.email.empty()) acme["email"] = ctx.platform.email;
    ctx.add({{"apiVersion", "cert-manager.io/v1"}, {"kind", "ClusterIssuer"}, {"metadata", meta(a.name, "")},
             {"spec", {{"acme", acme}}}},
            &c, "secure");
  }
}

}  // namespace bg::render
