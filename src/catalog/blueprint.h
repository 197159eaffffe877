// A Blueprint states what one component of the platform *is*, as data.
//
// Images, ports and how each is exposed (a web UI by host name, raw TCP through the access layer, or
// internal only), data directories and default storage, probes, the metrics endpoint, the secrets
// it needs generated, the environment, the components it depends on, whether its UI is sensitive,
// and the domain namespace it lives in. Blueprints are YAML files under catalog/, embedded in the
// binary; traits (src/render) turn every blueprint into Kubernetes objects the same way, so the
// platform's principles hold by construction.
#pragma once

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
// or a pod field.
struct EnvDef {
  std::string name;
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

struct Blueprint {
  std::string name;
  std::string description;
  std::string layer;      // "access", "data", "observability", "ml", "automation"
  std::string ns;         // the domain namespace
  std::string pod_security = "restricted";
  std::string image;
  WorkloadKind workload = WorkloadKind::kDeployment;
  int replicas = 1;
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::vector<EnvDef> env;
  std::vector<PortDef> ports;
  std::optional<std::string> storage_size;  // set: stateful, on a local PV
  std::string storage_mount;
  std::optional<ProbeDef> liveness, readiness;
  nlohmann::json resources;         // {requests:{cpu,memory}, limits:{cpu,memory}}
  nlohmann::json security_context;  // container securityContext additions (runAsUser, capabilities.add …)
  std::optional<int> fs_group;
  std::optional<std::pair<std::string, std::string>> metrics;  // (port name, path)
  std::optional<std::string> ui_port;  // port name of the web UI
  std::string ui_host;                 // host prefix: "<ui_host>.<domain>"
  bool sensitive = false;              // UI must sit behind basic auth or SSO
  std::vector<SecretDef> secrets;
  std::vector<std::string> depends_on;
  std::vector<std::string> provides;  // "ingress-controller", "cert-issuer"
  nlohmann::json cluster_rules;       // RBAC rules for a ClusterRole (empty: none)
  nlohmann::json namespace_rules;     // RBAC rules for a Role in its namespace
  bool enabled_by_default = true;
  std::string source;                 // the blueprint's file name, for messages

  const PortDef* find_port(const std::string& name) const;
  bool stateful() const { return storage_size.has_value(); }
};

std::string_view workload_name(WorkloadKind k);

}  // namespace bg::catalog
