// route-backend-missing: an Ingress or Gateway API route points at a Service and port that exist.
// A backend that is not there answers 503 to every request; a port the Service does not have is
// the same outage, harder to spot.
#include <map>

#include "check/rules/rules.h"

namespace bg::check::rules {

void collect_backends(const ObjectContext& ctx, Inventory& inv) {
  const Subject& s = ctx.subject;
  const std::string& kind = s.kind();
  const std::string_view group = s.id.group();
  const std::string& ns = s.ns();
  const Value* spec = s.spec();

  // Ingress paths.
  if ((group == "networking.k8s.io" || group == "extensions") && kind == "Ingress") {
    auto backend = [&](const Value* b, Path p) {
      const Value* svc = field(b, "service");
      std::string_view name = str(field(svc, "name"));
      if (name.empty()) return;
      const Value* port = field(svc, "port");
      PortRef ref = field(port, "number") ? port_ref(field(port, "number")) : port_ref(field(port, "name"));
      Path name_at = p, port_at = p;
      name_at.insert(name_at.end(), {"service", "name"});
      port_at.insert(port_at.end(), {"service", "port"});
      inv.backends.push_back({inv.at(s, name_at), "Ingress", ns, std::string(name), ref, inv.at(s, port_at)});
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
  // Gateway API route rules.
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
          inv.backends.push_back({inv.at(s, name_at), kind, rns.empty() ? ns : std::string(rns),
                                  std::string(str(field(r, "name"))), port_ref(field(r, "port")), inv.at(s, port_at)});
        }
      }
    }
  }
}

void route_backends(const Inventory& inv, SetOut& out) {
  std::map<std::string, const ServiceFact*, std::less<>> services;
  for (const ServiceFact& s : inv.services) services.emplace(s.ns + "/" + s.name, &s);
  for (const BackendFact& b : inv.backends) {
    std::string name = b.ns.empty() ? b.service : b.ns + "/" + b.service;
    auto it = services.find(b.ns + "/" + b.service);
    if (it == services.end()) {
      out.add("route-backend-missing", b.at, b.via + " backend Service \"" + name + "\" is not in the set",
              "check the Service's name and namespace, or add the Service");
      continue;
    }
    if (b.port.empty()) continue;
    const ServiceFact& s = *it->second;
    bool found = false;
    std::string ports;
    for (const ServiceFact::Port& p : s.ports) {
      found = found || (b.port.number ? p.port == *b.port.number : p.name == b.port.name);
      ports += (ports.empty() ? "" : ", ") + (p.name.empty() ? std::to_string(p.port) : p.name + " (" + std::to_string(p.port) + ")");
    }
    if (found) continue;
    out.add("route-backend-missing", b.port_at,
            "Service \"" + name + "\" has no port " + (b.port.number ? std::to_string(*b.port.number) : "named " + b.port.str()),
            ports.empty() ? "the Service has no ports" : "its ports are " + ports);
  }
}

}  // namespace bg::check::rules
