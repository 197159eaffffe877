// tcp-services: ingress-nginx's raw TCP (and UDP) exposure holds together. Its ConfigMap maps a
// public port to "namespace/service:port[:PROXY[:PROXY]]"; an entry is wrong when the key is not a
// port, the value is not in that shape, it points at a Service or port that is not there, it takes
// the controller's own HTTP (80) or HTTPS (443) port, or the same port appears twice ("5432" and
// "05432"). And the controller's Service must carry the port, or nothing outside reaches it: all
// three pieces (the flag, the ConfigMap, the Service port) must agree, as Betelgeuse renders them.
#include <map>

#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

std::optional<int> port_number(std::string_view s) {
  if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  int n = std::stoi(std::string(s));
  if (n < 1 || n > 65535) return std::nullopt;
  return n;
}

struct Target {
  std::string ns, service, port;
};

// "db/postgres:5432", "db/postgres:5432:PROXY", "db/postgres:5432::PROXY"
std::optional<Target> parse_target(std::string_view v) {
  std::size_t slash = v.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  std::size_t colon = v.find(':', slash);
  if (colon == std::string_view::npos || colon == slash + 1) return std::nullopt;
  std::string_view rest = v.substr(colon + 1);
  std::string_view port = rest.substr(0, rest.find(':'));
  if (port.empty()) return std::nullopt;
  std::string_view flags = rest.substr(port.size());
  if (!flags.empty() && flags != ":PROXY" && flags != "::PROXY" && flags != ":PROXY:PROXY") return std::nullopt;
  return Target{std::string(v.substr(0, slash)), std::string(v.substr(slash + 1, colon - slash - 1)), std::string(port)};
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

void collect_tcp_services(const ObjectContext& ctx, Inventory& inv) {
  const Subject& s = ctx.subject;
  const std::string& ns = s.ns();
  // The ConfigMaps a controller reads, from its containers' flags.
  if (WorkloadFact* w = inv.pod_fact()) {
    for (const ContainerRef& c : ctx.containers) {
      service_configmap_flags(field(c.container, "args"), ns, w->tcp_configmaps);
      service_configmap_flags(field(c.container, "command"), ns, w->tcp_configmaps);
    }
  }
  if (s.id.group().empty() && s.kind() == "ConfigMap") {
    const Value* data = field(s.body, "data");
    if (looks_like_tcp_services(s.name(), data) && is_object(data)) {
      TcpServicesFact f{inv.at(s, {"metadata", "name"}), ns, s.name(), {}};
      for (const auto& [key, value] : data->entries)
        f.entries.push_back({key.text, std::string(str(&value)), inv.at(s, {"data", key.text}, true)});
      inv.tcp_services.push_back(std::move(f));
    }
  }
}

void tcp_services(const Inventory& inv, SetOut& out) {
  std::map<std::string, const ServiceFact*> services;
  for (const ServiceFact& s : inv.services) services.emplace(s.ns + "/" + s.name, &s);
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  for (const TcpServicesFact& f : inv.tcp_services) {
    const std::string self = f.ns + "/" + f.name;
    // The controllers reading this ConfigMap, and the Services in front of them.
    std::vector<const ServiceFact*> fronts;
    bool read = false;
    for (std::size_t w = 0; w < inv.workloads.size(); ++w) {
      const WorkloadFact& wf = inv.workloads[w];
      if (std::find(wf.tcp_configmaps.begin(), wf.tcp_configmaps.end(), self) == wf.tcp_configmaps.end()) continue;
      read = true;
      for (const ServiceFact& s : inv.services) {
        if (s.ns != wf.ns || !s.selector) continue;
        auto hits = inv.workload_labels.matches(s.ns, *s.selector, workload);
        if (std::find(hits.begin(), hits.end(), static_cast<std::uint32_t>(w)) != hits.end()) fronts.push_back(&s);
      }
    }
    std::map<int, std::string> seen;
    for (const TcpServicesFact::Entry& e : f.entries) {
      std::optional<int> port = port_number(e.key);
      if (!port) {
        out.add("tcp-services", e.at, "key \"" + e.key + "\" of ConfigMap \"" + self + "\" is not a port number (1-65535)",
                "each key is the public port the controller listens on");
        continue;
      }
      if (*port == 80 || *port == 443) {
        out.add("tcp-services", e.at,
                "port " + e.key + " collides with the controller's " + (*port == 80 ? "HTTP" : "HTTPS") + " port",
                "pick another public port for this TCP service");
      }
      auto [it, fresh] = seen.emplace(*port, e.key);
      if (!fresh) {
        out.add("tcp-services", e.at, "port " + std::to_string(*port) + " is listed twice (\"" + it->second + "\" and \"" +
                                          e.key + "\")",
                "keep one entry per public port");
      }
      std::optional<Target> t = parse_target(e.value);
      if (!t) {
        out.add("tcp-services", e.at, "port " + e.key + " maps to \"" + e.value + "\", not namespace/service:port",
                "write it as \"db/postgres:5432\" (optionally followed by :PROXY)");
        continue;
      }
      auto svc = services.find(t->ns + "/" + t->service);
      if (svc == services.end()) {
        out.add("tcp-services", e.at,
                "port " + e.key + " points at Service \"" + t->ns + "/" + t->service + "\", which is not in the set",
                "check the namespace and name, or add the Service");
      } else {
        bool has = false;
        for (const ServiceFact::Port& p : svc->second->ports) has = has || std::to_string(p.port) == t->port || p.name == t->port;
        if (!has)
          out.add("tcp-services", e.at,
                  "port " + e.key + " points at port " + t->port + " of Service \"" + t->ns + "/" + t->service +
                      "\", which it does not have",
                  "use one of the Service's ports");
      }
      if (read && !fronts.empty()) {
        bool exposed = false;
        for (const ServiceFact* s : fronts)
          for (const ServiceFact::Port& p : s->ports) exposed = exposed || p.port == *port;
        if (!exposed)
          out.add("tcp-services", e.at,
                  "port " + e.key + " is not a port of the controller's Service \"" + fronts.front()->ns + "/" +
                      fronts.front()->name + "\", so nothing outside reaches it",
                  "add port " + e.key + " to the controller's Service");
      }
    }
  }
}

}  // namespace bg::check::rules
