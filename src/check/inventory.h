// The Inventory: the few facts of every object that the set rules need, kept after the object
// itself is gone.
//
// `check` streams: a document is read, checked and dropped before the next one is read, so memory
// follows the largest document, not the whole input. Set rules (a Service selecting no pod, an
// Ingress naming a missing Service) still need to see across objects; collectors copy just what
// they compare — labels, selectors, port names and numbers, referenced names — with the place to
// point at (At) if a finding comes of it. A typical object leaves a few hundred bytes behind.
//
// Who copies what: collect() registers the object and copies the facts several rules compare —
// pod templates (and the pods operators make), Services, ServiceMonitors and PodMonitors. A fact
// only one rule compares is copied by that rule's own collector, in the rule's file beside its
// judge (rules/rules.h), run after collect() for the same object; each fact below says whose it is.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "check/finding.h"
#include "check/value.h"
#include "check/label_index.h"
#include "check/rules/rule.h"
#include "check/selector.h"
#include "check/suppression.h"

namespace bg::check {

// A place inside one object of the set, compactly: the file is an index into Inventory::files.
struct At {
  std::uint32_t object = 0;
  std::uint32_t file = 0;
  int line = 0;
  int col = 0;
  std::string path;  // "spec.selector", for messages and machine output
};

struct NamedPort {
  std::string name;
  int64_t number = 0;
};

// "ns/name": how the sets below, and the rules, key namespaced objects.
std::string ns_name(std::string_view ns, std::string_view name);

// A container port with a number, of the pod template being collected: `index` is its place in
// the container's `ports`, for the At of a finding on it.
struct ContainerPort {
  const ContainerRef* container;
  std::size_t index;
  NamedPort port;
};
std::vector<ContainerPort> container_ports(const ObjectContext& ctx);

// A pod template (or a Pod), or the pods an operator makes (operator_pods.h). collect() fills the
// identity, labels and ports; the rules named below add what only they compare (Inventory::pod_fact).
struct WorkloadFact {
  At at;  // metadata.name of the object
  std::string ns, kind, name;
  Labels labels;
  std::vector<NamedPort> ports;  // every container's ports
  // metrics-scraped (rules/metrics_scraped.cc)
  bool scrape_annotation = false;
  struct MetricsPort {
    NamedPort port;
    At at;
  };
  std::vector<MetricsPort> metrics;
  // tcp-services (rules/tcp_services.cc): "ns/name" from ingress-nginx's --tcp-services-configmap
  std::vector<std::string> tcp_configmaps;
  // local-storage, storage-class-missing (rules/storage.cc)
  struct Claim {
    std::string name;
    std::optional<std::string> storage_class;  // volumeClaimTemplates only; referenced PVCs have their own
    bool from_template = false;
    At at;
  };
  std::vector<Claim> claims;
};

struct ServiceFact {
  At at;
  std::string ns, name, type;
  Labels labels;
  std::optional<Selector> selector;  // absent: endpoints managed by hand
  At selector_at;
  struct Port {
    std::string name;
    int64_t port = 0;
    PortRef target;
    At target_at;
  };
  std::vector<Port> ports;
};

struct BackendFact {  // an Ingress or route pointing at a Service (rules/route_backends.cc)
  At at;              // the Service name
  std::string via;    // "Ingress", "HTTPRoute", ...
  std::string ns, service;
  PortRef port;
  At port_at;
};

struct TcpServicesFact {  // ingress-nginx tcp-services / udp-services ConfigMap (rules/tcp_services.cc)
  At at;
  std::string ns, name;
  struct Entry {
    std::string key, value;
    At at;  // the key
  };
  std::vector<Entry> entries;
};

struct ClaimFact {  // a PersistentVolumeClaim or PersistentVolume naming a StorageClass (rules/storage.cc)
  At at;
  std::string kind, ns, name;
  std::optional<std::string> storage_class;
};

struct StorageClassFact {  // rules/storage.cc
  std::string name, provisioner;
  bool is_default = false;
};

struct NetworkPolicyFact {  // rules/selectors.cc
  At at;  // spec.podSelector
  std::string ns, name;
  Selector selector;
};

struct DenyFact {  // a NetworkPolicy, as default-deny sees it (rules/default_deny.cc)
  std::string ns;
  bool deny_ingress = false, deny_egress = false;  // selects all pods and allows nothing that way
};

struct MonitorFact {  // prometheus-operator ServiceMonitor or PodMonitor
  At at;              // spec.selector
  bool pod_monitor = false;
  std::string ns, name;
  Selector selector;
  bool any_namespace = false;
  std::vector<std::string> namespaces;  // empty and !any: the monitor's own
  std::vector<std::pair<std::string, At>> ports;  // endpoints[].port names
};

// tls-required across the set (rules/tls.cc): TlsSecretNeed, IssuerRefFact, GatewayFact,
// RouteHostFact, and the secrets and issuers the set defines.
struct TlsSecretNeed {  // a TLS secret that nothing in the set provides (no issuer annotation)
  At at;
  std::string ns, secret;
};

struct IssuerRefFact {  // cert-manager.io/cluster-issuer or cert-manager.io/issuer annotation
  At at;
  bool cluster = false;
  std::string ns, name;
};

struct GatewayFact {
  std::string ns, name;
  struct Listener {
    std::string name, protocol, hostname;
  };
  std::vector<Listener> listeners;
};

struct RouteHostFact {  // an HTTPRoute or GRPCRoute hostname
  At at;
  std::string ns, hostname;
  struct Parent {
    std::string ns, name, section;
  };
  std::vector<Parent> parents;  // Gateways only
  bool redirects_to_https = false;  // a RequestRedirect filter sends plain HTTP to https
};

struct NamespaceFact {  // rules/default_deny.cc
  At at;
  std::string name;
};

class Inventory {
 public:
  struct Record {
    k8s::ObjectRef id;
    std::vector<Suppression> suppressions;
  };

