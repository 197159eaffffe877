// The tcpTls trait: TLS on a component's raw TCP ports (blueprint `tcpTls`, context.h).
//
// A cert-manager Certificate `<component>-tls` in the component's namespace, where its pod mounts
// the Secret (workload.cc), for the raw TCP entry's name, tcp.<domain>, from the platform's
// ClusterIssuer. Only that public name: Let's Encrypt issues for names of the public DNS only and
// refuses an order naming postgres.db.svc, so the cluster-internal Service names cannot be in it.
// Clients outside verify the name (sslmode=verify-full with host tcp.<domain>); clients inside the
// cluster may encrypt without verifying it (sslmode=require) or not encrypt (the pod network is
// trusted by pg_hba, catalog/postgres.yaml). HTTP-01 for tcp.<domain> is answered like a UI
// host's: through the access layer on port 80 (the name points at the ingress nodes), by solver
// pods in the component's namespace, whose paths isolate.cc (ingress-nginx) and this file
// (gateway-api, with the HTTP listener admitting the namespace's solver route: gateway.cc) open.
#include "platform/dns.h"
#include "render/gateway.h"

namespace bg::render {

bool needs_tcp_certificate(const platform::Platform& p, const platform::Component& c) {
  return c.blueprint->tcp_tls && !c.tcp.empty() && p.provider("cert-issuer");
}

std::string tcp_certificate_secret(const platform::Component& c) { return c.name + "-tls"; }

void render_tcp_tls(const RenderContext& ctx, const platform::Component& c) {
  const platform::Platform& p = ctx.platform;
  if (!needs_tcp_certificate(p, c)) return;
  ctx.add({{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"}, {"metadata", meta(tcp_certificate_secret(c), c.ns)},
           {"spec", {{"secretName", tcp_certificate_secret(c)},
                     {"dnsNames", Json::array({platform::tcp_entry_host(p)})},
                     {"issuerRef", {{"group", "cert-manager.io"}, {"kind", "ClusterIssuer"}, {"name", p.issuer_name()}}}}}},
          &c, "secure");
  if (!p.gateway_api()) return;
  // One policy per namespace: the first component of it that has a certificate renders it.
  for (const platform::Component& other : p.components) {
    if (other.ns != c.ns || !needs_tcp_certificate(p, other)) continue;
    if (&other == &c)
      ctx.add(from_gateway_policy("acme-http01-solver-from-gateway", c.ns, {{"acme.cert-manager.io/http01-solver", "true"}},
                                  {kAcmeHttp01SolverPort}),
              &c, "isolate");
    break;
  }
}

}  // namespace bg::render
