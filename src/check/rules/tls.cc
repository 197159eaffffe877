// tls-required: every host is served over TLS, with a certificate that something provides.
//
// Inside one object: every Ingress rule host is listed in spec.tls with a secretName, and every
// HTTPS or TLS Gateway listener names a certificate. Across the set: the certificate's Secret is
// filled by cert-manager (an issuer annotation, whose ClusterIssuer or Issuer exists when the set
// defines any) or is itself in the set (a Secret, or a cert-manager Certificate that writes it); and
// a route's host name reaches at least one HTTPS listener of the Gateways it attaches to.
#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

// "*.example.com" covers "a.example.com" (one label), as TLS and Kubernetes match wildcards.
bool host_matches(std::string_view pattern, std::string_view host) {
  if (pattern == host) return true;
  if (pattern.substr(0, 2) != "*.") return false;
  std::size_t dot = host.find('.');
  return dot != std::string_view::npos && host.substr(dot) == pattern.substr(1);
}

void ingress_tls(const ObjectContext& c, Out& out) {
  const Value* spec = c.subject.spec();
  std::vector<std::string_view> covered;
  const Value* tls = field(spec, "tls");
  if (is_array(tls)) {
    for (std::size_t j = 0; j < tls->items.size(); ++j) {
      const Value& entry = tls->items[j];
      if (str(field(entry, "secretName")).empty())
        out.add("tls-required", {"spec", "tls", std::to_string(j)},
                "spec.tls[" + std::to_string(j) + "] has no secretName, so the controller's default certificate is served",
                "name the Secret that holds the certificate; cert-manager fills it when the Ingress has a "
                "cert-manager.io/cluster-issuer annotation");
      const Value* hosts = field(entry, "hosts");
      if (is_array(hosts))
        for (const Value& h : hosts->items) covered.push_back(str(&h));
    }
  }
  const Value* rules = field(spec, "rules");
  if (!is_array(rules)) return;
  for (std::size_t i = 0; i < rules->items.size(); ++i) {
    std::string_view host = str(field(rules->items[i], "host"));
    if (host.empty()) continue;
    bool ok = false;
    for (std::string_view h : covered) ok = ok || host_matches(h, host);
    if (!ok)
      out.add("tls-required", {"spec", "rules", std::to_string(i), "host"},
              "host \"" + std::string(host) + "\" is served without TLS: no spec.tls entry lists it",
              "add it to spec.tls[].hosts with a secretName, and let cert-manager issue the certificate "
              "(annotation cert-manager.io/cluster-issuer)");
  }
}

void gateway(const ObjectContext& c, Out& out) {
  const Value* listeners = field(c.subject.spec(), "listeners");
  if (!is_array(listeners)) return;
  for (std::size_t i = 0; i < listeners->items.size(); ++i) {
    const Value& l = listeners->items[i];
    std::string_view protocol = str(field(l, "protocol"));
    if (protocol != "HTTPS" && protocol != "TLS") continue;
    if (str(dig(&l, {"tls", "mode"})) == "Passthrough") continue;  // the backend terminates TLS
    const Value* refs = dig(&l, {"tls", "certificateRefs"});
    if (!items(refs).empty()) continue;
    out.add("tls-required", {"spec", "listeners", std::to_string(i)},
            "listener \"" + std::string(str(field(l, "name"))) + "\" (" + std::string(protocol) +
                ") names no certificate in tls.certificateRefs",
            "reference the Secret holding the certificate; cert-manager fills it when the Gateway has a "
            "cert-manager.io/cluster-issuer annotation");
  }
}

}  // namespace

void tls_hosts(const ObjectContext& c, Out& out) {
  const Subject& s = c.subject;
  if ((s.id.group() == "networking.k8s.io" || s.id.group() == "extensions") && s.kind() == "Ingress") ingress_tls(c, out);
  if (s.id.group() == "gateway.networking.k8s.io" && s.kind() == "Gateway") gateway(c, out);
}

