// The platform-wide half of the Gateway API access layer (see gateway.h): the `gateway` namespace,
// the GatewayClass, the Gateway with its listeners, a Certificate per UI host, the plain-HTTP
// redirect to HTTPS, and the path from Envoy to cert-manager's HTTP-01 solver pods.
#include "render/gateway.h"

#include <algorithm>

namespace bg::render {

std::string https_listener(const platform::Component& c) { return "https-" + c.name; }
std::string tcp_listener(const platform::TcpRoute& r) { return "tcp-" + std::to_string(r.public_port); }

Json gateway_parent(const std::string& section) {
  return {{"group", kGatewayApiGroup}, {"kind", "Gateway"}, {"namespace", kGatewayNamespace},
          {"name", kGatewayName},      {"sectionName", section}};
}

Json from_gateway_policy(const std::string& name, const std::string& ns, const Json& pod_labels,
                         const std::vector<int>& ports) {
  return from_entity_policy(name, ns, pod_labels, "ingress", ports);
}

Json from_entity_policy(const std::string& name, const std::string& ns, const Json& pod_labels, const char* entity,
                        const std::vector<int>& ports) {
  Json to_ports = Json::array();
  for (int p : ports) to_ports.push_back({{"port", std::to_string(p)}, {"protocol", "TCP"}});
  return {{"apiVersion", "cilium.io/v2"},
          {"kind", "CiliumNetworkPolicy"},
          {"metadata", meta(name, ns)},
          {"spec",
           {{"endpointSelector", {{"matchLabels", pod_labels}}},
            {"ingress", Json::array({{{"fromEntities", Json::array({entity})},
                                      {"toPorts", Json::array({{{"ports", to_ports}}})}}})}}}};
}

namespace {

// Routes from the namespace `ns` only: a listener for one host admits that host's route only.
Json allowed_from(const std::string& ns, const char* kind) {
  return {{"namespaces", {{"from", "Selector"},
                          {"selector", {{"matchLabels", {{"kubernetes.io/metadata.name", ns}}}}}}},
          {"kinds", Json::array({{{"group", kGatewayApiGroup}, {"kind", kind}}})}};
}

// The gateway namespace runs no workload of ours, but cert-manager starts its HTTP-01 solver pods
// there (the Certificates live beside the Gateway), so it is isolated like every other namespace.
void render_namespace(const RenderContext& ctx) {
  Json labels = {{"kubernetes.io/metadata.name", kGatewayNamespace}};
  for (const char* mode : {"enforce", "audit", "warn"}) {
    labels[std::string("pod-security.kubernetes.io/") + mode] = "restricted";
    labels[std::string("pod-security.kubernetes.io/") + mode + "-version"] = "v1.32";
  }
  Json m = meta(kGatewayNamespace, "");
  m["labels"] = labels;
  ctx.add({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", m}}, nullptr, "gateway");
  ctx.add({{"apiVersion", "networking.k8s.io/v1"}, {"kind", "NetworkPolicy"},
           {"metadata", meta("default-deny", kGatewayNamespace)},
           {"spec", {{"podSelector", Json::object()}, {"policyTypes", Json::array({"Ingress", "Egress"})}}}},
          nullptr, "gateway");
  ctx.add(from_gateway_policy("acme-http01-solver-from-gateway", kGatewayNamespace,
                              {{"acme.cert-manager.io/http01-solver", "true"}}, {kAcmeHttp01SolverPort}),
          nullptr, "gateway");
}

}  // namespace

void render_gateway(const RenderContext& ctx) {
  const platform::Platform& p = ctx.platform;
  if (!p.gateway_api()) return;
  render_namespace(ctx);

  ctx.add({{"apiVersion", "gateway.networking.k8s.io/v1"}, {"kind", "GatewayClass"}, {"metadata", meta(kGatewayClass, "")},
           {"spec", {{"controllerName", kGatewayController}}}},
          nullptr, "gateway");

  // Port 80 carries only ACME challenges (cert-manager's solver routes, created in the namespace of
  // the Certificate: this one for UI hosts, a component's own for a raw TCP port's, tcp_tls.cc)
  // and the redirect to HTTPS below.
  Json solver_namespaces = Json::array({kGatewayNamespace});
  for (const platform::Component& c : p.components)
    if (needs_tcp_certificate(p, c) && std::find(solver_namespaces.begin(), solver_namespaces.end(), c.ns) == solver_namespaces.end())
      solver_namespaces.push_back(c.ns);
  Json http_routes = {{"namespaces", {{"from", "Same"}}}};
  if (solver_namespaces.size() > 1)
    http_routes = {{"namespaces", {{"from", "Selector"},
                                   {"selector", {{"matchExpressions", Json::array({{{"key", "kubernetes.io/metadata.name"},
                                                                                     {"operator", "In"},
                                                                                     {"values", solver_namespaces}}})}}}}}};
  Json listeners = Json::array({{{"name", "http"}, {"protocol", "HTTP"}, {"port", 80}, {"allowedRoutes", http_routes}}});
  Json redirect_hosts = Json::array();
  for (const platform::Component& c : p.components) {
    if (!c.ui) continue;
    std::string secret = c.name + "-tls";
    listeners.push_back({{"name", https_listener(c)}, {"protocol", "HTTPS"}, {"port", 443}, {"hostname", c.ui->host},
                         {"tls", {{"mode", "Terminate"}, {"certificateRefs", Json::array({{{"kind", "Secret"}, {"name", secret}}})}}},
                         {"allowedRoutes", allowed_from(c.ns, "HTTPRoute")}});
    redirect_hosts.push_back(c.ui->host);
    ctx.add({{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"}, {"metadata", meta(secret, kGatewayNamespace)},
             {"spec", {{"secretName", secret}, {"dnsNames", Json::array({c.ui->host})},
                       {"issuerRef", {{"group", "cert-manager.io"}, {"kind", "ClusterIssuer"}, {"name", p.issuer_name()}}}}}},
            &c, "gateway");
  }
  for (const platform::Component& c : p.components)
    for (const platform::TcpRoute& r : c.tcp)
      listeners.push_back({{"name", tcp_listener(r)}, {"protocol", "TCP"}, {"port", r.public_port},
                           {"allowedRoutes", allowed_from(c.ns, "TCPRoute")}});
  ctx.add({{"apiVersion", "gateway.networking.k8s.io/v1"}, {"kind", "Gateway"}, {"metadata", meta(kGatewayName, kGatewayNamespace)},
           {"spec", {{"gatewayClassName", kGatewayClass}, {"listeners", listeners}}}},
          nullptr, "gateway");

  if (redirect_hosts.empty()) return;
  // Plain HTTP answers with a redirect; the solver's exact-path routes win over this prefix match.
  Json rule = {{"filters", Json::array({{{"type", "RequestRedirect"},
                                         {"requestRedirect", {{"scheme", "https"}, {"statusCode", 301}}}}})}};
  ctx.add({{"apiVersion", "gateway.networking.k8s.io/v1"}, {"kind", "HTTPRoute"},
           {"metadata", meta("http-to-https", kGatewayNamespace)},
           {"spec", {{"parentRefs", Json::array({gateway_parent("http")})}, {"hostnames", redirect_hosts},
                     {"rules", Json::array({rule})}}}},
          nullptr, "gateway");
}

}  // namespace bg::render
