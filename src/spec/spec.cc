#include "spec/spec.h"

namespace bg::spec {

const NodeSpec* Spec::find_node(const std::string& n) const {
  for (const NodeSpec& node : nodes)
    if (node.name.value == n) return &node;
  return nullptr;
}

const ComponentSpec* Spec::find_component(const std::string& n) const {
  for (const ComponentSpec& c : components)
    if (c.name.value == n) return &c;
  return nullptr;
}

std::string_view role_name(NodeRole r) {
  switch (r) {
    case NodeRole::kControlPlane: return "control-plane";
    case NodeRole::kWorker: return "worker";
    case NodeRole::kGpu: return "gpu";
  }
  return "worker";
}

std::string_view issuer_name(TlsIssuer i) { return i == TlsIssuer::kStaging ? "staging" : "production"; }

std::string_view backend_name(ExposureBackend b) {
  return b == ExposureBackend::kIngressNginx ? "ingress-nginx" : "gateway-api";
}

std::string_view auth_name(AuthMode a) {
  switch (a) {
    case AuthMode::kNone: return "none";
    case AuthMode::kBasic: return "basic";
    case AuthMode::kSso: return "sso";
  }
  return "none";
}

}  // namespace bg::spec
