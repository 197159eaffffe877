// The Kubernetes fields blueprints write out verbatim, as Shapes (shape.h).
//
// Each is what the API server accepts for the field, narrowed to what the render does with it:
// `resources` holds the cpu and memory the spec may override (src/platform/resolve.cc), a
// `securityContext` holds additions to the restricted defaults (its capabilities only `add`:
// ALL are always dropped; src/render/context.cc). A blueprint that fits its shapes renders
// objects Kubernetes takes as written.
#pragma once

#include "catalog/shape.h"

namespace bg::catalog {

const Shape& resources_shape();         // {requests, limits: {cpu, memory}}
const Shape& security_context_shape();  // a container's securityContext additions
const Shape& policy_rules_shape();      // rbac.cluster, rbac.namespace: lists of RBAC PolicyRules
const Shape& webhook_rules_shape();     // an admission webhook's `rules`
const Shape& label_selector_shape();    // an admission webhook's `namespaceSelector`

}  // namespace bg::catalog
