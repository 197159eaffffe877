#include "testing/nodes_plan.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "testing/fixtures.h"

namespace bg::testing {

NodesFixture nodes_plan(nodes::NodesState& state, const std::string& spec_text, const nodes::PlanOptions& options) {
  NodesFixture f;
  f.pipeline = pipeline::run_text(spec_text, "platform.yaml");
  if (!f.pipeline.ok()) {
    ADD_FAILURE() << render_diagnostics(f.pipeline.diagnostics, f.pipeline.sources, false);
    return f;
  }
  f.plan = nodes::build_plan(f.pipeline.spec, f.pipeline.platform, state, options, f.state_changed, f.diagnostics);
  return f;
}

std::string nodes_example_spec() {
  // The machines of the example with the walking skeleton's components (ingress-nginx, cert-manager,
  // postgres, grafana): the nodes tests pin storage folders and public ports of that set, while the
  // whole catalog is the render tests' business. Every other component is switched off.
  std::string spec = example_spec();
  spec = spec.substr(0, spec.find("    # data\n"));
  for (const std::string& name : catalog::Catalog::builtin().names())
    if (name != "ingress-nginx" && name != "cert-manager" && name != "postgres" && name != "grafana")
      spec += "    " + name + ": {enabled: false}\n";
  return spec;
}

NodesFixture example_nodes_plan(nodes::NodesState& state) {
  NodesFixture f = nodes_plan(state, nodes_example_spec());
  if (f.diagnostics.has_errors()) ADD_FAILURE() << render_diagnostics(f.diagnostics, f.pipeline.sources, false);
  return f;
}

std::string example_with_extra_worker() {
  std::string spec = nodes_example_spec();
  std::string anchor = "  components:\n";
  std::size_t at = spec.find(anchor);
  return spec.substr(0, at) +
         "    - name: worker-3\n      role: worker\n      publicAddress: 203.0.113.14\n" + spec.substr(at);
}

}  // namespace bg::testing
