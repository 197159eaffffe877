// The expose trait: each web UI by host name, always with TLS.
//
// One Ingress per UI host, class `nginx`, with spec.tls naming the host and a secret that
// cert-manager's ingress-shim fills (annotation cert-manager.io/cluster-issuer). With auth: basic,
// ingress-nginx asks for a password from the component's basic-auth Secret (key `auth`, created on
// first apply with a bcrypt htpasswd line; never rendered).
#include "render/context.h"

namespace bg::render {

void render_expose(const RenderContext& ctx, const platform::Component& c) {
  if (!c.ui || ctx.platform.gateway_api()) return;  // gateway-api: HTTPRoutes, gateway_routes.cc
  if (c.auth == spec::AuthMode::kSso) return;        // the Ingress leads to oauth2-proxy: sso.cc
  const platform::UiRoute& ui = *c.ui;
  Json annotations = {{"cert-manager.io/cluster-issuer", ctx.platform.issuer_name()}};
  if (c.auth == spec::AuthMode::kBasic) {
    annotations["nginx.ingress.kubernetes.io/auth-type"] = "basic";
    annotations["nginx.ingress.kubernetes.io/auth-secret"] = c.basic_auth_secret();
    annotations["nginx.ingress.kubernetes.io/auth-realm"] = "Authentication required: " + c.name;
  }
  if (ui.backend_https) annotations["nginx.ingress.kubernetes.io/backend-protocol"] = "HTTPS";
  add_body_size(annotations, c);
  Json m = meta(c.name, c.ns);
  m["annotations"] = annotations;
  Json path = {{"path", "/"},
               {"pathType", "Prefix"},
               {"backend", {{"service", {{"name", ui.service}, {"port", {{"number", ui.port}}}}}}}};
  Json rule = {{"host", ui.host}, {"http", {{"paths", Json::array({path})}}}};
  Json tls = {{"hosts", Json::array({ui.host})}, {"secretName", c.name + "-tls"}};
  ctx.add({{"apiVersion", "networking.k8s.io/v1"},
           {"kind", "Ingress"},
           {"metadata", m},
           {"spec", {{"ingressClassName", "nginx"}, {"tls", Json::array({tls})}, {"rules", Json::array({rule})}}}},
          &c, "expose");
}

}  // namespace bg::render
