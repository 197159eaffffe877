// What apply is given, assembled from a pipeline run: the rendered objects, a freshly generated
// Secret for every SecretPlan (apply keeps live values; see secrets/keep.h), the dependency edges
// between components and the ApplySet parent named after the platform. Render never sees secret
// values; only this step, on the way to the cluster, draws them.
#pragma once

#include "apply/engine.h"
#include "common/result.h"
#include "pipeline/pipeline.h"

namespace bg::apply {

Result<ApplyInput> apply_input(const pipeline::PipelineResult& run);

}  // namespace bg::apply
