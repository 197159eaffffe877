// The Spec: platform.yaml as typed values, each remembering where it was written.
//
// A Spec is what the operator said, nothing more: no defaults are filled in here (resolve does that),
// so that `plan` can tell "you asked for" from "we chose". Every field is a Field<T>, which carries
// the value, whether it was given, and its file:line:col, so later stages (resolve, render) can still
// point at the user's file when they find a problem.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace bg::spec {

inline constexpr const char* kApiVersion = "platform.betelgeusebytes.io/v1alpha1";
inline constexpr const char* kKind = "Platform";

template <typename T>
struct Field {
  T value{};
  bool set = false;
  SourceLocation loc;  // the value's place (or the enclosing mapping's when not set)

  const T& get_or(const T& fallback) const { return set ? value : fallback; }
};

enum class NodeRole { kControlPlane, kWorker, kGpu };
enum class TlsIssuer { kStaging, kProduction };
enum class ExposureBackend { kIngressNginx, kGatewayApi };
enum class AuthMode { kNone, kBasic, kSso };

struct NodeSpec {
  Field<std::string> name;
  Field<NodeRole> role;
  Field<std::string> public_address;
  Field<std::string> mesh_address;
  Field<std::string> ssd_path;
  Field<bool> ingress;  // carries the access layer's public entry (defaults: the control plane)
  Field<std::map<std::string, std::string>> labels;
  SourceLocation loc;
};

struct ResourceSpec {
  Field<std::string> cpu;
  Field<std::string> memory;
};

struct ResourcesSpec {
  ResourceSpec requests;
  ResourceSpec limits;
  bool set = false;
};

struct ExposeSpec {
  Field<bool> ui;            // the web UI by host name
  Field<std::string> host;   // the UI's host name
  Field<bool> tcp;           // raw TCP through the access layer
  Field<int64_t> tcp_port;   // the public TCP port
  // The client address ranges the raw TCP ports answer (every one when not set); each range with
  // its own place, so a bad one is reported where it is written.
  std::vector<Field<std::string>> source_ranges;
  SourceLocation source_ranges_loc;  // the list's place (unknown when not set)
};

struct ComponentSpec {
  Field<std::string> name;  // the key under spec.components
  Field<bool> enabled;
  Field<std::string> node;  // placement of stateful components
  Field<std::string> storage;
  Field<int64_t> replicas;
  Field<std::string> image;
  Field<AuthMode> auth;
  Field<std::map<std::string, std::string>> env;  // overrides of the blueprint's literal settings
  ExposeSpec expose;
  ResourcesSpec resources;
  SourceLocation loc;  // the component's key
};

struct TlsSpec {
  Field<TlsIssuer> issuer;
  Field<std::string> email;
};

struct NetworkSpec {
  Field<std::string> mesh_cidr;
  Field<std::string> pod_cidr;
  Field<std::string> service_cidr;
  Field<int64_t> mesh_port;
  Field<int64_t> mtu;
};

struct Spec {
  std::string file;  // where the spec was read from
  Field<std::string> name;
  Field<std::string> domain;
  TlsSpec tls;
  Field<ExposureBackend> backend;
  NetworkSpec network;
  std::vector<NodeSpec> nodes;
  std::vector<ComponentSpec> components;  // in file order

  const NodeSpec* find_node(const std::string& name) const;
  const ComponentSpec* find_component(const std::string& name) const;
};

std::string_view role_name(NodeRole r);
std::string_view issuer_name(TlsIssuer i);
std::string_view backend_name(ExposureBackend b);
std::string_view auth_name(AuthMode a);

}  // namespace bg::spec
