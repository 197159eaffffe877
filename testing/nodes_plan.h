// Nodes plans for tests: a platform text (default: the example) through the real pipeline (reading
// the state's recorded addresses, as `betelgeuse nodes` does) and build_plan(), with an in-memory
// state that tests can keep between builds to see what changes.
#pragma once

#include <string>

#include "nodes/plan.h"
#include "pipeline/pipeline.h"

namespace bg::testing {

struct NodesFixture {
  pipeline::PipelineResult pipeline;
  nodes::Plan plan;
  Diagnostics diagnostics;  // from build_plan (the pipeline's own are in pipeline.diagnostics)
  bool state_changed = false;
};

// Fails the calling test (ADD_FAILURE) when the pipeline or the plan reports errors.
NodesFixture nodes_plan(nodes::NodesState& state, const std::string& spec_text, const nodes::PlanOptions& options = {});
NodesFixture example_nodes_plan(nodes::NodesState& state);


// skeleton_spec() with one more worker node appended (name `worker-3`, 203.0.113.14, no meshAddress).
std::string example_with_extra_worker();

// The spec with every node's `meshAddress` line removed: addresses are then allocated.
std::string without_mesh_addresses(std::string spec);

}  // namespace bg::testing
