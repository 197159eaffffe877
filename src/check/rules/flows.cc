// flow-blocked, flow-unresolved: every endpoint a workload is configured to call (endpoints.h) is
// a Service port whose pods the NetworkPolicies at both ends let it reach.
//
// For each pod template and each Service it names (in its own env, args and command, or in the
// ConfigMaps it reads), in a namespace the set has objects in: the Service must exist and have the
// port (flow-unresolved otherwise); then, for the pods the Service selects, the target port must be
// open under the caller's egress and the callee's ingress (network_policy.h). One finding per
// caller and Service port, at the first place that names it. Not judged: namespaces the set does
// not know (anything may be there), Services without a selector, and a workload naming its own
// Service (an advertised address, an allowed host name: not a call through the network).
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

std::string key(std::string_view ns, std::string_view name) { return std::string(ns) + "/" + std::string(name); }

std::string who(const WorkloadFact& w) { return w.kind + " " + w.ns + "/" + w.name; }

// The labels a policy would select a workload's pods by: its name label when it has one.
std::string pod_selector_of(const Labels& labels) {
  for (const char* k : {"app.kubernetes.io/name", "app", "k8s-app", "name"})
    if (const std::string* v = k8s::label_value(labels, k)) return std::string(k) + "=" + *v;
  return Selector::from_labels(labels).str();
}

std::string port_text(const TargetPort& p) {
  return "TCP " + std::to_string(p.number) + (p.name.empty() ? "" : " (\"" + p.name + "\")");
}

// The pod port a Service port sends to on workload `w`; none when `w` does not declare it by name.
std::optional<TargetPort> target_on(const ServiceFact::Port& sp, const WorkloadFact& w) {
  if (sp.target.number) {
    TargetPort t{*sp.target.number, ""};
    for (const NamedPort& p : w.ports)
      if (p.number == t.number) t.name = p.name;
    return t;
  }
  for (const NamedPort& p : w.ports)
    if (p.name == sp.target.name) return TargetPort{p.number, p.name};
  return std::nullopt;
}

struct Judge {
  const Inventory& inv;
  const FlowFacts& facts;
  SetOut& out;
  std::unordered_map<std::string, const ServiceFact*> services;
  std::set<std::string, std::less<>> namespaces;  // every namespace the set has an object in
  std::unordered_map<std::string, Labels> ns_labels;
  std::set<std::tuple<std::uint32_t, int, int>> unresolved;  // a ConfigMap read by several callers: once

  void unresolved_at(const At& at, std::string message, std::string hint) {
    if (unresolved.emplace(at.object, at.line, at.col).second)
      out.add("flow-unresolved", at, std::move(message), std::move(hint));
  }

  const Labels& labels_of_ns(const std::string& ns) {
    auto it = ns_labels.find(ns);
    if (it == ns_labels.end()) it = ns_labels.emplace(ns, facts.labels_of_namespace(ns)).first;
    return it->second;
  }

  // Whether caller → callee on `port` is open: {egress of the caller, ingress of the callee}.
  std::pair<bool, bool> open(const WorkloadFact& caller, const WorkloadFact& callee, const TargetPort& port) {
    PodRef from{caller.ns, labels_of_ns(caller.ns), caller.labels};
    PodRef to{callee.ns, labels_of_ns(callee.ns), callee.labels};
    return {facts.policies.allows_egress(from, to, port), facts.policies.allows_ingress(to, from, port)};
  }

  void judge(std::uint32_t caller_index, const EndpointUse& use);
};

