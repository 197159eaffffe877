// A Blueprint states what one component of the platform *is*, as data.
//
// Images, ports and how each is exposed (a web UI by host name, raw TCP through the access layer, or
// internal only), data directories and default storage, probes, the metrics endpoint, the secrets
// it needs generated, the environment, the components it depends on, whether its UI is sensitive,
// and the domain namespace it lives in. Blueprints are YAML files under catalog/, embedded in the
// binary; traits (src/render) turn every blueprint into Kubernetes objects the same way, so the
// platform's principles hold by construction.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.h"

namespace bg::catalog {

enum class WorkloadKind { kNone, kDeployment, kStatefulSet, kDaemonSet };
enum class Exposure { kInternal, kHttp, kTcp };

struct PortDef {
  std::string name;
  int port = 0;
  std::string protocol = "TCP";
  Exposure expose = Exposure::kInternal;
  bool backend_https = false;  // the UI itself speaks HTTPS (the proxy must too)
};

struct ProbeDef {
  enum class Kind { kHttp, kTcp, kExec } kind = Kind::kTcp;
  std::string port;  // a port name
  std::string path;  // kHttp
  std::vector<std::string> command;  // kExec
  int initial_delay_seconds = 10;
  int period_seconds = 10;
  int failure_threshold = 3;
};

// One environment variable: a literal value, a key of one of the component's generated secrets,
// or a pod field. `when` names a component the variable is only rendered with (Keycloak's tracing
// endpoint exists only while the OpenTelemetry Collector does).
struct EnvDef {
  std::string name;
  std::string when;
  std::optional<std::string> value;
  std::optional<std::pair<std::string, std::string>> secret;  // (secret name, key)
  std::optional<std::string> field_path;
};

struct SecretKeyDef {
  std::string key;
  std::string generate;  // "password" (random, URL-safe) | "hex" | "" (literal)
  int length = 32;
  std::string value;     // literal, for non-secret keys such as a user name
};

struct SecretDef {
  std::string name;  // the Secret is "<component>-<name>"
  std::vector<SecretKeyDef> keys;
};

// A volume beyond the data volume: a read-only host directory (node agents), a scratch emptyDir
// (optionally in memory, e.g. /dev/shm), mounted at mountPath.
struct VolumeDef {
  std::string name;
  std::string mount_path;
  std::string host_path;    // set: a hostPath volume
  std::string medium;       // emptyDir medium ("" or "Memory")
  std::string size_limit;   // emptyDir sizeLimit
  bool read_only = false;
  std::string mount_propagation;  // "HostToContainer": mounts the host makes later appear too
};

// A configuration file rendered into the component's ConfigMap `<component>-config` and mounted at
// `path` (subPath). ${…} variables are expanded; `when` names a component the file is only rendered
// with (a Grafana datasource for Elasticsearch exists only while Elasticsearch does).
struct FileDef {
  std::string path;
  std::string content;
  std::string when;
  std::string key() const;  // the ConfigMap key: the path's last segment
};

// One dependency edge. `optional` edges exist only while the other component is enabled (no error
// when it is off); `set` overrides literal keys of the provider's provisioned credentials for this
// edge (e.g. Kibana logs in to Elasticsearch as the built-in user kibana_system); `ports` (port
// names of the provider) narrows the edge's NetworkPolicies to those ports, where the default is
// every service port (a trace sender reaches the collector's OTLP/gRPC port, not its health port).
struct DependencyDef {
  std::string component;
  bool optional = false;
  std::map<std::string, std::string> set;
  std::vector<std::string> ports;
};

// What a provider creates for each component that depends on it: a credentials Secret
// `<dependent>-<provider>` with `keys` (literal values may use ${dependent}), and an idempotent Job
// `<provider>-init-<dependent>` in the provider's namespace that creates the database / user / bucket.
// The Job sees the provider's own secrets through `env` and each credential key as DEP_<KEY>.
struct ProvisionDef {
  std::string image;  // default: the provider's image
  std::vector<std::string> command;
  std::vector<EnvDef> env;
  nlohmann::json security_context;
  std::vector<SecretKeyDef> keys;
};

// One admission webhook the component serves at `path`; `rules` and `namespace_selector` are the
// Kubernetes fields as written in the blueprint.
struct WebhookDef {
  std::string name;
  std::string path;
  nlohmann::json rules;
  nlohmann::json namespace_selector;
};

// The admission webhooks a component serves on its port `port`, with TLS from a CA kept in the
// Secret `ca_secret` (in its namespace) that cert-manager's cainjector copies into the
// configurations.
struct AdmissionDef {
  std::string port;  // a port name
  std::string ca_secret;
  std::vector<WebhookDef> validating, mutating;
};

// Pods a component creates at run time, outside its own workload (Argo's workflow pods), known by
// a label every one of them carries (whatever its value). The isolate trait opens exactly these
// paths for them: each `reaches` entry (a dependency of the component and one of its port names),
// and the API server when `api_server`. With `rules`, they get a ServiceAccount of their own,
// `<component>-pods`, bound to a Role with exactly those rules (the component's configuration
// names it for the pods it creates).
struct SpawnedPodsDef {
  std::string label;
  std::vector<std::pair<std::string, std::string>> reaches;  // (component, port name)
  bool api_server = false;
  nlohmann::json rules = nlohmann::json::array();  // RBAC rules of `<component>-pods`; empty: no account
};

// TLS on the raw TCP ports: while the component exposes one, cert-manager issues a Certificate
// `<component>-tls` for the raw TCP entry's name (tcp.<domain>) from the platform's issuer, its
// Secret is mounted at `mount_path` (tls.crt, tls.key; mode 0640, group the pod's fsGroup), and
// `args` are appended to the container's (what turns TLS on with those files).
// The superuser's certificate (tcpTls.adminClientCert): with the raw TCP port exposed, the access
// layer's proxy connects from the pod network, so an address cannot tell the platform's own
// provisioning Jobs from the internet; a client certificate from a CA of the component's own can.
struct AdminClientCertDef {
  std::string common_name;    // the superuser's name: what the server matches the certificate to
  std::string ca_mount_path;  // where the server finds the CA it trusts for clients (ca.crt)
  std::string mount_path;     // where the provisioning Jobs find their certificate (tls.crt, tls.key)
  std::vector<EnvDef> env;  // the Jobs' client settings that use it
};

struct TcpTlsDef {
  std::string mount_path;
  std::vector<std::string> args;
  std::optional<AdminClientCertDef> admin_client_cert;
};

struct Blueprint {
  std::string name;
  std::string description;
  std::string layer;      // "access", "data", "observability", "ml", "automation"
  std::string ns;         // the domain namespace
  std::string pod_security = "restricted";
  std::string part_of;    // set: enabled exactly while that component is (a controller's webhook)
  std::string image;
  WorkloadKind workload = WorkloadKind::kDeployment;
  int replicas = 1;
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::vector<std::string> gateway_api_args;  // appended with `exposure.backend: gateway-api`
  std::optional<TcpTlsDef> tcp_tls;
  std::vector<EnvDef> env;
  std::vector<PortDef> ports;
  std::optional<std::string> storage_size;  // set: stateful, on a local PV
  std::string storage_mount;
  std::optional<ProbeDef> liveness, readiness, startup;  // startup: liveness waits for it (slow starts)
  // How long a first start may take (image pull, model download, probe delays): apply waits at
  // least this long for the component's wave (0: apply's default, --wave-timeout).
  std::chrono::seconds start_time{0};
  nlohmann::json resources;         // {requests:{cpu,memory}, limits:{cpu,memory}}
  nlohmann::json security_context;  // container securityContext additions (runAsUser, capabilities.add …)
  std::optional<int> fs_group;
  std::optional<std::pair<std::string, std::string>> metrics;  // (port name, path)
  std::optional<std::string> ui_port;  // port name of the web UI
  std::string ui_host;                 // host prefix: "<ui_host>.<domain>"
  bool sensitive = false;              // UI must sit behind basic auth or SSO
  std::string ui_body_size;            // largest request body through the ingress ("1g"; "0": any); "": its 1m
  std::vector<SecretDef> secrets;
  std::vector<DependencyDef> depends_on;
  std::vector<std::string> provides;  // "ingress-controller", "cert-issuer", "metrics-scraper"
  std::optional<ProvisionDef> provision;
  std::vector<VolumeDef> volumes;
  std::vector<FileDef> files;
  std::vector<std::string> post_start;  // lifecycle.postStart exec command (one-time bootstrap)
  int gpus = 0;                       // nvidia.com/gpu per pod: runs on GPU nodes only
  bool gpu_nodes = false;             // runs on GPU nodes only, without requesting a GPU (device plugin)
  bool tolerate_all = false;          // node agents: tolerate every taint, so every node is covered
  bool host_network = false;          // node agents: the node's network namespace (hostNetwork)
  bool host_pid = false;              // node agents: the node's process IDs (hostPID)
  // The Docker-link variables Kubernetes puts into every container for the Services of its
  // namespace (NEO4J_PORT_7687_TCP_ADDR, …): off for an image that reads every variable with its
  // own prefix as configuration (enableServiceLinks: false on the pod).
  bool service_links = true;
  std::vector<int> internet_egress;   // TCP ports it may reach outside the cluster (model hubs, ACME)
  // TCP ports it reaches on every node's addresses: endpoints on the host network that the platform
  // does not render (the kubelet, Cilium's metrics), which no pod selector can name.
  std::vector<int> node_egress;
  std::map<std::string, std::string> suppress;  // check rule id -> reason, on the workload
  nlohmann::json cluster_rules;       // RBAC rules for a ClusterRole (empty: none)
  nlohmann::json namespace_rules;     // RBAC rules for a Role in its namespace
  std::optional<AdmissionDef> admission;
  std::optional<SpawnedPodsDef> spawned_pods;  // admissionWebhooks: rendered by the webhooks trait
  std::vector<std::string> crds;      // CustomResourceDefinitions it owns: files of data/crds/ (crds.h)
  bool enabled_by_default = true;
  std::string source;                 // the blueprint's file name, for messages

  const PortDef* find_port(const std::string& name) const;
  const DependencyDef* dependency(const std::string& component) const;
  bool stateful() const { return storage_size.has_value(); }
};

std::string_view workload_name(WorkloadKind k);

}  // namespace bg::catalog
