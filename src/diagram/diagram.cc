#include "diagram/diagram.h"

#include <map>
#include <sstream>

namespace bg::diagram {
namespace {

// DOT identifiers are quoted; quotes and backslashes inside are escaped.
std::string q(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";  // a line break inside a label
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const char* layer_color(const std::string& layer) {
  if (layer == "access") return "#fde68a";
  if (layer == "data") return "#bfdbfe";
  if (layer == "observability") return "#bbf7d0";
  if (layer == "ml") return "#e9d5ff";
  if (layer == "automation") return "#fecaca";
  return "#e5e7eb";
}

std::string node_id(const std::string& component) { return q("c_" + component); }

}  // namespace

std::string to_dot(const platform::Platform& p) {
  std::ostringstream o;
  o << "digraph platform {\n"
    << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.35, ranksep=1.0, label="
    << q(p.name + " — " + p.domain + " (TLS: " + p.issuer_name() + ")") << ", labelloc=t];\n"
    << "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, fillcolor=\"#f3f4f6\"];\n"
    << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#6b7280\"];\n";
  std::string entry = "internet";
  std::string entry_label = "Internet";
  for (const std::string& a : p.ingress_addresses) entry_label += "\n" + a;
  o << "  internet [shape=ellipse, fillcolor=\"#ffffff\", label=" << q(entry_label) << "];\n";

  const platform::Component* controller = p.provider("ingress-controller");
  // The access layer's node: the ingress controller, or with gateway-api the Gateway (no component).
  std::string access = controller ? node_id(controller->name) : p.gateway_api() ? q("gateway") : "";
  if (!controller && !access.empty())
    o << "  " << access << " [label=\"Gateway gateway/platform\\nCilium Envoy\", fillcolor=\"" << layer_color("access") << "\"];\n";
  // Components grouped by namespace; those that run nothing (e.g. issuers) sit in the access layer.
  std::map<std::string, std::vector<const platform::Component*>> by_ns;
  for (const platform::Component& c : p.components) by_ns[c.blueprint->workload == catalog::WorkloadKind::kNone ? "" : c.ns].push_back(&c);
  for (const auto& [ns, comps] : by_ns) {
    if (!ns.empty()) {
      o << "  subgraph " << q("cluster_" + ns) << " {\n    label=" << q("namespace " + ns) << "; style=\"rounded,dashed\"; color=\"#9ca3af\";\n";
    }
    for (const platform::Component* c : comps) {
      std::string label = c->name;
      if (!c->image.empty()) label += "\n" + c->image.substr(c->image.find_last_of('/') + 1);
      if (c->placement) label += "\n" + c->storage_size + " on " + c->placement->node;
      o << (ns.empty() ? "  " : "    ") << node_id(c->name) << " [label=" << q(label) << ", fillcolor=\"" << layer_color(c->blueprint->layer)
        << "\"" << (c->placement ? ", shape=cylinder" : "") << "];\n";
    }
    if (!ns.empty()) o << "  }\n";
  }
  if (!access.empty()) {
    o << "  " << entry << " -> " << access << " [label=\"80, 443";
    for (const platform::Component& c : p.components)
      for (const platform::TcpRoute& t : c.tcp) o << ", " << t.public_port;
    o << "\", penwidth=2];\n";
  }
  for (const platform::Component& c : p.components) {
    if (c.provides("cert-issuer") && !access.empty())
      o << "  " << node_id(c.name) << " -> " << access << " [label=\"certificates\", style=dotted];\n";
    if (!access.empty() && c.ui)
      o << "  " << access << " -> " << node_id(c.name) << " [label=" << q("https://" + c.ui->host + (c.auth != spec::AuthMode::kNone ? " (" + std::string(spec::auth_name(c.auth)) + " auth)" : "")) << ", color=\"#2563eb\"];\n";
    for (const platform::TcpRoute& t : c.tcp)
      if (!access.empty()) o << "  " << access << " -> " << node_id(c.name) << " [label=" << q("tcp " + std::to_string(t.public_port)) << ", color=\"#d97706\"];\n";
    for (const std::string& d : c.depends_on)
      o << "  " << node_id(c.name) << " -> " << node_id(d) << " [style=dashed, label=\"uses\"];\n";
  }
  o << "  subgraph cluster_nodes {\n    label=\"nodes\"; style=\"rounded\"; color=\"#9ca3af\";\n";
  for (const platform::Node& n : p.nodes) {
    std::string label = n.name + "\n" + std::string(spec::role_name(n.role)) + "\n" + n.public_address;
    if (!n.ssd_path.empty()) label += "\nSSD " + n.ssd_path;
    o << "    " << q("n_" + n.name) << " [shape=box3d, fillcolor=\"#ffffff\", label=" << q(label) << "];\n";
  }
  o << "  }\n";
  for (const platform::Component& c : p.components)
    if (c.placement) o << "  " << node_id(c.name) << " -> " << q("n_" + c.placement->node) << " [style=dotted, arrowhead=none, label=\"data\"];\n";
  o << "}\n";
  return o.str();
}

std::string to_text(const platform::Platform& p) {
  std::ostringstream o;
  const platform::Component* controller = p.provider("ingress-controller");
  std::string entry = p.ingress_addresses.empty() ? "internet" : "internet → " + p.ingress_addresses.front();
  o << entry << "\n";
  if (controller) o << "└─ " << controller->name << " (" << controller->ns << ")\n";
  else if (p.gateway_api()) o << "└─ Gateway gateway/platform (Cilium)\n";
  std::map<std::string, std::vector<const platform::Component*>> by_ns;
  for (const platform::Component& c : p.components)
    if (&c != controller && c.blueprint->workload != catalog::WorkloadKind::kNone) by_ns[c.ns].push_back(&c);
  std::size_t i = 0;
  for (const auto& [ns, comps] : by_ns) {
    bool last_ns = ++i == by_ns.size();
    o << "   " << (last_ns ? "└─ " : "├─ ") << "namespace " << ns << "\n";
    for (std::size_t j = 0; j < comps.size(); ++j) {
      const platform::Component* c = comps[j];
      o << "   " << (last_ns ? "   " : "│  ") << (j + 1 == comps.size() ? "└─ " : "├─ ") << c->name;
      std::string sep = "  ";
      if (c->ui) o << sep << "https://" << c->ui->host, sep = ", ";
      for (const platform::TcpRoute& t : c->tcp) o << sep << "tcp " << t.public_port, sep = ", ";
      if (c->placement) o << sep << c->storage_size << " on " << c->placement->node;
      if (!c->depends_on.empty()) {
        o << sep << "uses";
        for (const std::string& d : c->depends_on) o << " " << d;
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace bg::diagram