void Judge::judge(std::uint32_t caller_index, const EndpointUse& use) {
  const Endpoint& e = use.endpoint;
  if (!namespaces.count(e.ns)) return;
  auto sit = services.find(key(e.ns, e.service));
  if (sit == services.end()) {
    unresolved_at(use.at,
                  "\"" + e.text + "\" names Service \"" + e.service + "\" in namespace \"" + e.ns +
                      "\", which the set does not define",
                  "correct the name, or check the manifests that define the Service together with this one");
    return;
  }
  const ServiceFact& svc = *sit->second;
  std::vector<const ServiceFact::Port*> ports;
  for (const ServiceFact::Port& p : svc.ports)
    if (!e.port || p.port == *e.port) ports.push_back(&p);
  if (ports.empty()) {
    std::string has;
    for (const ServiceFact::Port& p : svc.ports)
      has += (has.empty() ? "" : ", ") + std::to_string(p.port) + (p.name.empty() ? "" : " (\"" + p.name + "\")");
    unresolved_at(use.at,
                  "\"" + e.text + "\": Service \"" + e.service + "\" in namespace \"" + e.ns + "\" has no port " +
                      std::to_string(*e.port) + (has.empty() ? "" : " (it has " + has + ")"),
                  "call a port the Service has, or add the port to the Service");
    return;
  }
  if (!svc.selector) return;
  const WorkloadFact& caller = inv.workloads[caller_index];
  auto workload = [&](std::uint32_t i) -> const Labels& { return inv.workload_labels_of(i); };
  std::vector<std::uint32_t> callees = inv.workload_labels.matches(svc.ns, *svc.selector, workload);
  if (std::find(callees.begin(), callees.end(), caller_index) != callees.end()) return;

  // Open when some port of the Service reaches some selected pod both ways; otherwise the sides
  // that block every attempt.
  bool egress_blocks = true, ingress_blocks = true, judged = false;
  const WorkloadFact* callee = nullptr;
  TargetPort shown;
  for (const ServiceFact::Port* sp : ports) {
    for (std::uint32_t c : callees) {
      std::optional<TargetPort> target = target_on(*sp, inv.workloads[c]);
      if (!target) continue;  // service-target-port's finding
      auto [egress, ingress] = open(caller, inv.workloads[c], *target);
      if (egress && ingress) return;
      if (!judged) callee = &inv.workloads[c], shown = *target;
      judged = true;
      egress_blocks = egress_blocks && !egress;
      ingress_blocks = ingress_blocks && !ingress;
    }
  }
  if (!judged) return;
  if (!egress_blocks && !ingress_blocks) egress_blocks = ingress_blocks = true;  // each side opens a different port

  const std::string on = e.port ? port_text(shown) : "any port of the Service";
  std::string why, hint;
  if (egress_blocks) {
    why = "the NetworkPolicies selecting its pods allow no egress to " + who(*callee) + " on " + on;
    hint = "add an egress rule to a NetworkPolicy in \"" + caller.ns + "\" selecting " + pod_selector_of(caller.labels) +
           ": to namespaceSelector kubernetes.io/metadata.name=" + callee->ns + " with podSelector " +
           svc.selector->str() + ", ports " + port_text(shown);
  }
  if (ingress_blocks) {
    why += std::string(why.empty() ? "" : ", and ") + "the NetworkPolicies selecting the pods of " + who(*callee) +
           " allow no ingress from it on " + on;
    hint += std::string(hint.empty() ? "" : "; and ") + "add an ingress rule to a NetworkPolicy in \"" + callee->ns +
            "\" selecting " + svc.selector->str() + ": from namespaceSelector kubernetes.io/metadata.name=" + caller.ns +
            " with podSelector " + pod_selector_of(caller.labels) + ", ports " + port_text(shown);
  }
  out.add("flow-blocked", use.at,
          who(caller) + " cannot reach \"" + e.text + "\" (Service " + svc.ns + "/" + svc.name + "): " + why, hint);
}

}  // namespace

void flows(const Inventory& inv, const FlowFacts& facts, SetOut& out) {
  // What each caller names, first mention first: its own containers, then the ConfigMaps it reads.
  std::map<std::uint32_t, std::vector<const EndpointUse*>> calls;  // by object, in input order
  for (const CallerFact& c : facts.callers)
    for (const EndpointUse& u : c.endpoints) calls[c.object].push_back(&u);
  if (!facts.configmaps.empty()) {
    std::unordered_map<std::string, const ConfigMapEndpoints*> configmaps;
    for (const ConfigMapEndpoints& cm : facts.configmaps) configmaps.emplace(key(cm.ns, cm.name), &cm);
    for (const ConfigMapRead& read : facts.reads) {
      auto it = configmaps.find(key(inv.objects[read.object].id.ns, read.name));
      if (it == configmaps.end()) continue;
      for (const auto& [k, u] : it->second->endpoints)
        if (read.key.empty() || read.key == k) calls[read.object].push_back(&u);
    }
  }
  if (calls.empty()) return;  // nothing names an endpoint: nothing to build

  std::unordered_map<std::uint32_t, std::uint32_t> workload_of;  // object → its pod template's workload
  for (std::uint32_t i = 0; i < inv.workloads.size(); ++i) workload_of.emplace(inv.workloads[i].at.object, i);
  Judge judge{inv, facts, out, {}, {}, {}, {}};
  for (const ServiceFact& s : inv.services) judge.services.emplace(key(s.ns, s.name), &s);
  for (const Inventory::Record& r : inv.objects)
    if (!r.id.ns.empty()) judge.namespaces.insert(r.id.ns);
  for (const auto& [name, labels] : facts.namespace_labels) judge.namespaces.insert(name);
  for (const auto& [object, uses] : calls) {
    auto w = workload_of.find(object);
    if (w == workload_of.end()) continue;
    std::set<std::string> seen;  // service/port: one finding per flow
    for (const EndpointUse* u : uses) {
      const Endpoint& e = u->endpoint;
      if (seen.insert(key(e.ns, e.service) + ":" + (e.port ? std::to_string(*e.port) : "")).second)
        judge.judge(w->second, *u);
    }
  }
}

}  // namespace bg::check::rules