void collect_tls(const ObjectContext& ctx, Inventory& inv) {
  const Subject& s = ctx.subject;
  const std::string& kind = s.kind();
  const std::string_view group = s.id.group();
  const std::string& ns = s.ns();
  const Value* spec = s.spec();

  // What provides certificates: Secrets, the Secrets cert-manager Certificates write, issuers.
  if (group.empty() && kind == "Secret") {
    inv.secrets.insert(ns_name(ns, s.name()));
  } else if (group == "cert-manager.io" && kind == "Certificate") {
    std::string_view secret = str(field(spec, "secretName"));
    if (!secret.empty()) inv.secrets.insert(ns_name(ns, secret));
  } else if (group == "cert-manager.io" && kind == "ClusterIssuer") {
    inv.cluster_issuers.insert(s.name());
    inv.any_cluster_issuer = true;
  } else if (group == "cert-manager.io" && kind == "Issuer") {
    inv.issuers.insert(ns_name(ns, s.name()));
    inv.any_issuer = true;
  }

  // Certificates behind TLS: an issuer annotation, or a Secret that must be in the set.
  const bool ingress = (group == "networking.k8s.io" || group == "extensions") && kind == "Ingress";
  const bool gateway = group == "gateway.networking.k8s.io" && kind == "Gateway";
  if (ingress || gateway) {
    const Value* ann = s.annotations();
    bool issued = false;
    for (const char* a : {"cert-manager.io/cluster-issuer", "cert-manager.io/issuer"}) {
      std::string_view issuer = str(field(ann, a));
      if (issuer.empty()) continue;
      issued = true;
      bool cluster = std::string_view(a) == "cert-manager.io/cluster-issuer";
      inv.issuer_refs.push_back({inv.at(s, {"metadata", "annotations", a}), cluster, ns, std::string(issuer)});
    }
    issued = issued || str(field(ann, "kubernetes.io/tls-acme")) == "true";
    if (ingress && !issued) {
      const Value* tls = field(spec, "tls");
      if (is_array(tls))
        for (std::size_t i = 0; i < tls->items.size(); ++i) {
          std::string_view secret = str(field(tls->items[i], "secretName"));
          if (!secret.empty())
            inv.tls_needs.push_back({inv.at(s, {"spec", "tls", std::to_string(i), "secretName"}), ns, std::string(secret)});
        }
    }
    if (gateway) {
      GatewayFact g{ns, s.name(), {}};
      const Value* listeners = field(spec, "listeners");
      if (is_array(listeners)) {
        for (std::size_t i = 0; i < listeners->items.size(); ++i) {
          const Value& l = listeners->items[i];
          g.listeners.push_back({std::string(str(field(l, "name"))), std::string(str(field(l, "protocol"))),
                                 std::string(str(field(l, "hostname")))});
          const Value* refs = dig(&l, {"tls", "certificateRefs"});
          if (issued || !is_array(refs)) continue;
          for (std::size_t j = 0; j < refs->items.size(); ++j) {
            const Value& r = refs->items[j];
            std::string_view rkind = str(field(r, "kind"));
            if (!rkind.empty() && rkind != "Secret") continue;
            std::string_view rns = str(field(r, "namespace"));
            inv.tls_needs.push_back({inv.at(s, {"spec", "listeners", std::to_string(i), "tls", "certificateRefs",
                                                std::to_string(j), "name"}),
                                     rns.empty() ? ns : std::string(rns), std::string(str(field(r, "name")))});
          }
        }
      }
      inv.gateways.push_back(std::move(g));
    }
  }

  // A route's host names, the Gateways it attaches to, and whether it sends plain HTTP to https.
  const Value* hosts = field(spec, "hostnames");
  if (group == "gateway.networking.k8s.io" && is_array(hosts) &&
      (kind == "HTTPRoute" || kind == "GRPCRoute" || kind == "TLSRoute")) {
    const Value* rules = field(spec, "rules");
    const Value* parents = field(spec, "parentRefs");
    std::vector<RouteHostFact::Parent> ps;
    if (is_array(parents)) {
      for (const Value& p : parents->items) {
        std::string_view pkind = str(field(p, "kind"));
        if (!pkind.empty() && pkind != "Gateway") continue;
        std::string_view pns = str(field(p, "namespace"));
        ps.push_back({pns.empty() ? ns : std::string(pns), std::string(str(field(p, "name"))),
                      std::string(str(field(p, "sectionName")))});
      }
    }
    bool redirects = false;
    if (is_array(rules))
      for (const Value& r : rules->items) {
        const Value* filters = field(r, "filters");
        if (!is_array(filters)) continue;
        for (const Value& f : filters->items)
          redirects = redirects || (str(field(f, "type")) == "RequestRedirect" &&
                                    str(dig(&f, {"requestRedirect", "scheme"})) == "https");
      }
    for (std::size_t i = 0; i < hosts->items.size(); ++i) {
      std::string_view h = str(&hosts->items[i]);
      if (!h.empty())
        inv.route_hosts.push_back({inv.at(s, {"spec", "hostnames", std::to_string(i)}), ns, std::string(h), ps, redirects});
    }
  }
}

