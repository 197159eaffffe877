// The Platform: the spec resolved against the catalog.
//
// Where the Spec is what the operator wrote, the Platform is what will exist: only enabled
// components, each with its blueprint, namespace, image, replica count, node placement and storage,
// its public UI host and TCP ports, its auth mode and its secrets; the nodes, each with its mesh
// address (given or allocated, platform/mesh.h); the network ranges with their defaults; the
// namespaces; and the dependency edges between components. Every choice resolve made is explicit
// here, so render and the nodes commands are pure functions of a Platform (they never redo a choice
// from the spec), and `plan` can print it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/blueprint.h"
#include "diag/diagnostic.h"
#include "platform/network.h"
#include "spec/spec.h"

namespace bg::platform {

struct Node {
  std::string name;
  spec::NodeRole role = spec::NodeRole::kWorker;
  std::string public_address;
  Ipv4 mesh_address;     // the spec's meshAddress, or the one recorded or allocated for the node
  std::string ssd_path;  // "" when the node has no SSD for local volumes
  bool ingress = false;  // receives public traffic for the access layer
  std::map<std::string, std::string> labels;
};

struct Placement {
  std::string node;
  std::string host_path;  // <ssdPath>/<namespace>/<component>
  bool chosen_by_default = false;
};

struct UiRoute {
  std::string host;
  std::string service;
  int port = 0;
  bool backend_https = false;
};

struct TcpRoute {
  int public_port = 0;
  std::string port_name;
  int port = 0;  // the component Service's port
  SourceLocation loc;
  // The client ranges the port answers (expose.sourceRanges); empty: every address.
  std::vector<std::string> source_ranges;
};

struct SecretPlan {
  std::string ns;
  std::string name;
  std::string component;
  std::vector<std::string> keys;       // every key the Secret holds
  std::vector<std::string> generated;  // keys whose values come from a CSPRNG on first apply
  std::string purpose;
  // Credentials a provider provisions for a dependent (`<dependent>-<provider>`): the provider whose
  // init Job creates the database/user/bucket, and the provider's namespace, where the same Secret
  // (same values) must also exist for that Job — Secrets cannot be read across namespaces.
  std::string provider;
  std::vector<std::string> mirror_ns;
};

struct Component {
  std::string name;
  const catalog::Blueprint* blueprint = nullptr;
  std::string ns;
  std::string image;
  int replicas = 1;
  std::optional<Placement> placement;
  std::string storage_size;
  std::optional<UiRoute> ui;
  std::vector<TcpRoute> tcp;
  spec::AuthMode auth = spec::AuthMode::kNone;
  SourceLocation auth_loc;           // where `auth` is set, when it is
  nlohmann::json resources;          // merged requests/limits
  std::map<std::string, std::string> env;  // the spec's overrides of literal env values
  std::vector<std::string> depends_on;  // enabled dependency edges (optional ones only when the other is on)
  SourceLocation loc;                // where the spec mentions it (or the spec's components key)

  bool provides(std::string_view capability) const;
  std::string secret_name(const std::string& short_name) const { return name + "-" + short_name; }
  std::string basic_auth_secret() const { return name + "-basic-auth"; }
};

struct Namespace {
  std::string name;
  std::string pod_security;  // the strictest level all its components allow
  std::vector<std::string> components;
};

struct Platform {
  std::string name;
  std::string domain;
  spec::TlsIssuer issuer = spec::TlsIssuer::kProduction;
  std::string email;
  spec::ExposureBackend backend = spec::ExposureBackend::kIngressNginx;
  Network network;
  std::vector<Node> nodes;  // spec order
  std::vector<Component> components;  // enabled only, sorted by name
  std::vector<Namespace> namespaces;  // sorted by name
  std::vector<SecretPlan> secrets;    // sorted by namespace/name
  std::vector<std::string> ingress_addresses;

  const Component* find(std::string_view name) const;
  const Component* provider(std::string_view capability) const;
  std::string issuer_name() const;  // the ClusterIssuer the platform's hosts use
  bool gateway_api() const { return backend == spec::ExposureBackend::kGatewayApi; }
};

}  // namespace bg::platform
