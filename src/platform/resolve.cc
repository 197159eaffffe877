#include "platform/resolve.h"

#include <algorithm>
#include <map>
#include <set>

namespace bg::platform {
namespace {

int security_rank(const std::string& level) {
  if (level == "restricted") return 0;
  if (level == "baseline") return 1;
  return 2;  // privileged
}

class Resolver {
 public:
  Resolver(const spec::Spec& spec, const catalog::Catalog& catalog, const Recorded& recorded, Diagnostics& diags)
      : spec_(spec), catalog_(catalog), recorded_(recorded), diags_(diags) {}

  Platform run() {
    Platform p;
    p.name = spec_.name.value;
    p.domain = spec_.domain.value;
    p.issuer = spec_.tls.issuer.get_or(spec::TlsIssuer::kProduction);
    p.email = spec_.tls.email.get_or("");
    p.backend = spec_.backend.get_or(spec::ExposureBackend::kIngressNginx);
    Diagnostics network_diags;
    p.network = resolve_network(spec_.network, network_diags);
    diags_.append(network_diags);
    resolve_nodes(p, !network_diags.has_errors());
    check_component_names();
    for (const auto& [name, bp] : catalog_.all()) {
      const spec::ComponentSpec* cs = spec_.find_component(name);
      // Listing a component turns it on (docs/spec.md), even one the catalog leaves off by default.
      bool enabled = cs ? cs->enabled.get_or(true) : bp.enabled_by_default;
      if (enabled && backend_allows(p, bp, cs)) enabled_.insert(name);
    }
    follow_parents();
    for (const auto& [name, bp] : catalog_.all())
      if (enabled_.count(name)) p.components.push_back(resolve_component(p, bp, spec_.find_component(name)));
    check_dependencies(p);
    check_exposure(p);
    check_sso(p);
    check_gateway_backends(p);
    derive_namespaces(p);
    derive_secrets(p);
    return p;
  }

 private:
  // Mesh addresses are allocated only in a sound mesh range (a broken one is reported already).
  void resolve_nodes(Platform& p, bool network_ok) {
    std::map<std::string, Ipv4> mesh;
    if (network_ok) mesh = allocate_mesh_addresses(spec_.nodes, p.network, spec_.network.mesh_cidr.loc, recorded_, diags_);
    for (const spec::NodeSpec& ns : spec_.nodes) {
      Node n;
      n.name = ns.name.value;
      n.role = ns.role.get_or(spec::NodeRole::kWorker);
      n.public_address = ns.public_address.value;
      if (auto it = mesh.find(n.name); it != mesh.end()) n.mesh_address = it->second;
      n.ssd_path = ns.ssd_path.value;
      n.ingress = ns.ingress.get_or(false);
      n.labels = ns.labels.value;
      p.nodes.push_back(n);
    }
    for (const Node& n : p.nodes)
      if (n.ingress) p.ingress_addresses.push_back(n.public_address);
    if (p.ingress_addresses.empty()) {  // by default the control plane carries the public entry
      for (const Node& n : p.nodes)
        if (n.role == spec::NodeRole::kControlPlane) p.ingress_addresses.push_back(n.public_address);
    }
  }

  // With the gateway-api backend, Cilium's Envoy is the front door, so an ingress controller
  // component stays off; its settings may stay in the file (one switch changes the backend), but
  // asking for it explicitly is a contradiction worth an error.
  bool backend_allows(const Platform& p, const catalog::Blueprint& bp, const spec::ComponentSpec* cs) {
    if (p.backend != spec::ExposureBackend::kGatewayApi) return true;
    const auto& prov = bp.provides;
    if (std::find(prov.begin(), prov.end(), "ingress-controller") == prov.end()) return true;
    if (cs && cs->enabled.set && cs->enabled.value) {
      diags_.error(cs->enabled.loc, "\"" + bp.name + "\" cannot run with `exposure.backend: gateway-api`",
                   "Cilium's Gateway is the access layer with gateway-api: remove `enabled: true`, or use "
                   "`backend: ingress-nginx`");
    }
    return false;
  }

