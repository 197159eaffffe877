#include "testing/nodes_plan.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "testing/fixtures.h"

namespace bg::testing {

NodesFixture nodes_plan(nodes::NodesState& state, const std::string& spec_text, const nodes::PlanOptions& options) {
  NodesFixture f;
  f.pipeline = pipeline::run_text(spec_text, "platform.yaml", nodes::recorded_of(state));
  if (!f.pipeline.ok()) {
    ADD_FAILURE() << render_diagnostics(f.pipeline.diagnostics, f.pipeline.sources, false);
    return f;
  }
  f.plan = nodes::build_plan(f.pipeline.spec, f.pipeline.platform, state, options, f.state_changed, f.diagnostics);
  return f;
}

NodesFixture example_nodes_plan(nodes::NodesState& state) {
  NodesFixture f = nodes_plan(state, skeleton_spec());
  if (f.diagnostics.has_errors()) ADD_FAILURE() << render_diagnostics(f.diagnostics, f.pipeline.sources, false);
  return f;
}

std::string example_with_extra_worker() {
  std::string spec = skeleton_spec();
  std::string anchor = "  components:\n";
  std::size_t at = spec.find(anchor);
  return spec.substr(0, at) +
         "    - name: worker-3\n      role: worker\n      publicAddress: 203.0.113.14\n" + spec.substr(at);
}

std::string without_mesh_addresses(std::string spec) {
  for (std::size_t at; (at = spec.find("      meshAddress: ")) != std::string::npos;)
    spec.erase(at, spec.find('\n', at) + 1 - at);
  return spec;
}

}  // namespace bg::testing
