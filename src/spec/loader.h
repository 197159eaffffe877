// Loading platform.yaml into a Spec.
//
// load_spec() reads YAML text, checks its shape (apiVersion, kind, known fields, types, required
// values, one document only) and the references inside the file (component placement names a
// defined node; names and addresses are unique and well-formed). Every mistake found is returned
// at once; the Spec is only meaningful when the diagnostics hold no error. Checks that need the
// catalog (is there a component called that?) belong to resolve, which knows the catalog.
#pragma once

#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "spec/spec.h"

namespace bg::spec {

struct LoadedSpec {
  Spec spec;
  Diagnostics diagnostics;
};

LoadedSpec load_spec(std::string_view text, const std::string& file);

// Small syntactic helpers shared with resolve and nodes.
bool is_dns_label(std::string_view s);      // RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, <= 63
bool is_dns_name(std::string_view s);       // dot-separated labels, <= 253
bool is_ip_address(std::string_view s);     // IPv4 or IPv6 literal
bool is_cidr(std::string_view s);           // address/prefix
bool is_network(std::string_view s);        // a CIDR whose host bits are zero (10.0.0.0/8, not 10.0.0.1/8)
bool is_quantity(std::string_view s);       // Kubernetes resource quantity, e.g. 500m, 2Gi, 1.5

}  // namespace bg::spec