void tls_sources(const Inventory& inv, SetOut& out) {
  for (const TlsSecretNeed& n : inv.tls_needs) {
    if (inv.secrets.count(n.ns + "/" + n.secret)) continue;
    out.add("tls-required", n.at,
            "TLS secret \"" + n.secret + "\" is not in the set, and no cert-manager issuer annotation creates it",
            "annotate the object cert-manager.io/cluster-issuer: <issuer>, or add the Secret or a cert-manager "
            "Certificate that writes it");
  }
  for (const IssuerRefFact& r : inv.issuer_refs) {
    if (r.cluster && inv.any_cluster_issuer && !inv.cluster_issuers.count(r.name)) {
      std::string names;
      for (const std::string& n : inv.cluster_issuers) names += (names.empty() ? "" : ", ") + n;
      out.add("tls-required", r.at, "ClusterIssuer \"" + r.name + "\" is not in the set", "the set defines " + names);
    } else if (!r.cluster && inv.any_issuer && !inv.issuers.count(r.ns + "/" + r.name)) {
      out.add("tls-required", r.at, "Issuer \"" + r.name + "\" is not in namespace \"" + r.ns + "\"",
              "an Issuer only serves its own namespace; use a ClusterIssuer for several");
    }
  }
  for (const RouteHostFact& h : inv.route_hosts) {
    if (h.redirects_to_https) continue;  // the plain-HTTP side of a redirect to HTTPS
    bool known_parent = false, any_listener = false, secure = false;
    std::string gateways;
    for (const RouteHostFact::Parent& p : h.parents) {
      for (const GatewayFact& g : inv.gateways) {
        if (g.ns != p.ns || g.name != p.name) continue;
        known_parent = true;
        gateways += (gateways.empty() ? "" : ", ") + g.ns + "/" + g.name;
        for (const GatewayFact::Listener& l : g.listeners) {
          if (!p.section.empty() && l.name != p.section) continue;
          if (!l.hostname.empty() && !host_matches(l.hostname, h.hostname)) continue;
          any_listener = true;
          secure = secure || l.protocol == "HTTPS" || l.protocol == "TLS";
        }
      }
    }
    if (!known_parent || !any_listener || secure) continue;
    out.add("tls-required", h.at,
            "host \"" + h.hostname + "\" is served over plain HTTP only: Gateway " + gateways +
                " has no HTTPS listener for it",
            "add an HTTPS listener for this host with tls.certificateRefs, and attach the route to it");
  }
}

}  // namespace bg::check::rules
