// betelgeuse plan: what the platform consists of — components, namespaces, URLs, TCP endpoints,
// storage per node, secrets to be generated — and the findings on its rendered objects. Given a
// cluster (--kubeconfig, --context or --live) it also shows what apply would change, per wave,
// and the kinds the cluster does not serve (exit 1: apply would refuse to start). Exit 3 when the
// cluster cannot be talked to (cluster_failure.h).
#include <map>

#include "apply/preview.h"
#include "cli/cluster_failure.h"
#include "cli/live.h"
#include "cli/plan_changes.h"

#include "check/finding.h"
#include "check/report.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "diagram/diagram.h"
#include "pipeline/pipeline.h"
#include "platform/dns.h"

namespace bg::cli {
namespace {

using nlohmann::json;

std::string public_endpoint(const platform::Platform& p, int port) {
  std::string addr = p.ingress_addresses.empty() ? "<ingress>" : p.ingress_addresses.front();
  if (addr.find(':') != std::string::npos) addr = "[" + addr + "]";
  return addr + ":" + std::to_string(port);
}

json plan_json(const pipeline::PipelineResult& r) {
  const platform::Platform& p = r.platform;
  json out = {{"platform", p.name}, {"domain", p.domain}, {"issuer", p.issuer_name()},
              {"exposure", std::string(spec::backend_name(p.backend))}};
  out["nodes"] = json::array();
  for (const platform::Node& n : p.nodes)
    out["nodes"].push_back({{"name", n.name}, {"role", std::string(spec::role_name(n.role))},
                            {"publicAddress", n.public_address}, {"meshAddress", n.mesh_address.str()},
                            {"ssdPath", n.ssd_path}, {"ingress", n.ingress}});
  out["components"] = json::array();
  out["urls"] = json::array();
  out["tcpEndpoints"] = json::array();
  out["storage"] = json::array();
  for (const platform::Component& c : p.components) {
    out["components"].push_back({{"name", c.name}, {"namespace", c.ns}, {"layer", c.blueprint->layer},
                                 {"workload", std::string(catalog::workload_name(c.blueprint->workload))},
                                 {"replicas", c.replicas}, {"image", c.image}, {"dependsOn", c.depends_on}});
    if (c.ui)
      out["urls"].push_back({{"url", "https://" + c.ui->host}, {"component", c.name},
                             {"backend", c.ns + "/" + c.ui->service + ":" + std::to_string(c.ui->port)},
                             {"auth", std::string(spec::auth_name(c.auth))}});
    for (const platform::TcpRoute& t : c.tcp)
      out["tcpEndpoints"].push_back({{"endpoint", public_endpoint(p, t.public_port)}, {"component", c.name},
                                     {"backend", c.ns + "/" + c.name + ":" + std::to_string(t.port)}});
    if (c.placement)
      out["storage"].push_back({{"node", c.placement->node}, {"path", c.placement->host_path},
                                {"size", c.storage_size}, {"component", c.name}});
  }
  out["namespaces"] = json::array();
  for (const platform::Namespace& ns : p.namespaces)
    out["namespaces"].push_back({{"name", ns.name}, {"podSecurity", ns.pod_security}, {"components", ns.components}});
  out["secrets"] = json::array();
  for (const platform::SecretPlan& s : p.secrets)
    out["secrets"].push_back({{"namespace", s.ns}, {"name", s.name}, {"keys", s.keys}, {"generated", s.generated},
                              {"purpose", s.purpose}, {"alsoIn", s.mirror_ns}});
  out["dnsRecords"] = json::array();
  for (const platform::DnsRecord& d : platform::dns_records(p))
    out["dnsRecords"].push_back({{"name", d.name}, {"type", d.type}, {"value", d.value}, {"purpose", d.purpose}});
  out["objects"] = r.objects.size();
  out["findings"] = json::array();
  for (const check::Finding& f : r.findings)
    out["findings"].push_back({{"rule", f.rule}, {"severity", std::string(severity_name(f.severity))},
                               {"object", f.object.identity()}, {"path", check::path_string(f.path)},
                               {"message", f.message}, {"location", f.loc.str()}});
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

void print_table(Io& io, const pipeline::PipelineResult& r) {
  const platform::Platform& p = r.platform;
  io.out << "Platform " << p.name << ": domain " << p.domain << ", TLS from " << p.issuer_name() << ", exposure "
         << spec::backend_name(p.backend) << "\n\n";
  io.out << diagram::to_text(p) << "\n";
  Table nodes({"NODE", "ROLE", "PUBLIC", "MESH", "SSD", "INGRESS"});
  for (const platform::Node& n : p.nodes)
    nodes.row({n.name, std::string(spec::role_name(n.role)), n.public_address, n.mesh_address.str(),
               n.ssd_path.empty() ? "-" : n.ssd_path, n.ingress || std::find(p.ingress_addresses.begin(), p.ingress_addresses.end(), n.public_address) != p.ingress_addresses.end() ? "yes" : "no"});
  io.out << "Nodes\n" << nodes.str("  ") << "\n";
  Table comps({"COMPONENT", "NAMESPACE", "WORKLOAD", "REPLICAS", "IMAGE", "DEPENDS ON"});
  for (const platform::Component& c : p.components) {
    bool runs = c.blueprint->workload != catalog::WorkloadKind::kNone;
    comps.row({c.name, runs ? c.ns : "-", std::string(catalog::workload_name(c.blueprint->workload)),
               runs && c.blueprint->workload != catalog::WorkloadKind::kDaemonSet ? std::to_string(c.replicas) : "-",
               c.image.empty() ? "-" : c.image, c.depends_on.empty() ? "-" : join(c.depends_on)});
  }
  io.out << "Components\n" << comps.str("  ") << "\n";
  Table nss({"NAMESPACE", "POD SECURITY", "COMPONENTS"});
  for (const platform::Namespace& ns : p.namespaces) nss.row({ns.name, ns.pod_security, join(ns.components)});
  io.out << "Namespaces (default-deny, DNS allowed, every other path derived)\n" << nss.str("  ") << "\n";
  Table urls({"URL", "BACKEND", "AUTH"});
  Table tcp({"ENDPOINT", "BACKEND", "COMPONENT"});
  Table storage({"NODE", "PATH", "SIZE", "COMPONENT"});
  for (const platform::Component& c : p.components) {
    if (c.ui) urls.row({"https://" + c.ui->host, c.ns + "/" + c.ui->service + ":" + std::to_string(c.ui->port), std::string(spec::auth_name(c.auth))});
    for (const platform::TcpRoute& t : c.tcp) tcp.row({public_endpoint(p, t.public_port), c.ns + "/" + c.name + ":" + std::to_string(t.port), c.name});
  }
  // Grouped by node, in the spec's order of nodes: what each machine's disks must hold.
  for (const auto& n : p.nodes)
    for (const platform::Component& c : p.components)
      if (c.placement && c.placement->node == n.name)
        storage.row({c.placement->node, c.placement->host_path, c.storage_size, c.name});
  io.out << "URLs (TLS from " << p.issuer_name() << ")\n" << (urls.empty() ? "  none\n" : urls.str("  ")) << "\n";
  io.out << "TCP endpoints\n" << (tcp.empty() ? "  none\n" : tcp.str("  ")) << "\n";
  io.out << "Storage per node (local PersistentVolumes, reclaim policy Retain)\n" << (storage.empty() ? "  none\n" : storage.str("  ")) << "\n";
  Table dns({"NAME", "TYPE", "VALUE", "FOR"});
  for (const platform::DnsRecord& d : platform::dns_records(p)) dns.row({d.name, d.type, d.value, d.purpose});
  io.out << "DNS records (render writes them to " << platform::zone_file_path(p) << ")\n"
         << (dns.empty() ? "  none\n" : dns.str("  ")) << "\n";
  Table secrets({"SECRET", "GENERATED KEYS", "PURPOSE"});
  for (const platform::SecretPlan& s : p.secrets)
    secrets.row({s.ns + "/" + s.name, join(s.generated),
                 s.purpose + (s.mirror_ns.empty() ? "" : " (same values also in " + join(s.mirror_ns) + ")")});
  io.out << "Secrets generated on first apply (never rendered, never rotated unless asked)\n"
         << (secrets.empty() ? "  none\n" : secrets.str("  ")) << "\n";
  io.out << r.objects.size() << " objects rendered, " << check::count_text(r.findings) << "\n";
  if (!r.findings.empty()) io.out << render_diagnostics(check::to_diagnostics(r.findings), r.sources, io.color_out);
}

}  // namespace

int cmd_plan(Io& io, const PlanOptions& options) {
  if (!options.live) {
    pipeline::PipelineResult r = pipeline::run(io.fs, options.spec, options.state);
    if (!r.ok()) {
      io.err << render_diagnostics(r.diagnostics, r.sources, io.color_err);
      return kExitBadInput;
    }
    if (options.output == "json") io.out << plan_json(r).dump(2) << "\n";
    else print_table(io, r);
    return r.findings.empty() ? kExitOk : kExitFindings;
  }
  LiveOptions live;
  live.spec = options.spec;
  live.state = options.state;
  live.target = options.target;
  int exit_code = kExitOk;
  auto session = open_live(io, live, exit_code);
  if (!session) return exit_code;
  auto changes = apply::preview(*session->cluster, std::move(session->input));
  if (!changes) return report_failure(io, "", changes.status(), kExitBadInput);
  if (options.output == "json") {
    json out = plan_json(session->run);
    out["changes"] = plan_changes_json(*changes);
    io.out << out.dump(2) << "\n";
  } else {
    print_table(io, session->run);
    io.out << "\n" << plan_changes_text(*changes, io.color_out);
  }
  return session->run.findings.empty() && changes->unserved.empty() ? kExitOk : kExitFindings;
}

}  // namespace bg::cli