  // A part (cert-manager's webhook) runs exactly while its whole does: switching the whole off takes
  // the part with it; asking for the part alone is a contradiction worth an error.
  void follow_parents() {
    for (const auto& [name, bp] : catalog_.all()) {
      if (bp.part_of.empty() || enabled_.count(bp.part_of) || !enabled_.count(name)) continue;
      enabled_.erase(name);
      const spec::ComponentSpec* cs = spec_.find_component(name);
      if (cs && cs->enabled.set && cs->enabled.value)
        diags_.error(cs->enabled.loc, "\"" + name + "\" is part of \"" + bp.part_of + "\", which is not enabled",
                     "enable \"" + bp.part_of + "\", or remove `enabled: true`");
    }
  }

  void check_component_names() {
    for (const spec::ComponentSpec& c : spec_.components) {
      if (catalog_.find(c.name.value)) continue;
      std::string near = closest_match(c.name.value, catalog_.names());
      diags_.error(c.loc, "unknown component \"" + c.name.value + "\"",
                   near.empty() ? "run `betelgeuse plan --components` for the list of components"
                                : "did you mean \"" + near + "\"?");
    }
  }

  Component resolve_component(const Platform& p, const catalog::Blueprint& bp, const spec::ComponentSpec* cs) {
    static const spec::ComponentSpec kDefaults;
    const spec::ComponentSpec& s = cs ? *cs : kDefaults;
    Component c;
    c.name = bp.name;
    c.blueprint = &bp;
    c.ns = bp.ns;
    c.loc = cs ? cs->loc : SourceLocation{spec_.file, 0, 0};
    c.image = s.image.get_or(bp.image);
    c.replicas = static_cast<int>(s.replicas.get_or(bp.replicas));
    if (bp.stateful() && c.replicas > 1) {
      diags_.error(s.replicas.loc, "component \"" + c.name + "\" keeps its data on one node's SSD and runs one replica",
                   "remove `replicas`, or run a replicated setup through the component's own clustering");
    }
    c.resources = bp.resources;
    if (s.resources.set) {
      auto set = [&](const char* section, const char* key, const spec::Field<std::string>& f) {
        if (f.set) c.resources[section][key] = f.value;
      };
      set("requests", "cpu", s.resources.requests.cpu);
      set("requests", "memory", s.resources.requests.memory);
      set("limits", "cpu", s.resources.limits.cpu);
      set("limits", "memory", s.resources.limits.memory);
    }
    override_env(bp, s, c);
    if (bp.stateful()) place(p, bp, s, c);
    else if (s.node.set || s.storage.set) {
      const SourceLocation& at = s.node.set ? s.node.loc : s.storage.loc;
      diags_.error(at, "component \"" + c.name + "\" keeps no data, so it takes no node or storage",
                   "remove `node` and `storage` from it");
    }
    // UI by host name.
    bool ui_on = s.expose.ui.get_or(bp.ui_port.has_value());
    if (ui_on && !bp.ui_port) {
      diags_.error(s.expose.ui.loc, "component \"" + c.name + "\" has no web UI to expose",
                   "remove `expose.ui`");
    } else if (ui_on) {
      const catalog::PortDef* port = bp.find_port(*bp.ui_port);
      c.ui = UiRoute{s.expose.host.get_or(bp.ui_host + "." + p.domain), c.name, port->port, port->backend_https};
    }
    // Raw TCP through the access layer.
    bool tcp_on = s.expose.tcp.get_or(true);
    for (const catalog::PortDef& port : bp.ports) {
      if (port.expose != catalog::Exposure::kTcp || !tcp_on) continue;
      TcpRoute r{port.port, port.name, port.port, s.expose.tcp_port.set ? s.expose.tcp_port.loc : c.loc, {}};
      if (s.expose.tcp_port.set) r.public_port = static_cast<int>(s.expose.tcp_port.value);
      c.tcp.push_back(r);
    }
    if (s.expose.tcp.set && s.expose.tcp.value && c.tcp.empty()) {
      diags_.error(s.expose.tcp.loc, "component \"" + c.name + "\" has no raw TCP port to expose", "remove `expose.tcp`");
    }
    restrict_sources(p, s, c);
    // Auth in front of the UI.
    c.auth = s.auth.get_or(bp.sensitive ? spec::AuthMode::kBasic : spec::AuthMode::kNone);
    if (c.ui && bp.sensitive && c.auth == spec::AuthMode::kNone) {
      diags_.error(s.auth.loc, "the UI of \"" + c.name + "\" is sensitive and cannot be exposed without auth",
                   "use `auth: basic` or `auth: sso`, or turn the UI off with `expose: {ui: false}`");
    }
    if (!c.ui && s.auth.set && c.auth != spec::AuthMode::kNone) {
      diags_.error(s.auth.loc, "component \"" + c.name + "\" exposes no UI to put auth in front of",
                   "remove `auth`, or expose the UI");
    }
    c.auth_loc = s.auth.loc;
    for (const catalog::DependencyDef& d : bp.depends_on)
      if (!d.optional || enabled_.count(d.component)) c.depends_on.push_back(d.component);
    if (bp.gpu_nodes) {
      bool any_gpu = false;
      for (const Node& n : p.nodes) any_gpu |= n.role == spec::NodeRole::kGpu;
      if (!any_gpu) {
        SourceLocation at = s.enabled.set ? s.enabled.loc : (c.loc.known() ? c.loc : SourceLocation{spec_.file, 1, 1});
        diags_.error(at, "component \"" + c.name + "\" runs on GPU nodes, but no node has role gpu",
                     "add a node with `role: gpu`, or disable \"" + c.name + "\" with `enabled: false`");
      }
    }
    return c;
  }

