#include "spec/loader.h"

#include <arpa/inet.h>

#include <optional>
#include <regex>
#include <set>

#include "spec/reader.h"
#include "yaml/loader.h"

namespace bg::spec {

bool is_dns_label(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return s.front() != '-' && s.back() != '-';
}

bool is_dns_name(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    if (!is_dns_label(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start)))
      return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_ip_address(std::string_view s) {
  std::string str(s);
  unsigned char buf[16];
  return inet_pton(AF_INET, str.c_str(), buf) == 1 || inet_pton(AF_INET6, str.c_str(), buf) == 1;
}

bool is_cidr(std::string_view s) {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash + 1 >= s.size()) return false;
  std::string_view addr = s.substr(0, slash), prefix = s.substr(slash + 1);
  if (!is_ip_address(addr) || prefix.size() > 3) return false;
  int p = 0;
  for (char c : prefix) {
    if (c < '0' || c > '9') return false;
    p = p * 10 + (c - '0');
  }
  bool v6 = addr.find(':') != std::string_view::npos;
  return p <= (v6 ? 128 : 32);
}

bool is_network(std::string_view s) {
  if (!is_cidr(s)) return false;
  std::size_t slash = s.find('/');
  std::string addr(s.substr(0, slash));
  int prefix = std::stoi(std::string(s.substr(slash + 1)));
  unsigned char buf[16] = {};
  const bool v6 = addr.find(':') != std::string::npos;
  inet_pton(v6 ? AF_INET6 : AF_INET, addr.c_str(), buf);
  for (int bit = prefix; bit < (v6 ? 128 : 32); ++bit)
    if (buf[bit / 8] & (0x80 >> (bit % 8))) return false;
  return true;
}

bool is_quantity(std::string_view s) {
  static const std::regex re(R"(^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$)");
  return s.size() < 64 && std::regex_match(s.begin(), s.end(), re);
}

