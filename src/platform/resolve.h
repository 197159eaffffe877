// resolve: Spec + Catalog (+ what the nodes state recorded) → Platform.
//
// Fills every default (network ranges, enabled components, images, storage sizes, hosts, TCP ports,
// auth modes, node placement), allocates mesh addresses (reading what earlier runs recorded),
// derives namespaces, dependency edges and the secrets to generate, and rejects what cannot be
// built: overlapping network ranges, a meshAddress outside meshCIDR, unknown components, a
// dependency on a disabled component, a stateful component on a node without an SSD path, a TCP
// port or host used twice, a sensitive UI without auth. Every error points at the spec line that
// caused it.
#pragma once

#include "catalog/catalog.h"
#include "diag/diagnostic.h"
#include "platform/mesh.h"
#include "platform/platform.h"
#include "spec/spec.h"

namespace bg::platform {

Platform resolve(const spec::Spec& spec, const catalog::Catalog& catalog, const Recorded& recorded, Diagnostics& diags);

// The same with nothing recorded (no nodes state yet).
Platform resolve(const spec::Spec& spec, const catalog::Catalog& catalog, Diagnostics& diags);

}  // namespace bg::platform