  // The spec may change a blueprint's literal settings (a model, a heap size), never a credential:
  // those come from Secrets, and a name the blueprint does not set is a typo until proven otherwise.
  void override_env(const catalog::Blueprint& bp, const spec::ComponentSpec& s, Component& c) {
    std::vector<std::string> literals;
    for (const catalog::EnvDef& e : bp.env)
      if (e.value) literals.push_back(e.name);
    for (const auto& [name, value] : s.env.value) {
      if (std::find(literals.begin(), literals.end(), name) != literals.end()) {
        c.env[name] = value;
        continue;
      }
      std::string near = closest_match(name, literals);
      diags_.error(s.env.loc, "component \"" + c.name + "\" has no setting " + name + " to override",
                   !near.empty() ? "did you mean \"" + near + "\"?"
                                 : "`env` changes the blueprint's literal settings only (docs/components.md lists them)");
    }
  }

  void place(const Platform& p, const catalog::Blueprint& bp, const spec::ComponentSpec& s, Component& c) {
    c.storage_size = s.storage.get_or(*bp.storage_size);
    const Node* node = nullptr;
    bool by_default = !s.node.set;
    if (s.node.set) {
      for (const Node& n : p.nodes)
        if (n.name == s.node.value) node = &n;
      if (!node) return;  // the loader already reported the undefined node
      if (bp.gpu_nodes && node->role != spec::NodeRole::kGpu) {
        diags_.error(s.node.loc, "component \"" + c.name + "\" runs on GPU nodes, but node \"" + node->name + "\" has role " +
                                     std::string(spec::role_name(node->role)),
                     "place it on a node with `role: gpu`");
        return;
      }
      if (node->ssd_path.empty()) {
        diags_.error(s.node.loc, "component \"" + c.name + "\" keeps data but node \"" + node->name + "\" has no ssdPath",
                     "set `ssdPath` on node \"" + node->name + "\", or place the component on a node with an SSD");
        return;
      }
    } else {
      // Default placement: the first worker with an SSD (a GPU node for GPU workloads), then any
      // node with one.
      spec::NodeRole want = bp.gpu_nodes ? spec::NodeRole::kGpu : spec::NodeRole::kWorker;
      for (const Node& n : p.nodes)
        if (!node && n.role == want && !n.ssd_path.empty()) node = &n;
      for (const Node& n : p.nodes)
        if (!node && !n.ssd_path.empty()) node = &n;
      if (!node) {
        diags_.error(c.loc.known() ? c.loc : SourceLocation{spec_.file, 1, 1},
                     "component \"" + c.name + "\" keeps data but no node has an ssdPath",
                     "set `ssdPath` on a node for local volumes");
        return;
      }
    }
    std::string base = node->ssd_path;
    if (base.size() > 1 && base.back() == '/') base.pop_back();
    c.placement = Placement{node->name, base + "/" + c.ns + "/" + c.name, by_default};
  }

  void check_dependencies(Platform& p) {
    for (Component& c : p.components) {
      for (const std::string& dep : c.depends_on) {
        if (p.find(dep)) continue;
        const spec::ComponentSpec* ds = spec_.find_component(dep);
        SourceLocation at = ds && ds->enabled.set ? ds->enabled.loc : c.loc;
        diags_.error(at, "component \"" + c.name + "\" depends on \"" + dep + "\", which is disabled",
                     "enable \"" + dep + "\", or disable \"" + c.name + "\" too");
      }
    }
  }