namespace {

const std::vector<std::pair<std::string, NodeRole>> kRoles = {
    {"control-plane", NodeRole::kControlPlane}, {"worker", NodeRole::kWorker}, {"gpu", NodeRole::kGpu}};
const std::vector<std::pair<std::string, TlsIssuer>> kIssuers = {{"staging", TlsIssuer::kStaging},
                                                                  {"production", TlsIssuer::kProduction}};
const std::vector<std::pair<std::string, ExposureBackend>> kBackends = {
    {"ingress-nginx", ExposureBackend::kIngressNginx}, {"gateway-api", ExposureBackend::kGatewayApi}};
const std::vector<std::pair<std::string, AuthMode>> kAuth = {
    {"none", AuthMode::kNone}, {"basic", AuthMode::kBasic}, {"sso", AuthMode::kSso}};

// Amends the diagnostic at `index` with one more hint (Diagnostics only appends, so it is rebuilt).
void add_hint(Diagnostics& diags, std::size_t index, const std::string& hint) {
  Diagnostics out;
  for (std::size_t i = 0; i < diags.size(); ++i) {
    Diagnostic d = diags.items()[i];
    if (i == index) d.hints.push_back(hint);
    out.add(std::move(d));
  }
  diags = std::move(out);
}

class SpecLoader {
 public:
  SpecLoader(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  void load_root(const yaml::Node& root, Spec& spec) {
    MapReader r(root, "the platform", file_, diags_);
    if (!r.ok()) return;
    Field<std::string> api_version, kind;
    r.get_string("apiVersion", api_version, true, std::string("start the file with `apiVersion: ") + kApiVersion + "`");
    if (api_version.set && api_version.value != kApiVersion) {
      diags_.error(api_version.loc, "unknown apiVersion \"" + api_version.value + "\"",
                   std::string("this version of betelgeuse reads `apiVersion: ") + kApiVersion + "`");
    }
    r.get_string("kind", kind, true, std::string("add `kind: ") + kKind + "`");
    if (kind.set && kind.value != kKind) {
      diags_.error(kind.loc, "unknown kind \"" + kind.value + "\"", std::string("a platform file has `kind: ") + kKind + "`");
    }
    if (const yaml::Node* meta = r.require_child("metadata", "add `metadata:` with `name: <platform name>`")) {
      MapReader m(*meta, "metadata", file_, diags_);
      m.get_string("name", spec.name, true, "name the platform, e.g. `name: betelgeusebytes`");
      if (spec.name.set && !is_dns_label(spec.name.value)) {
        diags_.error(spec.name.loc, "metadata.name \"" + spec.name.value + "\" is not a valid name",
                     "use lower-case letters, digits and '-', at most 63 characters");
      }
      m.finish();
    }
    if (const yaml::Node* s = r.require_child("spec", "add `spec:` with domain, tls, nodes and components")) {
      load_spec_body(*s, spec);
    }
    r.finish();
  }

 private:
  void load_spec_body(const yaml::Node& node, Spec& spec) {
    MapReader r(node, "spec", file_, diags_);
    if (!r.ok()) return;
    r.get_string("domain", spec.domain, true, "the platform's DNS domain, e.g. `domain: example.org`");
    if (spec.domain.set && !is_dns_name(spec.domain.value)) {
      diags_.error(spec.domain.loc, "spec.domain \"" + spec.domain.value + "\" is not a valid DNS name",
                   "use lower-case labels separated by dots, e.g. example.org");
    }
    if (const yaml::Node* tls = r.child("tls")) load_tls(*tls, spec.tls);
    if (const yaml::Node* exp = r.child("exposure")) {
      MapReader e(*exp, "spec.exposure", file_, diags_);
      e.get_enum("backend", spec.backend, kBackends);
      e.finish();
    }
    if (const yaml::Node* net = r.child("network")) load_network(*net, spec.network);
    if (const yaml::Node* nodes = r.require_child("nodes", "list the machines under `nodes:`")) load_nodes(*nodes, spec);
    else nodes_cause_ = diags_.size() - 1;
    if (const yaml::Node* comps = r.child("components")) load_components(*comps, spec);
    if (nodes_cause_ && unplaced_ > 0) {
      add_hint(diags_, *nodes_cause_,
               std::to_string(unplaced_) + " follow-on error" + (unplaced_ == 1 ? "" : "s") +
                   " not shown (components placed on nodes that spec.nodes would define)");
    }
    r.finish();
  }

  void load_tls(const yaml::Node& node, TlsSpec& tls) {
    MapReader r(node, "spec.tls", file_, diags_);
    r.get_enum("issuer", tls.issuer, kIssuers);
    r.get_string("email", tls.email);
    if (tls.email.set) {
      const std::string& e = tls.email.value;
      std::size_t at = e.find('@');
      if (at == std::string::npos || at == 0 || !is_dns_name(e.substr(at + 1))) {
        diags_.error(tls.email.loc, "spec.tls.email \"" + e + "\" is not an e-mail address",
                     "Let's Encrypt sends expiry notices there; write e.g. ops@example.org");
      }
    }
    r.finish();
  }

  void load_network(const yaml::Node& node, NetworkSpec& net) {
    MapReader r(node, "spec.network", file_, diags_);
    for (auto [key, field] : {std::pair{"meshCIDR", &net.mesh_cidr}, std::pair{"podCIDR", &net.pod_cidr},
                              std::pair{"serviceCIDR", &net.service_cidr}}) {
      r.get_string(key, *field);
      if (field->set && !is_cidr(field->value)) {
        diags_.error(field->loc, std::string("spec.network.") + key + " \"" + field->value + "\" is not a CIDR",
                     "write an address and a prefix length, e.g. 10.77.0.0/24");
      }
    }
    r.get_int("meshPort", net.mesh_port, 1, 65535);
    r.get_int("mtu", net.mtu, 1280, 9000);
    r.finish();
  }

  void load_nodes(const yaml::Node& node, Spec& spec) {
    if (!node.is_seq()) {
      diags_.error(loc(node), "spec.nodes must be a list", "write each node as `- name: ...`");
      return;
    }
    std::map<std::string, SourceLocation> names, publics, meshes;
    for (const yaml::Node& item : node.items) {
      NodeSpec n;
      n.loc = loc(item);
      MapReader r(item, "node", file_, diags_);
      if (!r.ok()) continue;
      r.get_string("name", n.name, true, "give every node a unique `name`, its host name");
      r.get_enum("role", n.role, kRoles, true);
      r.get_string("publicAddress", n.public_address, true, "the node's public IP address");
      r.get_string("meshAddress", n.mesh_address);
      r.get_string("ssdPath", n.ssd_path);
      r.get_bool("ingress", n.ingress);
      r.get_string_map("labels", n.labels);
      r.finish();
      if (n.name.set) {
        if (!is_dns_label(n.name.value)) {
          diags_.error(n.name.loc, "node name \"" + n.name.value + "\" is not a valid host name",
                       "use lower-case letters, digits and '-', at most 63 characters");
        }
        unique(names, n.name, "node name");
      }
      for (Field<std::string>* a : {&n.public_address, &n.mesh_address}) {
        if (a->set && !is_ip_address(a->value)) {
          diags_.error(a->loc, "\"" + a->value + "\" is not an IP address", "write an IPv4 or IPv6 address");
        }
      }
      if (n.public_address.set) unique(publics, n.public_address, "public address");
      if (n.mesh_address.set) unique(meshes, n.mesh_address, "mesh address");
      if (n.ssd_path.set && (n.ssd_path.value.empty() || n.ssd_path.value[0] != '/')) {
        diags_.error(n.ssd_path.loc, "ssdPath \"" + n.ssd_path.value + "\" is not an absolute path",
                     "write the SSD's mount point, e.g. /mnt/ssd");
      }
      spec.nodes.push_back(std::move(n));
    }
    bool has_control_plane = false;
    for (const NodeSpec& n : spec.nodes) has_control_plane |= n.role.set && n.role.value == NodeRole::kControlPlane;
    if (!spec.nodes.empty() && !has_control_plane) {
      diags_.error(loc(node), "no node has role control-plane", "mark one node `role: control-plane`");
    }
    if (node.items.empty()) diags_.error(loc(node), "spec.nodes is empty", "list at least the control-plane node");
  }

  void load_components(const yaml::Node& node, Spec& spec) {
    if (node.kind == yaml::NodeKind::kNull) return;  // `components:` with nothing under it
    if (!node.is_map()) {
      diags_.error(loc(node), "spec.components must be a mapping of component name to settings",
                   "write e.g. `postgres: {storage: 50Gi}`");
      return;
    }
    for (const auto& [key, value] : node.entries) {
      ComponentSpec c;
      c.loc = loc(key);
      c.name.value = key.text;
      c.name.set = true;
      c.name.loc = c.loc;
      std::string what = "component \"" + key.text + "\"";
      if (value.kind == yaml::NodeKind::kNull) {  // `postgres:` alone means "on, with defaults"
        spec.components.push_back(std::move(c));
        continue;
      }
      if (value.kind == yaml::NodeKind::kBool) {  // `kibana: false`: on and off are `enabled`'s
        bool on = value.bool_value;
        diags_.error(loc(value), what + " must be a mapping, got boolean",
                     on ? "write `" + key.text + ": {}` to turn it on with its defaults"
                        : "write `" + key.text + ": {enabled: false}` to turn it off");
        continue;
      }
      MapReader r(value, what, file_, diags_);
      if (!r.ok()) continue;
      r.get_bool("enabled", c.enabled);
      r.get_string("node", c.node);
      if (const yaml::Node* n = r.child("storage"); n && (n->kind == yaml::NodeKind::kInt || n->kind == yaml::NodeKind::kFloat)) {
        // Quoting it ("50") would be accepted as 50 bytes: nobody means that, so point at the unit.
        diags_.error(loc(*n), what + ".storage must be a size with a unit, got the number " + n->text,
                     "write `storage: " + n->text + "Gi` (a number alone counts bytes)");
      } else {
        r.get_string("storage", c.storage);
      }
      r.get_int("replicas", c.replicas, 0, 100);
      r.get_string("image", c.image);
      r.get_enum("auth", c.auth, kAuth);
      r.get_string_map("env", c.env);
      if (const yaml::Node* e = r.child("expose")) {
        MapReader er(*e, what + " expose", file_, diags_);
        er.get_bool("ui", c.expose.ui);
        er.get_string("host", c.expose.host);
        er.get_bool("tcp", c.expose.tcp);
        er.get_int("tcpPort", c.expose.tcp_port, 1, 65535);
        er.get_string_list("sourceRanges", c.expose.source_ranges, c.expose.source_ranges_loc);
        er.finish();
        if (c.expose.source_ranges_loc.known() && c.expose.source_ranges.empty()) {
          diags_.error(c.expose.source_ranges_loc, what + " expose.sourceRanges is empty",
                       "list the client address ranges its TCP ports answer, or remove sourceRanges to answer every address");
        }
        for (const Field<std::string>& range : c.expose.source_ranges) {
          if (is_network(range.value)) continue;
          diags_.error(range.loc, "source range \"" + range.value + "\" is not an address range",
                       is_cidr(range.value) ? "clear the host bits: a range starts at its network address (203.0.113.0/24)"
                                            : "write a CIDR such as 203.0.113.0/24, or 198.51.100.7/32 for one address");
        }
        if (c.expose.host.set && !is_dns_name(c.expose.host.value)) {
          diags_.error(c.expose.host.loc, "host \"" + c.expose.host.value + "\" is not a valid DNS name",
                       "write a fully qualified name such as grafana.example.org");
        }
      }
      if (const yaml::Node* res = r.child("resources")) load_resources(*res, what, c.resources);
      r.finish();
      if (c.storage.set && !is_quantity(c.storage.value)) {
        diags_.error(c.storage.loc, "storage \"" + c.storage.value + "\" is not a size",
                     "write a Kubernetes quantity such as 20Gi or 500Mi");
      }
      if (c.node.set && !spec.find_node(c.node.value) && nodes_cause_) {
        ++unplaced_;  // follows from the missing spec.nodes, whose error says so
      } else if (c.node.set && !spec.find_node(c.node.value)) {
        std::vector<std::string> names;
        for (const NodeSpec& n : spec.nodes) names.push_back(n.name.value);
        std::string near = closest_match(c.node.value, names);
        diags_.error(c.node.loc, what + " is placed on undefined node \"" + c.node.value + "\"",
                     near.empty() ? "name one of the nodes under spec.nodes" : "did you mean \"" + near + "\"?");
      }
      spec.components.push_back(std::move(c));
    }
  }

  void load_resources(const yaml::Node& node, const std::string& what, ResourcesSpec& out) {
    MapReader r(node, what + " resources", file_, diags_);
    out.set = true;
    for (auto [key, rs] : {std::pair{"requests", &out.requests}, std::pair{"limits", &out.limits}}) {
      const yaml::Node* n = r.child(key);
      if (!n) continue;
      MapReader q(*n, what + " resources." + key, file_, diags_);
      for (auto [qkey, field] : {std::pair{"cpu", &rs->cpu}, std::pair{"memory", &rs->memory}}) {
        if (const yaml::Node* v = q.child(qkey); v && (v->kind == yaml::NodeKind::kInt || v->kind == yaml::NodeKind::kFloat)) {
          field->value = v->text;  // `cpu: 2` is as good as `cpu: "2"`
          field->set = true;
          field->loc = loc(*v);
          continue;
        }
        q.get_string(qkey, *field);
        if (field->set && !is_quantity(field->value)) {
          diags_.error(field->loc, std::string(qkey) + " \"" + field->value + "\" is not a quantity",
                       std::string(qkey) == "cpu" ? "write cores such as 500m or 2" : "write a size such as 512Mi or 4Gi");
        }
      }
      q.finish();
    }
    r.finish();
  }

  void unique(std::map<std::string, SourceLocation>& seen, const Field<std::string>& f, const std::string& what) {
    auto [it, inserted] = seen.emplace(f.value, f.loc);
    if (!inserted) {
      diags_.error(f.loc, "duplicate " + what + " \"" + f.value + "\"",
                   "first used at " + it->second.str() + "; every node needs its own");
    }
  }

  SourceLocation loc(const yaml::Node& n) const { return {file_, n.mark.line, n.mark.col}; }

  const std::string& file_;
  Diagnostics& diags_;
  // When spec.nodes is absent, the error saying so (missing, or misspelled) is the root cause of
  // every "placed on undefined node": those are counted onto it instead of listed.
  std::optional<std::size_t> nodes_cause_;
  int unplaced_ = 0;
};

}  // namespace

LoadedSpec load_spec(std::string_view text, const std::string& file) {
  LoadedSpec out;
  out.spec.file = file;
  // A platform file is small: tight limits make hostile input fail in microseconds, not seconds.
  yaml::LoadLimits limits;
  limits.max_depth = 64;
  limits.max_nodes = 200000;
  yaml::LoadResult parsed = yaml::load(text, file, limits);
  out.diagnostics.append(parsed.diagnostics);
  if (parsed.diagnostics.has_errors()) return out;
  if (parsed.documents.empty()) {
    out.diagnostics.error({file, 1, 1}, "the platform file is empty",
                          "run `betelgeuse init` for a commented starter platform.yaml");
    return out;
  }
  if (parsed.documents.size() > 1) {
    const yaml::Mark& m = parsed.documents[1].start;
    out.diagnostics.error({file, m.line, m.col}, "more than one document in the platform file",
                          "keep one platform per file; remove the `---` and what follows");
    return out;
  }
  SpecLoader(file, out.diagnostics).load_root(parsed.documents[0].root, out.spec);
  return out;
}

}  // namespace bg::spec
