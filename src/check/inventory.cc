// Copying each object's facts into the Inventory, kind by kind.
#include "check/inventory.h"

#include <algorithm>

#include "check/operator_pods.h"

namespace bg::check {
namespace {

std::string key(std::string_view ns, std::string_view name) { return std::string(ns) + "/" + std::string(name); }

bool is_metrics_port_name(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto ends = [&](std::string_view s) { return n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0; };
  return n == "metrics" || n == "prometheus" || n == "prom" || ends("-metrics") || n.rfind("metrics-", 0) == 0;
}

// ingress-nginx's --tcp-services-configmap=NS/NAME (and udp), with $(POD_NAMESPACE) resolved.
void service_configmap_flags(const Value* args, const std::string& ns, std::vector<std::string>& out) {
  if (!is_array(args)) return;
  for (const Value& a : args->items) {
    std::string_view s = str(&a);
    for (std::string_view flag : {"--tcp-services-configmap=", "--udp-services-configmap="}) {
      if (s.substr(0, flag.size()) != flag) continue;
      std::string v(s.substr(flag.size()));
      const std::string var = "$(POD_NAMESPACE)";
      if (std::size_t p = v.find(var); p != std::string::npos) v.replace(p, var.size(), ns);
      out.push_back(v);
    }
  }
}

// A ConfigMap in ingress-nginx's "port: namespace/service:port" shape.
bool looks_like_tcp_services(const std::string& name, const Value* data) {
  if (name.find("tcp-services") != std::string::npos || name.find("udp-services") != std::string::npos) return true;
  if (!is_object(data) || data->entries.empty()) return false;
  for (const auto& [key, value] : data->entries) {
    const std::string& k = key.text;
    std::string_view v = str(&value);
    if (k.empty() || k.find_first_not_of("0123456789") != std::string::npos) return false;
    if (v.find('/') == std::string_view::npos || v.find(':') == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

At Inventory::at(const Subject& s, const Path& path, bool key_itself) {
  SourceLocation loc = s.at(path, key_itself);
  return At{current_, file_, loc.line, loc.col, path_string(path)};
}

void Inventory::collect(const ObjectContext& ctx, std::vector<Suppression> suppressions) {
  const Subject& s = ctx.subject;
  current_ = static_cast<std::uint32_t>(objects.size());
  objects.push_back({s.id, std::move(suppressions)});
  if (files.empty() || files[file_] != s.fallback.file) {
    auto [fit, inserted] = file_index_.emplace(s.fallback.file, static_cast<std::uint32_t>(files.size()));
    if (inserted) files.push_back(s.fallback.file);
    file_ = fit->second;
  }

  const std::string& kind = s.kind();
  const std::string_view group = s.id.group();
  const std::string& ns = s.ns();
  const Value* spec = s.spec();
  const Path name_path = {"metadata", "name"};

  if (ctx.pod) {
    const PodTemplate& t = *ctx.pod;
    WorkloadFact w;
    w.at = at(s, name_path);
    w.ns = ns;
    w.kind = kind;
    w.name = s.name();
    w.labels = labels_of(field(t.metadata, "labels"));
    w.scrape_annotation = str(dig(t.metadata, {"annotations", "prometheus.io/scrape"})) == "true";
    for (const ContainerRef& c : ctx.containers) {
      const Value* ports = field(c.container, "ports");
      if (is_array(ports)) {
        for (std::size_t j = 0; j < ports->items.size(); ++j) {
          const Value& p = ports->items[j];
          auto number = integer(field(p, "containerPort"));
          if (!number) continue;
          NamedPort np{std::string(str(field(p, "name"))), *number};
          if (is_metrics_port_name(np.name))
            w.metrics.push_back({np, at(s, c.at(t, {"ports", std::to_string(j), "name"}))});
          w.ports.push_back(std::move(np));
        }
      }
      service_configmap_flags(field(c.container, "args"), ns, w.tcp_configmaps);
      service_configmap_flags(field(c.container, "command"), ns, w.tcp_configmaps);
    }
    const Value* volumes = field(t.spec, "volumes");
    if (is_array(volumes)) {
      for (std::size_t i = 0; i < volumes->items.size(); ++i) {
        std::string_view claim = str(dig(&volumes->items[i], {"persistentVolumeClaim", "claimName"}));
        if (!claim.empty())
          w.claims.push_back({std::string(claim), std::nullopt, false,
                              at(s, t.at({"spec", "volumes", std::to_string(i), "persistentVolumeClaim", "claimName"}))});
      }
    }
    const Value* vcts = field(spec, "volumeClaimTemplates");
    if (kind == "StatefulSet" && is_array(vcts)) {
      for (std::size_t i = 0; i < vcts->items.size(); ++i) {
        const Value& v = vcts->items[i];
        const Value* sc = dig(&v, {"spec", "storageClassName"});
        WorkloadFact::Claim c{std::string(str(dig(&v, {"metadata", "name"}))), std::nullopt, true, {}};
        Path p = {"spec", "volumeClaimTemplates", std::to_string(i)};
        if (sc != nullptr && sc->kind == yaml::NodeKind::kString) {
          c.storage_class = sc->text;
          p.insert(p.end(), {"spec", "storageClassName"});
        }
        c.at = at(s, p);
        w.claims.push_back(std::move(c));
      }
    }
    workloads.push_back(std::move(w));
  }

  // The pods and Services an operator makes from this custom resource: what the set's Services,
  // NetworkPolicies and monitors select, though no manifest holds them.
  if (std::optional<OperatorMade> made = operator_made(s)) {
    WorkloadFact w;
    w.at = at(s, name_path);
    w.ns = ns;
    w.kind = kind;
    w.name = s.name();
    w.labels = std::move(made->pod_labels);
    for (MadePort& p : made->pod_ports) w.ports.push_back({std::move(p.name), p.number});
    for (MadeService& m : made->services) {
      ServiceFact f;
      f.at = w.at;
      f.ns = ns;
      f.name = std::move(m.name);
      f.type = "ClusterIP";
      f.labels = std::move(m.labels);
      for (const MadePort& p : m.ports) f.ports.push_back({p.name, p.number, PortRef{p.number, ""}, w.at});
      made_services.push_back(std::move(f));
    }
    workloads.push_back(std::move(w));
  }

  if (group.empty() && kind == "Service") {
    ServiceFact f;
    f.at = at(s, name_path);
    f.ns = ns;
    f.name = s.name();
    f.type = std::string(str(field(spec, "type")));
    f.labels = labels_of(dig(s.metadata(), {"labels"}));
    const Value* sel = field(spec, "selector");
    if (f.type != "ExternalName" && is_object(sel) && !sel->entries.empty()) {
      f.selector = map_selector(sel);
      f.selector_at = at(s, {"spec", "selector"});
    }
    const Value* ports = field(spec, "ports");
    if (is_array(ports)) {
      for (std::size_t i = 0; i < ports->items.size(); ++i) {
        const Value& p = ports->items[i];
        ServiceFact::Port port;
        port.name = std::string(str(field(p, "name")));
        port.port = integer(field(p, "port")).value_or(0);
        const Value* target = field(p, "targetPort");
        port.target = target ? port_ref(target) : PortRef{port.port, ""};
        port.target_at = at(s, target ? Path{"spec", "ports", std::to_string(i), "targetPort"}
                                      : Path{"spec", "ports", std::to_string(i)});
        f.ports.push_back(std::move(port));
      }
    }
    services.push_back(std::move(f));
  } else if (group.empty() && kind == "Secret") {
    secrets.insert(key(ns, s.name()));
  } else if (group.empty() && kind == "Namespace") {
    namespaces.push_back({at(s, name_path), s.name()});
  } else if (group.empty() && kind == "ConfigMap") {
    const Value* data = field(s.body, "data");
    if (looks_like_tcp_services(s.name(), data) && is_object(data)) {
      TcpServicesFact f{at(s, name_path), ns, s.name(), {}};
      for (const auto& [key, value] : data->entries)
        f.entries.push_back({key.text, std::string(str(&value)), at(s, {"data", key.text}, true)});
      tcp_services.push_back(std::move(f));
    }
  } else if (group.empty() && (kind == "PersistentVolumeClaim" || kind == "PersistentVolume")) {
    const Value* sc = field(spec, "storageClassName");
    ClaimFact f{at(s, sc ? Path{"spec", "storageClassName"} : name_path), kind, ns, s.name(), std::nullopt};
    if (sc != nullptr && sc->kind == yaml::NodeKind::kString) f.storage_class = sc->text;
    claims.push_back(std::move(f));
  } else if (group == "storage.k8s.io" && kind == "StorageClass") {
    storage_classes.push_back({s.name(), std::string(str(field(s.body, "provisioner"))),
                               str(dig(s.metadata(), {"annotations", "storageclass.kubernetes.io/is-default-class"})) ==
                                   "true"});
  } else if (group == "networking.k8s.io" && kind == "NetworkPolicy") {
    NetworkPolicyFact f;
    f.at = at(s, {"spec", "podSelector"});
    f.ns = ns;
    f.name = s.name();
    f.selector = label_selector(field(spec, "podSelector"));
    const Value* types = field(spec, "policyTypes");
    auto has_type = [&](std::string_view t) {
      if (!is_array(types)) return t == "Ingress";  // absent: Ingress (plus Egress when egress rules exist)
      for (const Value& x : types->items)
        if (str(&x) == t) return true;
      return false;
    };
    auto no_rules = [&](std::string_view k) {
      const Value* r = field(spec, k);
      return r == nullptr || r->kind == yaml::NodeKind::kNull || (r->is_seq() && r->items.empty());
    };
    bool all = f.selector.empty();
    f.deny_ingress = all && has_type("Ingress") && no_rules("ingress");
    f.deny_egress = all && has_type("Egress") && no_rules("egress");
    network_policies.push_back(std::move(f));
  } else if (group == "monitoring.coreos.com" && (kind == "ServiceMonitor" || kind == "PodMonitor")) {
    MonitorFact f;
    f.at = at(s, {"spec", "selector"});
    f.pod_monitor = kind == "PodMonitor";
    f.ns = ns;
    f.name = s.name();
    f.selector = label_selector(field(spec, "selector"));
    const Value* nss = field(spec, "namespaceSelector");
    f.any_namespace = is_true(field(nss, "any"));
    const Value* names = field(nss, "matchNames");
    if (is_array(names))
      for (const Value& n : names->items)
        if (n.kind == yaml::NodeKind::kString) f.namespaces.push_back(n.text);
    const char* list = f.pod_monitor ? "podMetricsEndpoints" : "endpoints";
    const Value* eps = field(spec, list);
    if (is_array(eps)) {
      for (std::size_t i = 0; i < eps->items.size(); ++i) {
        std::string_view port = str(field(eps->items[i], "port"));
        if (!port.empty()) f.ports.emplace_back(std::string(port), at(s, {"spec", list, std::to_string(i), "port"}));
      }
    }
    monitors.push_back(std::move(f));
  } else if (group == "cert-manager.io" && kind == "Certificate") {
    std::string_view secret = str(field(spec, "secretName"));
    if (!secret.empty()) secrets.insert(key(ns, secret));
  } else if (group == "cert-manager.io" && kind == "ClusterIssuer") {
    cluster_issuers.insert(s.name());
    any_cluster_issuer = true;
  } else if (group == "cert-manager.io" && kind == "Issuer") {
    issuers.insert(key(ns, s.name()));
    any_issuer = true;
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
      issuer_refs.push_back({at(s, {"metadata", "annotations", a}), cluster, ns, std::string(issuer)});
    }
    issued = issued || str(field(ann, "kubernetes.io/tls-acme")) == "true";
    if (ingress && !issued) {
      const Value* tls = field(spec, "tls");
      if (is_array(tls))
        for (std::size_t i = 0; i < tls->items.size(); ++i) {
          std::string_view secret = str(field(tls->items[i], "secretName"));
          if (!secret.empty())
            tls_needs.push_back({at(s, {"spec", "tls", std::to_string(i), "secretName"}), ns, std::string(secret)});
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
            tls_needs.push_back({at(s, {"spec", "listeners", std::to_string(i), "tls", "certificateRefs",
                                        std::to_string(j), "name"}),
                                 rns.empty() ? ns : std::string(rns), std::string(str(field(r, "name")))});
          }
        }
      }
      gateways.push_back(std::move(g));
    }
  }

  // Backends: Ingress paths and Gateway API route rules.
  if (ingress) {
    auto backend = [&](const Value* b, Path p) {
      const Value* svc = field(b, "service");
      std::string_view name = str(field(svc, "name"));
      if (name.empty()) return;
      const Value* port = field(svc, "port");
      PortRef ref = field(port, "number") ? port_ref(field(port, "number")) : port_ref(field(port, "name"));
      Path name_at = p, port_at = p;
      name_at.insert(name_at.end(), {"service", "name"});
      port_at.insert(port_at.end(), {"service", "port"});
      backends.push_back({at(s, name_at), "Ingress", ns, std::string(name), ref, at(s, port_at)});
    };
    backend(field(spec, "defaultBackend"), {"spec", "defaultBackend"});
    const Value* rules = field(spec, "rules");
    if (is_array(rules)) {
      for (std::size_t i = 0; i < rules->items.size(); ++i) {
        const Value* paths = dig(&rules->items[i], {"http", "paths"});
        if (!is_array(paths)) continue;
        for (std::size_t j = 0; j < paths->items.size(); ++j)
          backend(field(paths->items[j], "backend"),
                  {"spec", "rules", std::to_string(i), "http", "paths", std::to_string(j), "backend"});
      }
    }
  }
  if (group == "gateway.networking.k8s.io" && kind.size() > 5 && kind.compare(kind.size() - 5, 5, "Route") == 0) {
    const Value* rules = field(spec, "rules");
    if (is_array(rules)) {
      for (std::size_t i = 0; i < rules->items.size(); ++i) {
        const Value* refs = field(rules->items[i], "backendRefs");
        if (!is_array(refs)) continue;
        for (std::size_t j = 0; j < refs->items.size(); ++j) {
          const Value& r = refs->items[j];
          std::string_view rgroup = str(field(r, "group")), rkind = str(field(r, "kind"));
          if (!rgroup.empty() || (!rkind.empty() && rkind != "Service")) continue;
          std::string_view rns = str(field(r, "namespace"));
          Path p = {"spec", "rules", std::to_string(i), "backendRefs", std::to_string(j)};
          Path name_at = p, port_at = p;
          name_at.push_back("name");
          port_at.push_back("port");
          backends.push_back({at(s, name_at), kind, rns.empty() ? ns : std::string(rns),
                              std::string(str(field(r, "name"))), port_ref(field(r, "port")), at(s, port_at)});
        }
      }
    }
    const Value* hosts = field(spec, "hostnames");
    const Value* parents = field(spec, "parentRefs");
    if (is_array(hosts) && (kind == "HTTPRoute" || kind == "GRPCRoute" || kind == "TLSRoute")) {
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
          route_hosts.push_back({at(s, {"spec", "hostnames", std::to_string(i)}), ns, std::string(h), ps, redirects});
      }
    }
  }
}

void Inventory::index() {
  // A Service the set defines wins over the one an operator would make under the same name.
  if (!made_services.empty()) {
    std::set<std::string> defined;
    for (const ServiceFact& s : services) defined.insert(key(s.ns, s.name));
    for (ServiceFact& s : made_services)
      if (defined.insert(key(s.ns, s.name)).second) services.push_back(std::move(s));
    made_services.clear();
  }
  workload_labels = LabelIndex();
  service_labels = LabelIndex();
  std::set<std::string> nss;
  for (std::uint32_t i = 0; i < workloads.size(); ++i) {
    workload_labels.add(i, workloads[i].ns, workloads[i].labels);
    nss.insert(workloads[i].ns);
  }
  for (std::uint32_t i = 0; i < services.size(); ++i) service_labels.add(i, services[i].ns, services[i].labels);
  workload_namespaces.assign(nss.begin(), nss.end());
}

void SetOut::add(std::string_view rule, const At& at, std::string message, std::string hint,
                 std::optional<Severity> severity) {
  const RuleInfo* info = find_rule(rule);
  Finding f;
  f.rule = std::string(rule);
  f.severity = severity ? *severity : info ? info->severity : Severity::kError;
  f.object = inv_.objects[at.object].id;
  if (!at.path.empty()) f.path = {at.path};
  f.message = std::move(message);
  f.hint = std::move(hint);
  f.loc = SourceLocation{inv_.files[at.file], at.line, at.col};
  findings_.push_back(std::move(f));
  owners_.push_back(at.object);
}

}  // namespace bg::check