  void check_exposure(Platform& p) {
    std::map<int, std::pair<std::string, SourceLocation>> tcp_ports = {
        {80, {"the access layer (http)", {}}}, {443, {"the access layer (https)", {}}}};
    std::map<std::string, std::string> hosts;
    bool any_ui = false, any_tcp = false;
    for (const Component& c : p.components) {
      for (const TcpRoute& r : c.tcp) {
        any_tcp = true;
        auto [it, inserted] = tcp_ports.emplace(r.public_port, std::make_pair(c.name, r.loc));
        if (!inserted) {
          diags_.error(r.loc.known() ? r.loc : c.loc,
                       "TCP port " + std::to_string(r.public_port) + " of \"" + c.name + "\" is already used by " +
                           it->second.first,
                       "give one of them another `expose.tcpPort`");
        }
      }
      if (!c.ui) continue;
      any_ui = true;
      auto [it, inserted] = hosts.emplace(c.ui->host, c.name);
      if (!inserted) {
        diags_.error(c.loc, "host " + c.ui->host + " of \"" + c.name + "\" is already used by \"" + it->second + "\"",
                     "give one of them another `expose.host`");
      }
    }
    if ((any_ui || any_tcp) && !p.gateway_api() && !p.provider("ingress-controller")) {
      diags_.error(where_disabled("ingress-controller"),
                   "components are exposed but the access layer (ingress-nginx) is disabled",
                   "enable ingress-nginx, or turn off `expose` on the components");
    }
    if (any_ui && !p.provider("cert-issuer")) {
      diags_.error(where_disabled("cert-issuer"), "UIs are exposed but cert-manager is disabled, so they would have no TLS",
                   "enable cert-manager");
    }
    if (any_ui && p.email.empty()) {
      diags_.error(spec_.tls.email.loc.known() ? spec_.tls.email.loc : SourceLocation{spec_.file, 1, 1},
                   "spec.tls.email is required when UIs are exposed",
                   "Let's Encrypt needs a contact address: add `tls: {email: ops@example.org}`");
    }
  }

  // Where the file switches off the component that provides `capability`: its `enabled: false`, the
  // line a person changes to fix it; the top of the file when no line says so.
  SourceLocation where_disabled(std::string_view capability) const {
    for (const auto& [name, bp] : catalog_.all()) {
      if (std::find(bp.provides.begin(), bp.provides.end(), capability) == bp.provides.end()) continue;
      const spec::ComponentSpec* cs = spec_.find_component(name);
      if (cs && cs->enabled.set && !cs->enabled.value) return cs->enabled.loc;
    }
    return {spec_.file, 1, 1};
  }

  // `auth: sso` signs in with Keycloak at its public URL: Keycloak must be on, with its UI exposed.
  void check_sso(const Platform& p) {
    const Component* idp = p.find("keycloak");
    for (const Component& c : p.components) {
      if (!c.ui || c.auth != spec::AuthMode::kSso) continue;
      SourceLocation at = c.auth_loc.known() ? c.auth_loc : c.loc;
      if (!idp) {
        diags_.error(at, "\"" + c.name + "\" asks for auth: sso, but keycloak is not enabled",
                     "enable it with `keycloak: {}` under components (it keeps its data in postgres), or use "
                     "`auth: basic`");
      } else if (!idp->ui) {
        diags_.error(at, "\"" + c.name + "\" asks for auth: sso, but keycloak's UI is not exposed",
                     "users sign in at Keycloak's public host: remove `expose: {ui: false}` from keycloak");
      }
    }
  }

  // expose.sourceRanges: the client ranges every raw TCP port of the component answers. Only the
  // ingress-nginx backend can enforce them: its controller pods receive the clients' connections,
  // so a NetworkPolicy ipBlock there sees the client's address (isolate.cc). With gateway-api the
  // connection reaches the component from Cilium's Envoy, under its `ingress` identity, and no
  // policy of ours sees the client: refused rather than rendered without effect.
  void restrict_sources(const Platform& p, const spec::ComponentSpec& s, Component& c) {
    if (s.expose.source_ranges.empty()) return;
    if (c.tcp.empty()) {
      diags_.error(s.expose.source_ranges_loc, "component \"" + c.name + "\" exposes no raw TCP port to restrict",
                   "remove `expose.sourceRanges` (it restricts raw TCP only), or expose TCP with `expose.tcp: true`");
      return;
    }
    if (p.gateway_api()) {
      diags_.error(s.expose.source_ranges_loc,
                   "expose.sourceRanges cannot be enforced with `exposure.backend: gateway-api`",
                   "the Gateway's Envoy hides the client's address from the component's policies; restrict at your "
                   "firewall, or use `backend: ingress-nginx`");
      return;
    }
    for (TcpRoute& r : c.tcp)
      for (const spec::Field<std::string>& range : s.expose.source_ranges) r.source_ranges.push_back(range.value);
  }