  // Registers the object (its identity and valid suppressions) and copies the facts several rules
  // compare; the rules' collectors then copy their own facts of the same object.
  void collect(const ObjectContext& ctx, std::vector<Suppression> suppressions);

  // The WorkloadFact of the pod template of the object being collected (ctx.pod), or null when it
  // has none: where a rule's collector adds what only it compares.
  WorkloadFact* pod_fact() { return pod_fact_ ? &workloads[*pod_fact_] : nullptr; }

  // A place in the object being collected.
  At at(const Subject& s, const Path& path, bool key = false);

  std::vector<Record> objects;
  std::vector<std::string> files;

  std::vector<WorkloadFact> workloads;
  std::vector<ServiceFact> services;
  std::vector<BackendFact> backends;
  std::vector<TcpServicesFact> tcp_services;
  std::vector<ClaimFact> claims;
  std::vector<StorageClassFact> storage_classes;
  std::vector<NetworkPolicyFact> network_policies;
  std::vector<DenyFact> denials;
  std::vector<MonitorFact> monitors;
  std::vector<TlsSecretNeed> tls_needs;
  std::vector<IssuerRefFact> issuer_refs;
  std::vector<GatewayFact> gateways;
  std::vector<RouteHostFact> route_hosts;
  std::vector<NamespaceFact> namespaces;
  std::set<std::string> secrets;          // "ns/name" of Secrets and cert-manager Certificate secrets
  std::set<std::string> cluster_issuers;  // names
  std::set<std::string> issuers;          // "ns/name"
  bool any_cluster_issuer = false, any_issuer = false;

  // Services operators make from custom resources (operator_pods.h); index() adds to `services`
  // those the set does not define itself.
  std::vector<ServiceFact> made_services;

  // Built by index() once every object is in: pod templates and Services by namespace and label.
  void index();
  LabelIndex workload_labels, service_labels;
  std::vector<std::string> workload_namespaces;  // sorted, unique
  const Labels& workload_labels_of(std::uint32_t i) const { return workloads[i].labels; }
  const Labels& service_labels_of(std::uint32_t i) const { return services[i].labels; }

 private:
  std::uint32_t current_ = 0;
  std::optional<std::size_t> pod_fact_;
  std::map<std::string, std::uint32_t, std::less<>> file_index_;
  std::uint32_t file_ = 0;
};

// Findings of set rules: each one lands on the object its At names.
class SetOut {
 public:
  explicit SetOut(const Inventory& inv) : inv_(inv) {}
  // `severity` replaces the rule's own, for a finding the rule can only half judge (information
  // where the set plainly lacks what it would compare with).
  void add(std::string_view rule, const At& at, std::string message, std::string hint = {},
           std::optional<Severity> severity = std::nullopt);
  std::vector<Finding>& findings() { return findings_; }
  // Which object each finding belongs to (parallel to findings()).
  const std::vector<std::uint32_t>& owners() const { return owners_; }

 private:
  const Inventory& inv_;
  std::vector<Finding> findings_;
  std::vector<std::uint32_t> owners_;
};

}  // namespace bg::check
