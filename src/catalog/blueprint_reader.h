// Reading one blueprint file's document into a Blueprint.
//
// The document is read as the YAML tree the loader built (yaml/node.h), the way the spec is read:
// every value is taken from its node, of the kind the field needs, and every mistake — an unknown
// field (with "did you mean"), a value of the wrong type or shape, a reference that does not
// resolve — is a Diagnostic at the offending node's file:line:col with a hint. Reading never stops
// at the first mistake and never throws; the Kubernetes fields a blueprint writes verbatim
// (resources, securityContext, RBAC and webhook rules, a namespace selector) are checked against
// their shapes (kube_shapes.h) before they are copied.
#pragma once

#include <string>

#include "catalog/blueprint.h"
#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace bg::catalog {

// Reads `root` into `bp` (bp.source = file); false when anything was reported to `diags`.
bool read_blueprint(const yaml::Node& root, const std::string& file, Diagnostics& diags, Blueprint& bp);

}  // namespace bg::catalog
