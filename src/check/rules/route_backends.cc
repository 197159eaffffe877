// route-backend-missing: an Ingress or Gateway API route points at a Service and port that exist.
// A backend that is not there answers 503 to every request; a port the Service does not have is
// the same outage, harder to spot.
#include <map>

#include "check/rules/rules.h"

namespace bg::check::rules {

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
