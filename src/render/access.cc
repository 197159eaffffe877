// The access trait: what makes the ingress controller the platform's front door.
//
// The IngressClass `nginx`, the controller's own ConfigMap (snippet annotations stay off), the
// `tcp-services` ConfigMap that maps each public TCP port to "namespace/service:port", and the public
// Service carrying 80, 443 and every raw TCP port, bound to the ingress nodes' public addresses
// (bare metal has no load balancer; externalIPs let kube-proxy or Cilium take traffic arriving on
// those addresses). All three ingress-nginx TCP requirements — the flag (in the blueprint's args),
// the ConfigMap and the Service port — are derived from the same TcpRoutes, so they cannot disagree.
#include "render/context.h"

namespace bg::render {

static std::string controller_service_name(const platform::Component& c) { return c.name + "-controller"; }

void render_access(const RenderContext& ctx, const platform::Component& c) {
  if (!c.provides("ingress-controller")) return;
  const platform::Platform& p = ctx.platform;

  ctx.add({{"apiVersion", "networking.k8s.io/v1"}, {"kind", "IngressClass"}, {"metadata", meta("nginx", "")},
           {"spec", {{"controller", "k8s.io/ingress-nginx"}}}},
          &c, "access");

  ctx.add({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", meta(controller_service_name(c), c.ns)},
           {"data", {{"allow-snippet-annotations", "false"}, {"annotations-risk-level", "High"}}}},
          &c, "access");

  Json tcp = Json::object();
  Json ports = Json::array({{{"name", "http"}, {"port", 80}, {"targetPort", "http"}, {"protocol", "TCP"}},
                            {{"name", "https"}, {"port", 443}, {"targetPort", "https"}, {"protocol", "TCP"}}});
  for (const platform::Component& other : p.components) {
    for (const platform::TcpRoute& r : other.tcp) {
      std::string port = std::to_string(r.public_port);
      tcp[port] = other.ns + "/" + other.name + ":" + std::to_string(r.port);
      ports.push_back({{"name", "proxied-tcp-" + port}, {"port", r.public_port}, {"targetPort", r.public_port},
                       {"protocol", "TCP"}});
    }
  }
  ctx.add({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", meta("tcp-services", c.ns)}, {"data", tcp}},
          &c, "access");

  Json spec = {{"type", "ClusterIP"}, {"selector", selector_labels(c.name)}, {"ports", ports}};
  if (!p.ingress_addresses.empty()) spec["externalIPs"] = p.ingress_addresses;
  ctx.add({{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta(controller_service_name(c), c.ns)},
           {"spec", spec}},
          &c, "access");
}

}  // namespace bg::render
