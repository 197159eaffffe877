// Generated Secrets that exist in more than one namespace hold one value, whatever happens.
//
// A dependency edge's credentials live in the dependent's namespace and, with the same values, in
// the provider's (its init Job reads them there; Secrets cannot be read across namespaces). The
// copies are applied separately and a run can die between them, so before any wave is applied
// the values of each group of copies are settled once: per key, the value the primary holds live,
// else the value a copy holds live, else the freshly drawn one — or, for a rotation, the fresh one
// everywhere. Every copy is then sent with exactly those bytes.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "apply/cluster.h"
#include "manifest/object.h"

namespace bg::apply {

// Copies carry this annotation naming their primary ("namespace/name").
inline constexpr const char* kCopyOfAnnotation = "betelgeuse.io/copy-of";

// Rewrites every generated Secret (trait "secret") of `objects` into its final form (base64 data,
// trait "secret-settled"); `rotate` holds "namespace/name" of primaries to draw afresh.
Status settle_secrets(Cluster& cluster, std::vector<manifest::Object>& objects, const std::set<std::string>& rotate);

}  // namespace bg::apply
