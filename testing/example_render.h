// The example's render, shared by the render tests: rendered once per test binary, and the objects
// in it looked up by identity.
#pragma once

#include <string>

#include "pipeline/pipeline.h"

namespace bg::testing {

// examples/betelgeusebytes.yaml through the whole pipeline (render and check), once.
const pipeline::PipelineResult& example_render();

// The example's SSO variant (fixtures.h, with_sso: Keycloak on, Grafana behind oauth2-proxy), once.
const pipeline::PipelineResult& sso_example_render();

// The body of one object of example_render(); a test failure (and a null body) when it is missing.
const manifest::Json& example_object(const std::string& group, const std::string& kind, const std::string& ns,
                                     const std::string& name);
// The same in `render`.
const manifest::Json& rendered_object(const pipeline::PipelineResult& render, const std::string& group,
                                      const std::string& kind, const std::string& ns, const std::string& name);

}  // namespace bg::testing
