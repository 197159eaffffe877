// Kinds the cluster does not serve: what plan, diff and apply learn before anything is written.
//
// An object of a kind the server does not serve cannot be applied — its CustomResourceDefinition
// is missing (Gateway API on a cluster without it, an operator not installed) — and apply would
// stop at its wave with the waves before it already written. So the kinds are checked against
// discovery first. A kind whose CustomResourceDefinition is among the objects themselves counts as
// served: apply creates the CRD in an earlier wave and waits for it to be Established. A failed
// discovery is an error, never "not served".
#pragma once

#include <string>
#include <vector>

#include "apply/cluster.h"
#include "common/result.h"
#include "manifest/object.h"

namespace bg::apply {

struct UnservedKind {
  std::string api_version;           // "gateway.networking.k8s.io/v1"
  std::string kind;                  // "GatewayClass"
  std::vector<std::string> objects;  // "cilium", "ingress/platform", in the objects' order
};

// In order of first appearance among `objects`.
Result<std::vector<UnservedKind>> unserved_kinds(Cluster& cluster, const std::vector<manifest::Object>& objects);

// One line per kind, "  gateway.networking.k8s.io/v1 GatewayClass: cilium".
std::string unserved_text(const std::vector<UnservedKind>& unserved);

inline constexpr const char* kUnservedHint =
    "install what serves these kinds (their CustomResourceDefinitions) first, or change platform.yaml so it does not "
    "render them";

}  // namespace bg::apply
