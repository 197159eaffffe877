// The isolate trait: a namespace per domain, default-deny, and only derived allow rules.
//
// Every namespace that runs workloads gets Pod Security labels (the strictest level its components
// allow), a default-deny NetworkPolicy for both directions and DNS egress. Every other path is derived,
// never hand-written: from the ingress controller to each exposed port (and to cert-manager's
// HTTP-01 solver pods), from the world to the controller's public ports, from a component to each
// component it depends on (its service ports, or the ports the edge names), to the API server for components that hold RBAC rules,
// to the nodes' addresses on the ports a blueprint's `nodeEgress` lists, from the API
// server to a component's admission webhook port, and for the pods a component spawns at run time
// (Argo's workflow pods) exactly the paths its blueprint lists. DNS is open to every pod of a
// namespace (allow-dns), spawned pods included.
#include <algorithm>
#include <set>

#include "render/context.h"
#include "render/gateway.h"
#include "render/service_ports.h"

namespace bg::render {
namespace {

Json policy(const std::string& name, const std::string& ns, Json pod_selector, Json types) {
  Json spec = {{"podSelector", std::move(pod_selector)}, {"policyTypes", std::move(types)}};
  return {{"apiVersion", "networking.k8s.io/v1"}, {"kind", "NetworkPolicy"}, {"metadata", meta(name, ns)},
          {"spec", spec}};
}

Json tcp_ports(const std::vector<int>& ports) {
  Json out = Json::array();
  for (int p : ports) out.push_back({{"protocol", "TCP"}, {"port", p}});
  return out;
}

// Ports the access layer forwards to a component: its UI and its raw TCP ports.
std::vector<int> exposed_ports(const platform::Component& c) {
  std::set<int> ports;
  if (c.ui) ports.insert(c.ui->port);
  for (const platform::TcpRoute& r : c.tcp) ports.insert(r.port);
  return {ports.begin(), ports.end()};
}

// The API server runs on the control-plane nodes' host network; reach it there and only there. No
// control-plane address known: any address (the ports still limit the rule).
Json apiserver_peers(const platform::Platform& p) { return node_peers(p, true); }

// Egress from `selector`'s pods to node addresses (`peers`, from node_peers) on `ports`; with no
// address known, to any address (the ports still limit the rule).
Json to_nodes(const std::string& name, const std::string& ns, Json selector, Json peers, const std::vector<int>& ports) {
  Json pol = policy(name, ns, std::move(selector), Json::array({"Egress"}));
  Json rule = {{"ports", tcp_ports(ports)}};
  if (!peers.empty()) rule["to"] = std::move(peers);
  pol["spec"]["egress"] = Json::array({rule});
  return pol;
}

// Egress from `selector`'s pods to the API server.
Json to_apiserver(const platform::Platform& p, const std::string& name, const std::string& ns, Json selector) {
  return to_nodes(name, ns, std::move(selector), apiserver_peers(p), {443, 6443});
}

// The API server calls admission webhooks: ingress to the webhook port from the control plane, and
// with the gateway-api backend (Cilium's policies in play) the same for Cilium's `kube-apiserver`
// entity, which is how Cilium sees the API server's host-network traffic.
void from_apiserver(const RenderContext& ctx, const platform::Component& c, int port) {
  Json self = {{"matchLabels", selector_labels(c.name)}};
  Json pol = policy(c.name + "-from-apiserver", c.ns, self, Json::array({"Ingress"}));
  Json rule = {{"ports", tcp_ports({port})}};
  if (Json from = apiserver_peers(ctx.platform); !from.empty()) rule["from"] = from;
  pol["spec"]["ingress"] = Json::array({rule});
  ctx.add(std::move(pol), &c, "isolate");
  if (ctx.platform.gateway_api())
    ctx.add(from_entity_policy(c.name + "-from-kube-apiserver", c.ns, selector_labels(c.name), "kube-apiserver", {port}),
            &c, "isolate");
}

// The pods a component spawns (SpawnedPodsDef): to the API server if they talk to it, and to each
// port of a dependency they reach, with the matching ingress on the dependency's side.
void spawned_pods(const RenderContext& ctx, const platform::Component& c) {
  const catalog::SpawnedPodsDef& d = *c.blueprint->spawned_pods;
  Json labels = {{"matchExpressions", Json::array({{{"key", d.label}, {"operator", "Exists"}}})}};
  if (d.api_server) ctx.add(to_apiserver(ctx.platform, c.name + "-pods-to-apiserver", c.ns, labels), &c, "isolate");
  for (const auto& [dep_name, port_name] : d.reaches) {
    const platform::Component* dep = ctx.platform.find(dep_name);
    if (!dep || std::find(c.depends_on.begin(), c.depends_on.end(), dep_name) == c.depends_on.end()) continue;
    const catalog::PortDef* port = dep->blueprint->find_port(port_name);
    if (!port) continue;  // a catalog error (Catalog::check_edges)
    Json out = policy(c.name + "-pods-to-" + dep->name, c.ns, labels, Json::array({"Egress"}));
    out["spec"]["egress"] = Json::array({{{"to", Json::array({pod_peer(dep->ns, selector_labels(dep->name))})},
                                          {"ports", tcp_ports({port->port})}}});
    ctx.add(std::move(out), &c, "isolate");
    Json from = {{"namespaceSelector", {{"matchLabels", {{"kubernetes.io/metadata.name", c.ns}}}}}, {"podSelector", labels}};
    Json in = policy(dep->name + "-from-" + c.name + "-pods", dep->ns, {{"matchLabels", selector_labels(dep->name)}},
                     Json::array({"Ingress"}));
    in["spec"]["ingress"] = Json::array({{{"from", Json::array({from})}, {"ports", tcp_ports({port->port})}}});
    ctx.add(std::move(in), dep, "isolate");
  }
}

constexpr int kAcmeSolverPort = 8089;
const Json kAcmeSolverLabels = {{"acme.cert-manager.io/http01-solver", "true"}};

}  // namespace

void render_namespaces(const RenderContext& ctx) {
  const platform::Platform& p = ctx.platform;
  const platform::Component* controller = p.provider("ingress-controller");
  for (const platform::Namespace& ns : p.namespaces) {
    Json labels = {{"kubernetes.io/metadata.name", ns.name}};
    for (const char* mode : {"enforce", "audit", "warn"}) {
      labels[std::string("pod-security.kubernetes.io/") + mode] = ns.pod_security;
      labels[std::string("pod-security.kubernetes.io/") + mode + "-version"] = "v1.32";
    }
    Json m = meta(ns.name, "");
    m["labels"] = labels;
    ctx.add({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", m}}, nullptr, "isolate");

    ctx.add(policy("default-deny", ns.name, Json::object(), Json::array({"Ingress", "Egress"})), nullptr, "isolate");

    Json dns = policy("allow-dns", ns.name, Json::object(), Json::array({"Egress"}));
    dns["spec"]["egress"] = Json::array(
        {{{"to", Json::array({pod_peer("kube-system", {{"k8s-app", "kube-dns"}})})},
          {"ports", Json::array({{{"protocol", "UDP"}, {"port", 53}}, {{"protocol", "TCP"}, {"port", 53}}})}}});
    ctx.add(std::move(dns), nullptr, "isolate");

    bool has_solver = false;  // a UI host's certificate, or a raw TCP port's (tcp_tls.cc)
    for (const std::string& name : ns.components) has_solver |= p.find(name)->ui.has_value() || needs_tcp_certificate(p, *p.find(name));
    if (has_solver && controller) {
      // cert-manager runs its HTTP-01 solver pods in the namespace of the certificate's Ingress.
      Json solver = policy("acme-http01-solver", ns.name, {{"matchLabels", kAcmeSolverLabels}}, Json::array({"Ingress"}));
      solver["spec"]["ingress"] = Json::array({{{"from", Json::array({pod_peer(controller->ns, selector_labels(controller->name))})},
                                                {"ports", tcp_ports({kAcmeSolverPort})}}});
      ctx.add(std::move(solver), nullptr, "isolate");
    }
  }
}

void render_isolation(const RenderContext& ctx, const platform::Component& c) {
  const platform::Platform& p = ctx.platform;
  if (c.blueprint->workload == catalog::WorkloadKind::kNone) return;
  Json self = {{"matchLabels", selector_labels(c.name)}};
  const platform::Component* controller = p.provider("ingress-controller");

  std::vector<int> exposed = exposed_ports(c);
  if (!exposed.empty() && controller) {
    Json pol = policy(c.name + "-from-ingress", c.ns, self, Json::array({"Ingress"}));
    pol["spec"]["ingress"] = Json::array(
        {{{"from", Json::array({pod_peer(controller->ns, selector_labels(controller->name))})}, {"ports", tcp_ports(exposed)}}});
    ctx.add(std::move(pol), &c, "isolate");
  }

  if (c.provides("ingress-controller")) {
    std::vector<int> public_ports = {80, 443};
    Json restricted = Json::array();  // raw TCP ports that answer only expose.sourceRanges
    Json egress = Json::array();
    std::set<std::string> solver_namespaces;
    for (const platform::Component& other : p.components) {
      for (const platform::TcpRoute& r : other.tcp) {
        if (r.source_ranges.empty()) {
          public_ports.push_back(r.public_port);
          continue;
        }
        // The controller's pods receive the clients' own connections (the Service's externalIPs),
        // so an ipBlock here matches the client's address: the one place it can be restricted.
        Json from = Json::array();
        for (const std::string& cidr : r.source_ranges) from.push_back({{"ipBlock", {{"cidr", cidr}}}});
        restricted.push_back({{"from", from}, {"ports", tcp_ports({r.public_port})}});
      }
      std::vector<int> ports = exposed_ports(other);
      if (ports.empty()) continue;
      egress.push_back({{"to", Json::array({pod_peer(other.ns, selector_labels(other.name))})}, {"ports", tcp_ports(ports)}});
      if (other.ui || needs_tcp_certificate(p, other)) solver_namespaces.insert(other.ns);
    }
    for (const std::string& ns : solver_namespaces)
      egress.push_back({{"to", Json::array({pod_peer(ns, kAcmeSolverLabels)})}, {"ports", tcp_ports({kAcmeSolverPort})}});
    Json world = policy(c.name + "-from-world", c.ns, self, Json::array({"Ingress"}));
    world["spec"]["ingress"] = Json::array({{{"ports", tcp_ports(public_ports)}}});
    for (const Json& rule : restricted) world["spec"]["ingress"].push_back(rule);
    ctx.add(std::move(world), &c, "isolate");
    if (!egress.empty()) {
      Json backends = policy(c.name + "-to-backends", c.ns, self, Json::array({"Egress"}));
      backends["spec"]["egress"] = egress;
      ctx.add(std::move(backends), &c, "isolate");
    }
  }

  if (!c.blueprint->cluster_rules.empty() || !c.blueprint->namespace_rules.empty())
    ctx.add(to_apiserver(p, c.name + "-to-apiserver", c.ns, self), &c, "isolate");
  if (int port = webhook_port(c)) from_apiserver(ctx, c, port);
  if (c.blueprint->spawned_pods) spawned_pods(ctx, c);

  if (!c.blueprint->internet_egress.empty()) {
    // Outside the cluster only (model hubs, package indexes, ACME): private ranges stay closed, so
    // this never opens a path to another pod or node.
    Json to = {{"ipBlock", {{"cidr", "0.0.0.0/0"}, {"except", Json::array({"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"})}}}};
    Json pol = policy(c.name + "-to-internet", c.ns, self, Json::array({"Egress"}));
    pol["spec"]["egress"] = Json::array({{{"to", Json::array({to})}, {"ports", tcp_ports(c.blueprint->internet_egress)}}});
    ctx.add(std::move(pol), &c, "isolate");
  }

  // Host-network endpoints the platform does not render (the kubelet, Cilium's metrics): at every
  // node's addresses, as the observe trait reaches a host-network component it does render.
  if (!c.blueprint->node_egress.empty())
    ctx.add(to_nodes(c.name + "-to-nodes", c.ns, self, node_peers(p, false), c.blueprint->node_egress), &c, "isolate");

  for (const std::string& dep_name : c.depends_on) {
    const platform::Component* dep = p.find(dep_name);
    if (!dep || dep->blueprint->workload == catalog::WorkloadKind::kNone) continue;
    std::vector<int> ports = service_ports(*dep);
    if (const catalog::DependencyDef* d = c.blueprint->dependency(dep_name); d && !d->ports.empty()) {
      ports.clear();
      for (const std::string& name : d->ports)
        if (const catalog::PortDef* port = dep->blueprint->find_port(name)) ports.push_back(port->port);
    }
    Json out = policy(c.name + "-to-" + dep->name, c.ns, self, Json::array({"Egress"}));
    out["spec"]["egress"] = Json::array({{{"to", Json::array({pod_peer(dep->ns, selector_labels(dep->name))})}, {"ports", tcp_ports(ports)}}});
    ctx.add(std::move(out), &c, "isolate");
    // The scraper's own ingress rule on a metrics port (the observe trait) already has the plain
    // name: a scraper's dependency edge (Prometheus sending traces to the collector) is named apart.
    const bool scrapes_dep = c.provides("metrics-scraper") && dep->blueprint->metrics.has_value();
    Json in = policy(dep->name + "-from-" + c.name + (scrapes_dep ? "-dependency" : ""), dep->ns, {{"matchLabels", selector_labels(dep->name)}}, Json::array({"Ingress"}));
    in["spec"]["ingress"] = Json::array({{{"from", Json::array({pod_peer(c.ns, selector_labels(c.name))})}, {"ports", tcp_ports(ports)}}});
    ctx.add(std::move(in), dep, "isolate");
  }
}

}  // namespace bg::render
