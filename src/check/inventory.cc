// Registering each object, and copying the facts several set rules compare (inventory.h).
#include "check/inventory.h"

#include "check/operator_pods.h"

namespace bg::check {

std::string ns_name(std::string_view ns, std::string_view name) { return std::string(ns) + "/" + std::string(name); }

std::vector<ContainerPort> container_ports(const ObjectContext& ctx) {
  std::vector<ContainerPort> out;
  for (const ContainerRef& c : ctx.containers) {
    const Value* ports = field(c.container, "ports");
    if (!is_array(ports)) continue;
    for (std::size_t j = 0; j < ports->items.size(); ++j) {
      const Value& p = ports->items[j];
      auto number = integer(field(p, "containerPort"));
      if (!number) continue;
      out.push_back({&c, j, NamedPort{std::string(str(field(p, "name"))), *number}});
    }
  }
  return out;
}

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
  pod_fact_.reset();

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
    for (ContainerPort& p : container_ports(ctx)) w.ports.push_back(std::move(p.port));
    pod_fact_ = workloads.size();
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
  }
}

void Inventory::index() {
  // A Service the set defines wins over the one an operator would make under the same name.
  if (!made_services.empty()) {
    std::set<std::string> defined;
    for (const ServiceFact& s : services) defined.insert(ns_name(s.ns, s.name));
    for (ServiceFact& s : made_services)
      if (defined.insert(ns_name(s.ns, s.name)).second) services.push_back(std::move(s));
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
