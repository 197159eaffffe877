#include "nodes/plan.h"

#include <algorithm>

#include "nodes/cluster_ca.h"

namespace bg::nodes {

using platform::kPodSlicePrefix;

const NodePlan& Plan::api_host() const {
  for (const NodePlan& n : nodes)
    if (n.api_host) return n;
  return nodes.front();
}

const NodePlan* Plan::find(const std::string& name) const {
  for (const NodePlan& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

std::string Plan::control_plane_endpoint() const {
  return api_host().mesh_address.str() + ":" + std::to_string(kApiServerPort);
}

namespace {

class Planner {
 public:
  Planner(const spec::Spec& spec, const platform::Platform& platform, NodesState& state,
          const PlanOptions& options, Diagnostics& diags)
      : spec_(spec), platform_(platform), state_(state), options_(options), diags_(diags) {}

  Plan run(bool& changed) {
    Plan plan;
    plan.platform = platform_.name;
    plan.network = platform_.network;  // resolve checked it
    plan.gateway_api = platform_.backend == spec::ExposureBackend::kGatewayApi;
    ensure_cluster(plan);
    bool api_chosen = false;
    for (const platform::Node& n : platform_.nodes) {
      NodePlan np;
      np.name = n.name;
      np.role = n.role;
      np.public_address = n.public_address;
      np.mesh_address = n.mesh_address;
      np.ssd_path = n.ssd_path;
      np.ingress = std::find(platform_.ingress_addresses.begin(), platform_.ingress_addresses.end(),
                             n.public_address) != platform_.ingress_addresses.end();
      if (np.control_plane() && !api_chosen) np.api_host = api_chosen = true;
      ensure_keys(np);
      np.labels = n.labels;
      if (n.role == spec::NodeRole::kWorker) np.labels["node-role.kubernetes.io/worker"] = "";
      if (np.gpu()) {
        np.labels["node-role.kubernetes.io/gpu"] = "";
        np.labels["nvidia.com/gpu.present"] = "true";
        np.taints.push_back({kGpuTaintKey, "present", "NoSchedule"});
      }
      if (np.ingress) np.labels[kIngressLabel] = "true";
      for (const platform::Component& c : platform_.components)
        if (c.placement && c.placement->node == n.name) np.storage_dirs.push_back(c.placement->host_path);
      std::sort(np.storage_dirs.begin(), np.storage_dirs.end());
      plan.nodes.push_back(std::move(np));
    }
    record_mesh(plan);
    allocate_pods(plan);
    std::set<int> ports = {80, 443};
    for (const platform::Component& c : platform_.components)
      for (const platform::TcpRoute& r : c.tcp) ports.insert(r.public_port);
    plan.ingress_tcp_ports.assign(ports.begin(), ports.end());
    changed = changed_;
    return plan;
  }

 private:
  void ensure_cluster(Plan& plan) {
    ClusterState& c = state_.cluster;
    if (c.bootstrap_token.empty()) {
      if (Result<Secret> t = generate_bootstrap_token()) c.bootstrap_token = *t;
      else return fail(t.status());
      changed_ = true;
    }
    if (c.certificate_key.empty()) {
      if (Result<Secret> k = generate_certificate_key()) c.certificate_key = *k;
      else return fail(k.status());
      changed_ = true;
    }
    if (c.ca_cert_pem.empty() || c.ca_key_pem.empty()) {
      Result<ClusterCa> ca = generate_cluster_ca();
      if (!ca) return fail(ca.status());
      c.ca_cert_pem = ca->cert_pem;
      c.ca_key_pem = ca->key_pem;
      changed_ = true;
    }
    Result<std::string> hash = ca_cert_hash(c.ca_cert_pem);
    if (!hash) return fail(hash.status());
    plan.bootstrap_token = c.bootstrap_token;
    plan.certificate_key = c.certificate_key;
    plan.ca_cert_pem = c.ca_cert_pem;
    plan.ca_key_pem = c.ca_key_pem;
    plan.ca_cert_hash = *hash;
  }

  void ensure_keys(NodePlan& np) {
    NodeState& s = state_.nodes[np.name];
    if (s.private_key.empty() || options_.rotate_keys.count(np.name)) {
      Result<WgKeyPair> k = generate_wg_key();
      if (!k) return fail(k.status());
      s.private_key = k->private_key;
      s.public_key = k->public_key;
      changed_ = true;
    }
    Result<std::string> pub = wg_public_key(s.private_key);
    if (!pub) return fail(Status::terminal("the WireGuard key of node " + np.name + " in the state file is broken: " +
                                           pub.status().message()));
    if (*pub != s.public_key) {  // the public key is derived, never trusted from the file
      s.public_key = *pub;
      changed_ = true;
    }
    np.private_key = s.private_key;
    np.public_key = s.public_key;
  }

  // Resolve chose the addresses (state entries of nodes no longer in the spec stay reserved there);
  // the state records them so that later runs keep them.
  void record_mesh(const Plan& plan) {
    for (const NodePlan& np : plan.nodes) {
      NodeState& s = state_.nodes[np.name];
      if (s.mesh_address == np.mesh_address.str()) continue;
      s.mesh_address = np.mesh_address.str();
      changed_ = true;
    }
  }

  void allocate_pods(Plan& plan) {
    const Cidr& pods = plan.network.pods;
    uint64_t slices = uint64_t{1} << (kPodSlicePrefix - pods.prefix);
    std::set<uint64_t> taken;
    std::map<std::string, uint64_t> chosen;
    for (const auto& [name, s] : state_.nodes) {
      std::optional<Cidr> c = Cidr::parse(s.pod_cidr);
      if (!c || c->prefix != kPodSlicePrefix || !pods.contains(c->base)) continue;
      uint64_t index = (c->base.value - pods.base.value) >> (32 - kPodSlicePrefix);
      if (taken.insert(index).second) chosen[name] = index;
    }
    uint64_t next = 0;
    for (NodePlan& np : plan.nodes) {
      auto it = chosen.find(np.name);
      if (it == chosen.end()) {
        while (next < slices && taken.count(next)) ++next;
        if (next >= slices) {
          diags_.error(spec_.network.pod_cidr.loc, "podCIDR " + pods.str() + " has no free /24 for node " + np.name,
                       "use a larger podCIDR");
          return;
        }
        it = chosen.emplace(np.name, next).first;
        taken.insert(next);
      }
      np.pod_cidr = pods.slice(kPodSlicePrefix, it->second);
      NodeState& s = state_.nodes[np.name];
      if (s.pod_cidr != np.pod_cidr.str()) {
        s.pod_cidr = np.pod_cidr.str();
        changed_ = true;
      }
    }
  }

  void fail(const Status& s) { diags_.error({spec_.file, 0, 0}, s.message()); }

  const spec::Spec& spec_;
  const platform::Platform& platform_;
  NodesState& state_;
  const PlanOptions& options_;
  Diagnostics& diags_;
  bool changed_ = false;
};

}  // namespace

Plan build_plan(const spec::Spec& spec, const platform::Platform& platform, NodesState& state,
                const PlanOptions& options, bool& state_changed, Diagnostics& diags) {
  state_changed = false;
  return Planner(spec, platform, state, options, diags).run(state_changed);
}

}  // namespace bg::nodes
