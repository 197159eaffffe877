#include "render/context.h"

#include "platform/dns.h"
#include "render/auth_proxy.h"

namespace bg::render {

Json common_labels(const platform::Platform& p, const platform::Component* c) {
  Json l = {{"app.kubernetes.io/managed-by", kManagedBy}, {"app.kubernetes.io/part-of", p.name}};
  if (c) {
    l[kNameLabel] = c->name;
    l["app.kubernetes.io/component"] = c->blueprint->layer;
  }
  return l;
}

Json container_security(const Json& additions) {
  Json s = {{"allowPrivilegeEscalation", false},
            {"runAsNonRoot", true},
            {"capabilities", {{"drop", Json::array({"ALL"})}}},
            {"seccompProfile", {{"type", "RuntimeDefault"}}}};
  for (auto& [k, v] : additions.items()) {
    if (k == "capabilities") {
      if (v.contains("add")) s["capabilities"]["add"] = v["add"];
    } else {
      s[k] = v;
    }
  }
  return s;
}

Json selector_labels(const std::string& component) { return {{kNameLabel, component}}; }

Json meta(const std::string& name, const std::string& ns) {
  Json m = {{"name", name}};
  if (!ns.empty()) m["namespace"] = ns;
  return m;
}

Json job_spec(Json pod_template, int backoff_limit, int deadline_seconds) {
  for (Json& c : pod_template["spec"]["containers"]) c["terminationMessagePolicy"] = "FallbackToLogsOnError";
  return {{"backoffLimit", backoff_limit},
          {"activeDeadlineSeconds", deadline_seconds},
          {"ttlSecondsAfterFinished", 7 * 24 * 3600},
          {"template", std::move(pod_template)}};
}

std::string data_claim_name(const platform::Component& c) { return "data-" + c.name + "-0"; }

static int public_port(const platform::Component& c, const std::string& port_name) {
  for (const platform::TcpRoute& r : c.tcp)
    if (r.port_name == port_name) return r.public_port;
  const catalog::PortDef* own = c.blueprint->find_port(port_name);  // not exposed: its own port
  return own ? own->port : 0;
}

std::string config_map_name(const platform::Component& c) { return c.name + "-config"; }

std::string init_job_name(const platform::Component& provider, const platform::Component& dependent) {
  return provider.name + "-init-" + dependent.name;
}

// The lines between a line `${when:NAME}` and the next line `${end}` are kept only while component
// NAME is enabled, or, for `${when:tcpTls}`, while the component serves its raw TCP ports with TLS
// (tcp_tls.cc; no component can be named so: names are lowercase); the marker lines themselves
// never are.
static bool condition_holds(const std::string& name, const platform::Platform& p, const platform::Component& c) {
  if (name == "tcpTls") return needs_tcp_certificate(p, c);
  return p.find(name) != nullptr;
}

static std::string conditional_lines(const std::string& text, const platform::Platform& p, const platform::Component& c) {
  std::string out;
  bool keep = true;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t eol = text.find('\n', at);
    std::size_t next = eol == std::string::npos ? text.size() : eol + 1;
    std::string line = text.substr(at, next - at), bare = line;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == ' ')) bare.pop_back();
    bare.erase(0, bare.find_first_not_of(' ') == std::string::npos ? bare.size() : bare.find_first_not_of(' '));
    if (bare.rfind("${when:", 0) == 0 && bare.back() == '}') keep = condition_holds(bare.substr(7, bare.size() - 8), p, c);
    else if (bare == "${end}") keep = true;
    else if (keep) out += line;
    at = next;
  }
  return out;
}

std::vector<RenderedFile> config_files(const platform::Platform& p, const platform::Component& c) {
  std::vector<RenderedFile> out;
  for (const catalog::FileDef& f : c.blueprint->files)
    if (f.when.empty() || p.find(f.when)) out.push_back({&f, expand(conditional_lines(f.content, p, c), p, c)});
  return out;
}

int proxy_hops(const platform::Platform& p, const platform::Component& c) {
  if (!c.ui) return 0;
  return auth_proxy(p, c) ? 2 : 1;
}

std::string expand(const std::string& text, const platform::Platform& p, const platform::Component& c) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") == 0) {
      std::size_t end = text.find('}', i);
      if (end != std::string::npos) {
        std::string var = text.substr(i + 2, end - i - 2);
        if (var == "host") out += c.ui ? c.ui->host : c.name + "." + p.domain;
        else if (var == "domain") out += p.domain;
        else if (var == "namespace") out += c.ns;
        else if (var == "name") out += c.name;
        else if (var.rfind("svc:", 0) == 0 && p.find(var.substr(4))) out += var.substr(4) + "." + p.find(var.substr(4))->ns + ".svc";
        else if (var == "ingressAddress") out += p.ingress_addresses.empty() ? p.domain : p.ingress_addresses.front();
        else if (var == "tcpHost") out += platform::tcp_entry_host(p);
        else if (var == "proxyHops") out += std::to_string(proxy_hops(p, c));
        else if (var == "podCIDR") out += p.network.pods.str();
        else if (var.rfind("tcpPort:", 0) == 0 && public_port(c, var.substr(8))) out += std::to_string(public_port(c, var.substr(8)));
        else out += text.substr(i, end - i + 1);
        i = end + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

Json pod_peer(const std::string& ns, const Json& pod_labels) {
  return {{"namespaceSelector", {{"matchLabels", {{"kubernetes.io/metadata.name", ns}}}}},
          {"podSelector", {{"matchLabels", pod_labels}}}};
}

Json node_peers(const platform::Platform& p, bool control_plane) {
  Json peers = Json::array();
  for (const platform::Node& n : p.nodes) {
    if (control_plane && n.role != spec::NodeRole::kControlPlane) continue;
    for (const std::string& addr : {n.public_address, n.mesh_address.str()}) {
      if (addr.empty()) continue;
      peers.push_back({{"ipBlock", {{"cidr", addr + (addr.find(':') == std::string::npos ? "/32" : "/128")}}}});
    }
  }
  return peers;
}

void add_body_size(Json& ingress_annotations, const platform::Component& c) {
  if (!c.blueprint->ui_body_size.empty())
    ingress_annotations["nginx.ingress.kubernetes.io/proxy-body-size"] = c.blueprint->ui_body_size;
}

void RenderContext::add(Json body, const platform::Component* c, const char* trait) const {
  Json& labels = body["metadata"]["labels"];
  if (!labels.is_object()) labels = Json::object();
  const Json common = common_labels(platform, c);  // named: items() of a temporary would dangle
  for (auto& [k, v] : common.items())
    if (!labels.contains(k)) labels[k] = v;
  manifest::Object o{std::move(body), {c ? c->name : "", trait, c ? c->loc : SourceLocation{}}};
  out.add(std::move(o));
}

}  // namespace bg::render
