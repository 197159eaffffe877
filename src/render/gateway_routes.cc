// The per-component half of the Gateway API access layer (see gateway.h): an HTTPRoute for the UI
// host, a TCPRoute (gateway.networking.k8s.io/v1, standard since v1.5) per raw TCP port, and the
// CiliumNetworkPolicy that lets the Gateway's Envoy reach exactly those ports. Routes sit in the
// component's namespace, next to the Service they name; the one backend elsewhere is an SSO UI's
// oauth2-proxy beside Keycloak, which sso.cc grants with a ReferenceGrant.
#include <set>

#include "render/auth_proxy.h"
#include "render/gateway.h"

namespace bg::render {

void render_gateway_routes(const RenderContext& ctx, const platform::Component& c) {
  const platform::Platform& p = ctx.platform;
  if (!p.gateway_api()) return;
  std::set<int> direct;  // ports of the component itself that Envoy forwards to

  if (c.ui) {
    std::optional<AuthProxy> proxy = auth_proxy(p, c);
    Json m = meta(c.name, c.ns);
    Json backend = {{"name", c.ui->service}, {"port", c.ui->port}};
    if (proxy) {
      m["annotations"] = proxied_route_annotations(*proxy);
      backend = {{"name", proxy->name}, {"port", proxy->port}};
      if (proxy->ns != c.ns) backend["namespace"] = proxy->ns;  // sso.cc grants it
    } else {
      direct.insert(c.ui->port);
    }
    Json rule = {{"matches", Json::array({{{"path", {{"type", "PathPrefix"}, {"value", "/"}}}}})},
                 {"backendRefs", Json::array({backend})}};
    ctx.add({{"apiVersion", "gateway.networking.k8s.io/v1"}, {"kind", "HTTPRoute"}, {"metadata", m},
             {"spec", {{"parentRefs", Json::array({gateway_parent(https_listener(c))})},
                       {"hostnames", Json::array({c.ui->host})},
                       {"rules", Json::array({rule})}}}},
            &c, "expose");
  }

  for (const platform::TcpRoute& r : c.tcp) {
    direct.insert(r.port);
    ctx.add({{"apiVersion", "gateway.networking.k8s.io/v1"}, {"kind", "TCPRoute"},
             {"metadata", meta(c.name + "-" + r.port_name, c.ns)},
             {"spec", {{"parentRefs", Json::array({gateway_parent(tcp_listener(r))})},
                       {"rules", Json::array({{{"backendRefs", Json::array({{{"name", c.name}, {"port", r.port}}})}}})}}}},
            &c, "expose");
  }

  if (!direct.empty())
    ctx.add(from_gateway_policy(c.name + "-from-gateway", c.ns, selector_labels(c.name), {direct.begin(), direct.end()}),
            &c, "isolate");
}

}  // namespace bg::render
