#include "apply/waves.h"

#include <algorithm>
#include <set>

#include "k8s/crd.h"

namespace bg::apply {
namespace {

using k8s::GroupKind;
using k8s::ObjectRef;
using manifest::Object;

// Cluster-scoped kinds that other objects lean on and that depend on nothing but their CRDs.
bool is_definition(const ObjectRef& id) {
  static const std::set<GroupKind> kinds = {
      {"", "Namespace"},
      {"apiextensions.k8s.io", "CustomResourceDefinition"},
      {"storage.k8s.io", "StorageClass"},
      {"", "PersistentVolume"},
      {"scheduling.k8s.io", "PriorityClass"},
      {"rbac.authorization.k8s.io", "ClusterRole"},
      {"rbac.authorization.k8s.io", "ClusterRoleBinding"},
      {"networking.k8s.io", "IngressClass"},
      {"gateway.networking.k8s.io", "GatewayClass"},
      {"node.k8s.io", "RuntimeClass"},
  };
  return kinds.count(id.group_kind()) > 0;
}

// Where a component's CRD-provided kinds come from: "group/Kind" → component that ships the CRD.
std::map<std::string, std::string> crd_owners(const std::vector<Object>& objects) {
  std::map<std::string, std::string> owners;
  for (const Object& o : objects) {
    if (o.kind() != "CustomResourceDefinition" || o.from.component.empty()) continue;
    GroupKind defined = k8s::defined_kind(o.body);
    if (defined.kind.empty()) continue;
    owners[defined.key()] = o.from.component;
  }
  return owners;
}

}  // namespace

std::map<std::size_t, std::size_t> crd_gates(const std::vector<Object>& objects, const std::vector<Wave>& waves) {
  std::vector<std::set<GroupKind>> sends(waves.size());
  for (std::size_t w = 0; w < waves.size(); ++w)
    for (std::size_t i : waves[w].members) sends[w].insert(objects[i].id().group_kind());
  std::map<std::size_t, std::size_t> gates;
  for (std::size_t w = 0; w < waves.size(); ++w)
    for (std::size_t i : waves[w].members) {
      if (objects[i].kind() != "CustomResourceDefinition") continue;
      GroupKind kind = k8s::defined_kind(objects[i].body);
      if (kind.kind.empty()) continue;
      std::size_t gate = w;
      while (gate + 1 < waves.size() && !sends[gate].contains(kind)) ++gate;
      gates[i] = gate;
    }
  return gates;
}

bool is_exposure_kind(const ObjectRef& id) {
  static const std::set<GroupKind> kinds = {
      {"networking.k8s.io", "Ingress"},
      {"gateway.networking.k8s.io", "Gateway"},
      {"gateway.networking.k8s.io", "HTTPRoute"},
      {"gateway.networking.k8s.io", "TCPRoute"},
      {"gateway.networking.k8s.io", "TLSRoute"},
      {"gateway.networking.k8s.io", "GRPCRoute"},
      {"gateway.networking.k8s.io", "ReferenceGrant"},
      {"cert-manager.io", "Certificate"},
      {"cert-manager.io", "Issuer"},
      {"cert-manager.io", "ClusterIssuer"},
      {"monitoring.coreos.com", "ServiceMonitor"},
      {"monitoring.coreos.com", "PodMonitor"},
      {"monitoring.coreos.com", "PrometheusRule"},
  };
  return kinds.count(id.group_kind()) > 0;
}

Result<std::vector<Wave>> plan_waves(const std::vector<Object>& objects,
                                     const std::map<std::string, std::vector<std::string>>& depends_on) {
  // Components present, and their edges: explicit ones plus "uses a kind another component defines".
  std::set<std::string> present;
  for (const Object& o : objects)
    if (!o.from.component.empty()) present.insert(o.from.component);
  std::map<std::string, std::set<std::string>> needs;
  for (const std::string& c : present) needs[c];
  for (const auto& [c, deps] : depends_on)
    if (present.count(c))
      for (const std::string& d : deps)
        if (present.count(d) && d != c) needs[c].insert(d);
  std::map<std::string, std::string> owners = crd_owners(objects);
  for (const Object& o : objects) {
    ObjectRef id = o.id();
    auto owner = owners.find(id.group_kind().key());
    if (owner != owners.end() && !o.from.component.empty() && owner->second != o.from.component)
      needs[o.from.component].insert(owner->second);
  }

  // Levels by repeated relaxation (Kahn's algorithm over a few dozen components); what is left
  // unresolved is on a cycle.
  std::map<std::string, int> level;
  std::set<std::string> pending = present;
  for (int round = 0; !pending.empty(); ++round) {
    std::vector<std::string> ready;
    for (const std::string& c : pending) {
      bool all = std::all_of(needs[c].begin(), needs[c].end(), [&](const std::string& d) { return level.count(d) > 0; });
      if (all) ready.push_back(c);
    }
    if (ready.empty()) {
      std::string cycle;
      for (const std::string& c : pending) cycle += (cycle.empty() ? "" : ", ") + c;
      return Status::terminal("the dependencies of these components form a cycle: " + cycle +
                              "; remove one of the edges between them");
    }
    for (const std::string& c : ready) {
      int l = 0;
      for (const std::string& d : needs[c]) l = std::max(l, level[d] + 1);
      level[c] = l;
      pending.erase(c);
    }
  }

  // Custom resources of a kind a component defines itself wait for that component to run: its
  // webhook or controller must be up before its own objects are accepted.
  int max_level = -1;
  for (const auto& [c, l] : level) max_level = std::max(max_level, l);
  std::vector<int> slot(objects.size());  // 0 definitions, 1 policies, 2+l component level, last exposure
  const int exposure = 2 + max_level + 2;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const Object& o = objects[i];
    ObjectRef id = o.id();
    if (is_definition(id)) slot[i] = 0;
    else if (is_exposure_kind(id)) slot[i] = exposure;
    else if (o.from.component.empty()) slot[i] = 1;
    else {
      int l = level[o.from.component];
      auto owner = owners.find(id.group_kind().key());
      if (owner != owners.end() && owner->second == o.from.component) l += 1;
      slot[i] = 2 + l;
    }
  }

  std::vector<Wave> waves;
  for (int s = 0; s <= exposure; ++s) {
    Wave w;
    std::set<std::string> components;
    for (std::size_t i = 0; i < objects.size(); ++i)
      if (slot[i] == s) {
        w.members.push_back(i);
        if (!objects[i].from.component.empty()) components.insert(objects[i].from.component);
      }
    if (w.members.empty()) continue;
    w.components.assign(components.begin(), components.end());
    if (s == 0) w.name = "definitions";
    else if (s == 1) w.name = "policies";
    else if (s == exposure) w.name = "exposure";
    else {
      w.name = "level " + std::to_string(s - 2) + ":";
      for (const std::string& c : w.components) w.name += " " + c;
    }
    waves.push_back(std::move(w));
  }
  return waves;
}

}  // namespace bg::apply
