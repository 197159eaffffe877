// The objects `betelgeuse apply` would send for a render, for the contract tests: every rendered
// object, and every Secret apply generates on first apply, in its final form (base64 `data`,
// derived keys such as an htpasswd line filled in, mirrored copies with the same values). It
// reuses apply's own code (apply::apply_input, secrets::keep_existing), so a container's
// `secretKeyRef` reads exactly what a first apply would have put into the cluster.
#pragma once

#include <vector>

#include "common/result.h"
#include "manifest/object.h"
#include "pipeline/pipeline.h"
#include "testing/kubelet_view.h"

namespace bg::testing {

Result<std::vector<manifest::Json>> applied_objects(const pipeline::PipelineResult& run);

// ClusterFacts of a render: applied_objects(), the Secrets cert-manager would issue for its
// Certificates (issued_certificates.h), and a ClusterIP for every Service.
Result<ClusterFacts> render_facts(const pipeline::PipelineResult& run);

}  // namespace bg::testing
