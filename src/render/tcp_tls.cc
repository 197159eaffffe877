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
//
// The superuser's client certificate (tcpTls.adminClientCert): the access layer's proxy connects
// from the pod network, so once the port is public, no address tells the platform's provisioning
// Jobs from a client on the internet. A CA of the component's own, made by cert-manager in its
// namespace (a self-signed Issuer makes the CA's Certificate, a CA Issuer signs with it), signs
// one client certificate for the superuser's name, which only the Jobs in that namespace mount;
// the server trusts that CA alone for client certificates (catalog/postgres.yaml's pg_hba: the
// superuser over TCP only with it). Not the platform's ClusterIssuer: a public CA signs server
// names, and anyone can get a certificate from it.
#include "platform/dns.h"
#include "render/gateway.h"

namespace bg::render {

bool needs_tcp_certificate(const platform::Platform& p, const platform::Component& c) {
  return c.blueprint->tcp_tls && !c.tcp.empty() && p.provider("cert-issuer");
}

std::string tcp_certificate_secret(const platform::Component& c) { return c.name + "-tls"; }

const catalog::AdminClientCertDef* admin_client_cert(const platform::Platform& p, const platform::Component& c) {
  if (!needs_tcp_certificate(p, c) || !c.blueprint->tcp_tls->admin_client_cert) return nullptr;
  return &*c.blueprint->tcp_tls->admin_client_cert;
}

std::string client_ca_secret(const platform::Component& c) { return c.name + "-client-ca"; }
std::string admin_client_secret(const platform::Component& c) { return c.name + "-admin-client"; }

namespace {

Json issuer(const std::string& name, const std::string& ns, Json spec) {
  return {{"apiVersion", "cert-manager.io/v1"}, {"kind", "Issuer"}, {"metadata", meta(name, ns)}, {"spec", std::move(spec)}};
}

Json local_issuer_ref(const std::string& name) {
  return {{"group", "cert-manager.io"}, {"kind", "Issuer"}, {"name", name}};
}

void render_admin_client_cert(const RenderContext& ctx, const platform::Component& c, const catalog::AdminClientCertDef& a) {
  const std::string root = c.name + "-client-ca-root", ca = client_ca_secret(c);
  ctx.add(issuer(root, c.ns, {{"selfSigned", Json::object()}}), &c, "secure");
  ctx.add({{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"}, {"metadata", meta(ca, c.ns)},
           {"spec", {{"isCA", true},
                     {"commonName", c.name + " client CA"},
                     {"secretName", ca},
                     {"duration", "87600h"},  // ten years: renewing the CA renews every client's trust at once
                     {"privateKey", {{"algorithm", "ECDSA"}, {"size", 256}}},
                     {"issuerRef", local_issuer_ref(root)}}}},
          &c, "secure");
  ctx.add(issuer(ca, c.ns, {{"ca", {{"secretName", ca}}}}), &c, "secure");
  ctx.add({{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"}, {"metadata", meta(admin_client_secret(c), c.ns)},
           {"spec", {{"commonName", a.common_name},
                     {"secretName", admin_client_secret(c)},
                     {"usages", Json::array({"client auth", "digital signature"})},
                     {"privateKey", {{"algorithm", "ECDSA"}, {"size", 256}}},
                     {"issuerRef", local_issuer_ref(ca)}}}},
          &c, "secure");
}

}  // namespace

void render_tcp_tls(const RenderContext& ctx, const platform::Component& c) {
  const platform::Platform& p = ctx.platform;
  if (!needs_tcp_certificate(p, c)) return;
  ctx.add({{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"}, {"metadata", meta(tcp_certificate_secret(c), c.ns)},
           {"spec", {{"secretName", tcp_certificate_secret(c)},
                     {"dnsNames", Json::array({platform::tcp_entry_host(p)})},
                     {"issuerRef", {{"group", "cert-manager.io"}, {"kind", "ClusterIssuer"}, {"name", p.issuer_name()}}}}}},
          &c, "secure");
  if (const catalog::AdminClientCertDef* a = admin_client_cert(p, c)) render_admin_client_cert(ctx, c, *a);
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