  // Gateway API reaches an HTTPS backend only through a BackendTLSPolicy that validates its
  // certificate, which in-cluster self-signed UIs cannot pass; the auth proxies speak HTTPS to the
  // UI themselves, so only an unguarded HTTPS UI is left without a way in.
  void check_gateway_backends(const Platform& p) {
    if (!p.gateway_api()) return;
    for (const Component& c : p.components) {
      if (!c.ui || !c.ui->backend_https || c.auth != spec::AuthMode::kNone) continue;
      diags_.error(c.auth_loc.known() ? c.auth_loc : c.loc,
                   "the UI of \"" + c.name + "\" speaks HTTPS, which `exposure.backend: gateway-api` cannot reach "
                   "without an auth proxy",
                   "use `auth: basic` or `auth: sso` (the proxy talks HTTPS to the UI), or `backend: ingress-nginx`");
    }
  }

  void derive_namespaces(Platform& p) {
    std::map<std::string, Namespace> by_name;
    for (const Component& c : p.components) {
      if (c.blueprint->workload == catalog::WorkloadKind::kNone) continue;  // nothing runs there
      Namespace& ns = by_name[c.ns];
      ns.name = c.ns;
      if (ns.pod_security.empty() || security_rank(c.blueprint->pod_security) > security_rank(ns.pod_security))
        ns.pod_security = c.blueprint->pod_security;
      ns.components.push_back(c.name);
    }
    for (auto& [n, ns] : by_name) p.namespaces.push_back(ns);
  }

  void derive_secrets(Platform& p) {
    for (const Component& c : p.components) {
      for (const catalog::SecretDef& s : c.blueprint->secrets) {
        SecretPlan sp{c.ns, c.secret_name(s.name), c.name, {}, {}, "credentials (" + s.name + ")", {}, {}};
        for (const catalog::SecretKeyDef& k : s.keys) {
          sp.keys.push_back(k.key);
          if (!k.generate.empty()) sp.generated.push_back(k.key);
        }
        p.secrets.push_back(sp);
      }
      for (const std::string& dep : c.depends_on) {
        const Component* provider = p.find(dep);
        if (!provider || !provider->blueprint->provision) continue;
        SecretPlan sp{c.ns, c.secret_name(dep), c.name, {}, {}, "credentials for " + dep, dep, {}};
        for (const catalog::SecretKeyDef& k : provider->blueprint->provision->keys) {
          sp.keys.push_back(k.key);
          if (!k.generate.empty()) sp.generated.push_back(k.key);
        }
        if (provider->ns != c.ns) sp.mirror_ns.push_back(provider->ns);
        p.secrets.push_back(sp);
      }
      if (c.ui && c.auth == spec::AuthMode::kBasic) {
        // ingress-nginx reads the htpasswd line from key "auth"; username and password are kept
        // beside it so the operator can log in.
        p.secrets.push_back({c.ns, c.basic_auth_secret(), c.name, {"auth", "password", "username"},
                             {"auth", "password"}, "basic auth for " + c.ui->host, {}, {}});
      }
    }
    std::sort(p.secrets.begin(), p.secrets.end(),
              [](const SecretPlan& a, const SecretPlan& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); });
  }

  const spec::Spec& spec_;
  const catalog::Catalog& catalog_;
  const Recorded& recorded_;
  Diagnostics& diags_;
  std::set<std::string> enabled_;
};

}  // namespace

Platform resolve(const spec::Spec& spec, const catalog::Catalog& catalog, const Recorded& recorded, Diagnostics& diags) {
  return Resolver(spec, catalog, recorded, diags).run();
}

Platform resolve(const spec::Spec& spec, const catalog::Catalog& catalog, Diagnostics& diags) {
  return resolve(spec, catalog, Recorded{}, diags);
}

}  // namespace bg::platform
