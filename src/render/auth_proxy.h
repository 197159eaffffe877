// The auth proxy: a small reverse proxy in front of a UI, for when the access layer itself cannot
// ask for credentials.
//
// ingress-nginx checks basic auth on its own (annotations, see expose.cc). Gateway API v1.6.1 has no
// standard authentication filter (ExternalAuth is experimental, and Cilium does not implement it),
// so with the gateway-api backend a UI with `auth: basic` is served through nginx (the unprivileged
// image, pinned) that checks the very same `<component>-basic-auth` Secret, bcrypt htpasswd line
// included. That proxy runs beside its UI, in the component's namespace, as `<component>-auth`; the
// route points at it, and the NetworkPolicies let only the proxy reach the UI's port. With
// `auth: sso` the proxy is oauth2-proxy, `<component>-sso`, beside Keycloak (sso.cc), on both
// backends alike.
#pragma once

#include <optional>
#include <string>

#include "render/context.h"

namespace bg::render {

inline constexpr const char* kBasicAuthProxyImage = "docker.io/nginxinc/nginx-unprivileged:1.29.5-alpine";
inline constexpr int kBasicAuthProxyPort = 8080;
inline constexpr const char* kOauth2ProxyImage = "quay.io/oauth2-proxy/oauth2-proxy:v7.15.6";
inline constexpr int kOauth2ProxyPort = 4180;

// Where a UI's traffic goes first when something other than the access layer checks who asks.
struct AuthProxy {
  std::string name;  // its Service and Deployment
  std::string ns;
  int port = 0;
  std::string guard;  // what it asks for, for annotations and docs
};

// The proxy in front of the UI of `c`, or nothing when the access layer serves the UI directly:
// `auth: basic` with gateway-api (nginx, here), `auth: sso` with either backend (oauth2-proxy, sso.cc).
std::optional<AuthProxy> auth_proxy(const platform::Platform& p, const platform::Component& c);

// Annotations for a route or Ingress whose backend is the proxy. check's ui-auth rule recognises
// auth filters and annotations, not proxies: the route says it is sensitive and silences the rule
// with the reason, so the silencing is always used and always explained.
Json proxied_route_annotations(const AuthProxy& proxy);

// A NetworkPolicy opening one direction for the pods named `pods` (app.kubernetes.io/name) in `ns`:
// type "Ingress" admits `peer_pods` of `peer_ns` on `port`, "Egress" lets them reach those pods.
Json one_way_policy(const std::string& name, const std::string& ns, const std::string& pods, const char* type,
                    const std::string& peer_ns, const std::string& peer_pods, int port);

// The proxy's ServiceAccount, ConfigMap, Deployment and Service, and the allow rules between it,
// the UI and the access layer (auth_proxy.cc).
void render_auth_proxy(const RenderContext& ctx, const platform::Component& c);

// SSO (sso.cc): for Keycloak, the Job that creates the realm and the OIDC client; for a UI with
// `auth: sso`, its oauth2-proxy beside Keycloak, the Ingress (ingress-nginx) or ReferenceGrant
// (gateway-api) that leads to it, and the allow rules along the way.
void render_sso(const RenderContext& ctx, const platform::Component& c);

}  // namespace bg::render
